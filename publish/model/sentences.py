"""The sentences of an article with their spans in the block text, and text found in them.

The spans are the offsets facts and source notes record (`Fact.start`, `SourceNote.end`...);
the readers check an editor's pins against the same sentences the enrichers read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import sentencex  # type: ignore[import-untyped]

from publish.model.article import Article
from publish.model.blocks import block_paragraphs

_QUOTES = re.compile(r"[\"\u201c\u201d]")
_MAX_QUOTE_JOIN = 6


@dataclass(frozen=True)
class Sentence:
    """One sentence of a body block: its text and where it sits in the block's plain text."""

    block: int
    start: int
    end: int
    text: str


def split_spans(text: str, language: str = "en") -> list[tuple[int, int]]:
    """Return (start, end) of each sentence in TEXT, trailing whitespace left out.

    Sentences that open a quotation are joined with the ones that follow until it closes,
    so a quoted passage and the words that attribute it stay one sentence.
    """
    spans: list[tuple[int, int]] = []
    position = 0
    for piece in sentencex.segment(_language(language), text):
        found = text.find(piece.strip(), position) if piece.strip() else -1
        if found < 0:
            continue
        end = found + len(piece.strip())
        spans.append((found, end))
        position = end
    return _join_open_quotes(text, spans)


def _join_open_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    joined: list[tuple[int, int]] = []
    index = 0
    while index < len(spans):
        start, end = spans[index]
        steps = 0
        while (
            len(_QUOTES.findall(text, start, end)) % 2 == 1
            and index + 1 < len(spans)
            and steps < _MAX_QUOTE_JOIN
        ):
            index += 1
            steps += 1
            end = spans[index][1]
        joined.append((start, end))
        index += 1
    return joined


@lru_cache(maxsize=64)
def _language(tag: str) -> str:
    return tag.split("-")[0].lower() or "en"


EXTRACTION_LANGUAGES = frozenset({"en"})
"""Languages whose text the figure and attribution rules read (their word lists are English)."""


def reads_language(article: Article) -> bool:
    """Return whether the rules can read ARTICLE's language; others get no generated box or
    notes (an editor's `facts:` and `notes:` still apply), rather than wrong ones."""
    return _language(article.language) in EXTRACTION_LANGUAGES


def article_sentences(article: Article) -> list[Sentence]:
    """Return every sentence of the article's paragraphs, lists and quotes, in reading order.

    A list or a block quote is one block whose text holds its paragraphs one a line
    (`Article.text_blocks`); each of them is split on its own.
    """
    sentences: list[Sentence] = []
    for block, body in enumerate(article.body):
        offset = 0
        for paragraph in block_paragraphs(body):
            text = paragraph.text
            for start, end in split_spans(text, article.language):
                sentences.append(Sentence(block, offset + start, offset + end, text[start:end]))
            offset += len(text) + 1
    return sentences


def squash(text: str) -> str:
    """Return TEXT with every run of whitespace (no-break spaces too) made one space."""
    return " ".join(text.split())


def find_text(article: Article, wanted: str) -> tuple[Sentence, int, int] | None:
    """Return the first sentence holding WANTED (whitespace-insensitive) and its span in the block.

    Matching ignores case and treats any run of whitespace as one space; the span returned
    is the text as written.
    """
    words = wanted.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    for sentence in article_sentences(article):
        match = pattern.search(sentence.text)
        if match:
            return sentence, sentence.start + match.start(), sentence.start + match.end()
    return None
