"""The frozen base every model value shares, and the limits on fields that drive a loop."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

MAX_COUNT = 10_000
"""Largest number a field that drives a loop may hold (note numbers, mentions, list starts)."""
MAX_PINS = 200
"""Most entries an editor's list may have (facts_add, notes_add, facts_drop...)."""
MAX_HEADLINE = 500
"""Longest headline, in characters (a headline is drawn on the cover and in every page)."""
MAX_LINE = 2000
"""Longest standfirst, publisher, author, keyword or label, in characters."""


class Node(BaseModel):
    """A value of the model: immutable, and no field it does not declare."""

    model_config = ConfigDict(frozen=True, extra="forbid")
