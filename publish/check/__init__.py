"""Hold built PDFs and EPUBs to the independent checkers."""
