"""Names from a byline as sites, wires and Word files write it: "By Ana Ribeiro and Tom Hale".

A byline often starts with a label word in its language ("By", "Von", "Par", "Por", "Door",
"Di", "Av", "Przez", "Autor", "作者", "记者" ...), or, in a language that puts it after the
noun, ends with one ("अनीता वर्मा द्वारा", Hindi; "দ্বারা", Bengali; "김민지 기자", Korean;
"山田花子 著", Japanese); and a page's author field sometimes holds only that label, its name
left empty ("作者："). The label is never a name: it is cut, and a byline that is nothing
but a label gives no author (the caller may then look elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_LABELS: tuple[str, ...] = (
    "by",
    "written by",
    "words by",
    "text by",
    "przez",
    "autor",
    "autorin",
    "author",
)
_LABELS += ("auteur", "autore", "reporter")
"""Label words written before the names; each is followed by a space, a colon or the end."""
_PARTICLES = ("von", "par", "por", "door", "di", "da", "af", "av", "text")
"""Labels that also start names ("Von Braun", "Di Maria"): taken as a label only when a name
of two words or more follows, its first capitalised ("Von Hans Müller"), or with a colon."""
_CJK_LABELS: tuple[str, ...] = (
    "作者",
    "记者",
    "記者",
    "撰文",
    "文",
    "编辑",
    "編輯",
    "通讯员",
    "通訊員",
    "著者",
    "筆者",
)
"""Chinese and Japanese labels; each is followed by a separator, a space or the end."""
_SEPARATORS = r"[:：︱|/／]"
_AFTER_LABELS = ("द्वारा", "দ্বারা", "기자", "특파원", "著")
"""Labels written after the names (a postposition "by", a reporter's title); each follows a
space or, for the Japanese one, the name itself."""


def _alternatives(labels: tuple[str, ...]) -> str:
    return "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))


_LABEL = re.compile(
    rf"^\s*(?:{_alternatives(_LABELS + _CJK_LABELS)})(?=\s|{_SEPARATORS}|$)\s*{_SEPARATORS}?\s*"
    rf"|^\s*(?:{_alternatives(_PARTICLES)})(?:\s*{_SEPARATORS}\s*|\s*$|\s+(?=(?-i:[A-ZÀ-Þ])\S*\s+\S))",
    re.IGNORECASE,
)
_AFTER_LABEL = re.compile(
    rf"(?:^|\s+|(?<=[\u3040-\u30ff\u4e00-\u9fff]))(?:{_alternatives(_AFTER_LABELS)})\s*$"
)
_NAMES = re.compile(r";|\s+and\s+|\s+और\s+|\s+এবং\s+|\s*&\s*")


def without_label(byline: str) -> str:
    """Return BYLINE without the label word it starts with ("By ", "Von ", "作者：") or ends
    with ("द्वारा")."""
    return _AFTER_LABEL.sub("", _LABEL.sub("", byline, count=1), count=1)


def byline_names(byline: str) -> tuple[str, ...]:
    """Return the names in BYLINE, in order, each once; () when it is only a label."""
    names = (name.strip() for name in _NAMES.split(without_label(byline)))
    return distinct(name for name in names if name and not is_label(name))


def distinct(names: Iterable[str]) -> tuple[str, ...]:
    """Return NAMES in order, each once: a name written again in other capitals
    ("JANE DOE" after "Jane Doe") is the same name, kept as first written."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(" ".join(name.split()).casefold(), name)
    return tuple(seen.values())


def is_label(text: str) -> bool:
    """Tell whether TEXT is nothing but a byline label ("By", "作者：")."""
    return bool(text.strip()) and not without_label(text).strip()
