"""Writers: turn rendered HTML into files. Only these modules import the heavy libraries."""
