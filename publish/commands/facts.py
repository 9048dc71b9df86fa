"""`publish facts`: the fact box and source notes an article would get, within the limits.

Reading and extraction run in a limited child (publish/isolation.py), as a build's do, so
`--time-limit` and `--memory-limit` stop a hostile input here too, with a build's exit code.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from publish.isolation import Limits

log = logging.getLogger("publish")


def facts_report(source: str, input_format: str | None, *, as_json: bool, limits: Limits) -> str:
    """Return the facts of the article at SOURCE as text or JSON, read within LIMITS.

    The read's warnings are logged here, in the parent, as a build logs them.
    """
    from publish.errors import PublishError
    from publish.isolation import run_limited
    from publish.readers.source import MAX_INPUT_BYTES

    stdin = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1) if source == "-" else None
    try:
        text, warnings = run_limited(lambda: _report(source, input_format, as_json, stdin), limits)
    except PublishError as exc:  # the limits: reported against the article, as a build does
        raise exc.located(source) from None
    for message in warnings:
        log.warning("%s", message)
    return text


def _report(
    source: str, input_format: str | None, as_json: bool, stdin: bytes | None
) -> tuple[str, list[str]]:
    """Read and enrich SOURCE; return its report and the warnings logged meanwhile."""
    from publish.commands.facts_table import facts_data, facts_table
    from publish.errors import PublishError, internal_error
    from publish.pipeline import load_article, standard_input
    from publish.strict import warnings_captured

    try:
        with warnings_captured() as warnings, standard_input(stdin):
            article, _ = load_article(source, input_format)
    except PublishError as exc:
        raise exc.located(source) from None
    except MemoryError:
        raise  # the memory limit: reported by run_limited
    except Exception as exc:  # a bug: one line naming the article, as a build says it
        raise internal_error(exc, source) from None
    if as_json:
        return json.dumps(facts_data(article), indent=2, ensure_ascii=False), list(warnings)
    return facts_table(article), list(warnings)
