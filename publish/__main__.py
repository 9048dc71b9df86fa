"""Run the command line as `python -m publish`."""

from publish.cli import entry

entry()
