"""The `publish` subcommands beside `build`: check, export, watch, and the help format."""
