"""Control characters: Windows-1252 punctuation read as C1 controls is restored, other
controls are dropped with a warning naming the line, NUL still refuses the file."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from publish.errors import InputError
from publish.model import Paragraph
from publish.readers import read_article
from publish.readers.source import decode

HEAD = "Quay reopens\nAug 14 2023\n\n"


def _messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_windows_1252_punctuation_is_restored_with_one_warning(
    expect_warnings: pytest.LogCaptureFixture,
) -> None:
    text = decode(
        (
            HEAD + "The mayor called it \x93a new start\x94 \x96 twice.\n\n"
            "Tickets cost \x8020\x85 or less.\n"
        ).encode("utf-8"),
        "a.txt",
    )
    assert "\u201ca new start\u201d \u2013 twice." in text
    assert "Tickets cost \u20ac20\u2026 or less." in text
    assert _messages(expect_warnings) == [
        "a.txt:4: warning: 5 Windows-1252 characters read as C1 controls (curly quotes, dashes "
        "and the like, decoded as Latin-1) restored"
    ]


def test_other_controls_are_dropped_naming_each_line(
    expect_warnings: pytest.LogCaptureFixture,
) -> None:
    body = "".join(f"Line {i} holds\x02 a stray.\n" for i in range(8)) + "Undefined \x81 here.\n"
    text = decode((HEAD + body).encode("utf-8"), "a.md")
    assert "\x02" not in text and "\x81" not in text and "Line 7 holds a stray." in text
    assert _messages(expect_warnings) == [
        *(
            f"a.md:{n}: warning: control character U+0002 dropped (it prints nothing)"
            for n in range(4, 9)
        ),
        "a.md: warning: control characters dropped on 4 more lines",
    ]


def test_nul_still_refuses_the_file() -> None:
    with pytest.raises(InputError, match=r"U\+0000 .*binary"):
        decode((HEAD + "a\x00b\n").encode("utf-8"), "a.txt")


def test_escaped_c1_in_json_is_restored(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        json.dumps(
            {
                "headline": "Ferry \u0093back\u0094",
                "date": "2024-01-02",
                "body": [
                    {
                        "type": "paragraph",
                        "inlines": [
                            {"type": "text", "text": "It sails at noon \u0097 weather allowing."}
                        ],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    article, _ = read_article(str(path))
    assert article.headline == "Ferry \u201cback\u201d"
    first = article.body[0]
    assert isinstance(first, Paragraph) and "\u2014" in first.text
    assert len(_messages(expect_warnings)) == 1


def test_a_corpus_page_with_stray_c1_controls_reads(
    corpus_path: Path, expect_warnings: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """buzzfeed-1 holds UTF-8 read as Latin-1 (U+0081, U+0097, U+0098): it was refused."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    page = corpus_path / "buzzfeed-1" / "source.html"
    article, _ = read_article(str(page))
    assert article.headline.startswith("Student Dies")
    messages = _messages(expect_warnings)
    assert f"{page}:2804: warning: control character U+0081 dropped (it prints nothing)" in messages
    assert any("2 Windows-1252 characters read as C1 controls" in m for m in messages)
