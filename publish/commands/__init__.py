"""The command line besides `cli.py`: build settings from options (build), the commands
beside build (check, export, watch), options shared by several (options), how a command
ends (exits: one line and an exit code), and the help format (help)."""
