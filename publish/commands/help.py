"""How the command line's help shows options: no value placeholder for a flag."""

from __future__ import annotations

from typing import Any

import typer.core


class HelpGroup(typer.core.TyperGroup):
    """The command group, whose help shows no value placeholder for a flag (`--help`, `--json`).

    Typer names a flag's type (`<bool>`) where an option's value would go, which reads as
    if the flag took one.
    """

    @staticmethod
    def _flags_take_no_value(command: Any, ctx: Any) -> None:
        for param in command.get_params(ctx):
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
            if isinstance(param, typer.core.TyperArgument) and param.metavar:
                # The name column already says FILE; no Python type beside it.
                param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        return params

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            self._flags_take_no_value(command, ctx)
        return command
