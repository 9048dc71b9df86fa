"""Split YAML front matter from a Markdown article and load it safely.

The loader is PyYAML's safe loader with three changes: dates stay text (so `2024-02-30` is
reported by our date parser, with its line), duplicate keys are an error, and anchors and
aliases are refused (front matter has no use for them, and they allow "billion laughs").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from publish.errors import InputError

MAX_FRONT_MATTER_LINES = 2000


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe loader that leaves timestamps as strings."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class FrontMatter:
    """Front matter values, the line of each top-level key, and where the body starts."""

    values: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int
    """Line number (1-based) in the file of the first line of `body`."""


def split_front_matter(text: str, name: str) -> FrontMatter:
    """Return the front matter and body of TEXT; a file without front matter has none."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return FrontMatter(values={}, lines={}, body=text, body_line=1)
    for index in range(1, min(len(lines), MAX_FRONT_MATTER_LINES + 1)):
        if lines[index].strip() in ("---", "..."):
            break
    else:
        raise InputError(
            "front matter starts with --- but has no closing --- line", file=name, line=1
        )
    yaml_text = "\n".join(lines[1:index])
    values, key_lines = _load(yaml_text, name, first_line=2)
    return FrontMatter(
        values=values,
        lines=key_lines,
        body="\n".join(lines[index + 1 :]),
        body_line=index + 2,
    )


def _load(yaml_text: str, name: str, first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    values, node = load_yaml(yaml_text, name, first_line=first_line)
    if node is None:
        return {}, {}
    key_lines = {str(key.value): key.start_mark.line + first_line for key, _ in node.value}
    return dict(values), key_lines


def load_yaml(
    yaml_text: str, name: str, *, first_line: int = 1, what: str = "front matter"
) -> tuple[dict[str, Any], yaml.MappingNode | None]:
    """Return the mapping in YAML_TEXT and its node (for line numbers), checked as front matter.

    Anchors, aliases, duplicate keys and over-long numbers are refused with the line;
    WHAT names the text in messages. FIRST_LINE is the file's line of YAML_TEXT's first.
    """

    def where(mark: Any) -> dict[str, int | None]:
        if mark is None:
            return {"line": first_line, "column": None}
        return {"line": mark.line + first_line, "column": mark.column + 1}

    try:
        for event in yaml.parse(yaml_text, Loader=_FrontMatterLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise InputError(
                    f"{what} may not use YAML anchors or aliases",
                    file=name,
                    **where(event.start_mark),
                )
        loader = _FrontMatterLoader(yaml_text)
        try:
            node = loader.get_single_node()
            if node is None:
                return {}, None
            if not isinstance(node, yaml.MappingNode):
                raise InputError(
                    f"{what} must be a list of `key: value` lines",
                    file=name,
                    **where(node.start_mark),
                )
            _refuse_duplicates(node, name, where, what)
            _refuse_huge_numbers(node, name, where, what)
            values = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "not valid YAML"
        raise InputError(f"{what}: {problem}", file=name, **where(exc.problem_mark)) from None
    except yaml.YAMLError as exc:
        raise InputError(f"{what}: {exc}", file=name, line=first_line) from None
    except RecursionError:
        raise InputError(f"{what} is nested too deeply", file=name, line=first_line) from None
    if not all(isinstance(key, str) for key in values):
        raise InputError(f"{what} keys must be words", file=name, line=first_line)
    return dict(values), node


MAX_DIGITS = 4300
"""Most digits a front-matter number may have (Python's own limit for reading integers)."""


def _refuse_huge_numbers(node: yaml.Node, name: str, where: Any, what: str) -> None:
    """Refuse a YAML integer too long to read, by its line (instead of an internal error)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, yaml.ScalarNode):
            if item.tag == "tag:yaml.org,2002:int" and len(item.value) > MAX_DIGITS:
                raise InputError(
                    f"{what}: a number of {len(item.value)} characters; "
                    f"numbers may have at most {MAX_DIGITS} digits",
                    file=name,
                    **where(item.start_mark),
                )
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(item.value)
        elif isinstance(item, yaml.MappingNode):
            stack.extend(value for pair in item.value for value in pair)


def _refuse_duplicates(node: yaml.Node, name: str, where: Any, what: str) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise InputError(
                        f'{what} key "{key.value}" appears twice',
                        file=name,
                        **where(key.start_mark),
                    )
                seen.add(key.value)
            _refuse_duplicates(value, name, where, what)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_duplicates(item, name, where, what)
