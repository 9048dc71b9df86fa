"""Author's notes (Markdown and Word footnotes) as the article's source notes, for any reader."""

from __future__ import annotations

from typing import Any


def count_markers(blocks: list[dict[str, Any]], counts: dict[int, int]) -> list[dict[str, Any]]:
    """Number each marker's occurrence (the same note cited twice) and count them in COUNTS."""

    def walk(value: Any) -> Any:
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            if value.get("type") == "noteref":
                number = value["number"]
                counts[number] = counts.get(number, 0) + 1
                return {**value, "occurrence": counts[number]}
            return {k: walk(v) for k, v in value.items()}
        return value

    result: list[dict[str, Any]] = walk(blocks)
    return result


def author_notes(texts: dict[int, str], counts: dict[int, int]) -> list[dict[str, Any]]:
    """Return source-note fields for the author's notes TEXTS (number -> text), in order."""
    return [
        {
            "number": number,
            "kind": "footnote",
            "source": text or f"Note {number}",
            "mentions": counts.get(number, 0),
        }
        for number, text in sorted(texts.items())
    ]
