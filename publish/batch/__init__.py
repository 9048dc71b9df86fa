"""Many articles at once: the executor, the incremental cache, Dask and the progress bar."""
