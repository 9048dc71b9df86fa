"""Run the command line as `python -m publish`."""

from publish.cli import main

main()
