"""Options more than one command takes, declared once (typer's `Annotated` style)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="[text|markdown|json|html|ninjs|docx]",
        help="Input format (needed for `-`; else told by the file's suffix).",
    ),
]
DebugOption = Annotated[bool, typer.Option("--debug", metavar="", help="Show tracebacks.")]
OutOption = Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Output folder.")]
TemplatesOption = Annotated[
    Path | None,
    typer.Option(metavar="DIR", help="Folder of templates that override the project's."),
]
StylesOption = Annotated[
    Path | None,
    typer.Option(metavar="DIR", help="Folder of stylesheets that override the project's."),
]
TimeLimitOption = Annotated[
    float,
    typer.Option(
        "--time-limit",
        min=0,
        metavar="SECONDS",
        help="Seconds one document may take to build; 0 for no limit.",
    ),
]
MemoryLimitOption = Annotated[
    int,
    typer.Option(
        "--memory-limit",
        min=0,
        metavar="MB",
        help="Megabytes one document's build may use; 0 for no limit.",
    ),
]
