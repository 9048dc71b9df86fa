"""Collapse white space in inline dictionaries as a browser lays out HTML text."""

from __future__ import annotations

import re
from typing import Any


def finish_inlines(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Collapse white space as a browser does, trim the ends, drop empty marks."""
    state = {"space": True}

    def walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for node in items:
            kind = node["type"]
            if kind == "text":
                text = re.sub(r"\s+", " ", node["text"])
                if state["space"]:
                    text = text.lstrip(" ")
                if text:
                    state["space"] = text.endswith(" ")
                    if out and out[-1]["type"] == "text":
                        out[-1] = {"type": "text", "text": out[-1]["text"] + text}
                    else:
                        out.append({"type": "text", "text": text})
            elif kind == "linebreak":
                if out and out[-1]["type"] == "text":
                    out[-1] = {"type": "text", "text": out[-1]["text"].rstrip(" ")}
                out.append(node)
                state["space"] = True
            elif kind == "code":
                if node["text"]:
                    out.append(node)
                    state["space"] = False
            elif kind == "noteref":
                out.append(node)
            else:
                children = walk(node["children"])
                if children:
                    out.append({**node, "children": children})
        return out

    result = walk(nodes)
    while result and result[-1]["type"] == "linebreak":
        result.pop()
    while result and result[0]["type"] == "linebreak":
        result.pop(0)
    _rstrip(result)
    return result


def _rstrip(nodes: list[dict[str, Any]]) -> None:
    while nodes:
        last = nodes[-1]
        if last["type"] == "text":
            text = last["text"].rstrip(" ")
            if text:
                nodes[-1] = {"type": "text", "text": text}
                return
            nodes.pop()
        elif "children" in last:
            _rstrip(last["children"])
            if last["children"]:
                return
            nodes.pop()
        else:
            return
