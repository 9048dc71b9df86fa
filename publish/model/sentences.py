"""The sentences of an article with their spans in the block text, and text found in them.

The spans are the offsets facts and source notes record (`Fact.start`, `SourceNote.end`...);
the readers check an editor's pins against the same sentences the enrichers read.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

import sentencex  # type: ignore[import-untyped]

from publish.model.article import Article
from publish.model.blocks import block_paragraphs

_QUOTES = re.compile(r"[\"\u201c\u201d]")
_MAX_QUOTE_JOIN = 6
_OPENS_QUOTE = re.compile(r"[\"\u201c](?=\w)")
_OPENERS = '"\u201c'
_CLOSERS = '"\u201d'
_OPENS_AFTER_SENTENCE = re.compile(r"[.!?][)\]]?\s+([\"\u201c])(?=\S)")
_OPENING_MARK = re.compile(r"\u201c|(?:^|(?<=[\s(\[\u2014\u2013-]))\"(?=\S)")
"""A mark that opens a quotation: a curly one, or a straight one after a space, before a word."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of a body block: its text and where it sits in the block's plain text."""

    block: int
    start: int
    end: int
    text: str


SEGMENT_WINDOW = 4000
"""Characters handed to sentencex at once. It is quadratic in marks it cannot pair ("![![",
"“““": it looks for each one's closing mark to the end); a longer text is segmented window
by window, each starting where the one before may have been cut short, so the work is
linear in the text and the sentences are the same."""


def split_spans(
    text: str, language: str = "en", window: int = SEGMENT_WINDOW
) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence in TEXT, trailing whitespace left out.

    Sentences that open a quotation are joined with the ones that follow until it closes,
    so a quoted passage and the words that attribute it stay one sentence. A sentence longer
    than WINDOW characters is cut at the window's last space (no real sentence is that long).
    A quotation reopened where it runs on (`harmony. "However`) starts a new part of the
    text, segmented on its own, so the marks sentencex pairs are those of one quotation.
    """
    spans: list[tuple[int, int]] = []
    bounds = [0, *_quotation_reopenings(text), len(text)]
    for start, stop in itertools.pairwise(bounds):
        spans.extend(_window_spans(text, start, stop, language, window))
    return _join_titles(text, _join_open_quotes(text, _mend_quote_sides(text, spans)))


_TITLE_END = re.compile(r"(?:^|\s)(?:Mr|Mrs|Ms|Dr)\.$")


def _join_titles(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a sentence cut after a title with the name it titles: sentencex cuts "People
    close to Ms." from "Haley said" where the title follows a lower-case word."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and _TITLE_END.search(text[joined[-1][0] : joined[-1][1]]):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _quotation_reopenings(text: str) -> list[int]:
    """Return where TEXT opens a quotation again after a sentence while one is still open.

    A quotation that runs on over several paragraphs leaves each one unclosed and opens the
    next with a new mark; a feed that joins the paragraphs gives `harmony. "However`, and
    sentencex, pairing the marks in order, would read the text between two quotations as
    quoted and not split it. Each mark looked back for lies after the last sentence opening
    with a mark, so the work is linear in the text.
    """
    reopenings: list[int] = []
    since = 0
    for found in _OPENS_AFTER_SENTENCE.finditer(text):
        mark = found.start(1)
        before = max(text.rfind(quote, since, mark) for quote in '"\u201c\u201d')
        if before >= 0 and _OPENING_MARK.match(text, before):
            reopenings.append(mark)
        since = mark
    return reopenings


def _window_spans(
    text: str, start: int, stop: int, language: str, window: int
) -> list[tuple[int, int]]:
    """Return the sentences of TEXT[START:STOP], segmented window by window."""
    spans: list[tuple[int, int]] = []
    while start < stop:
        end = stop if stop - start <= window else _cut(text, start, window)
        pieces = _segment(text, start, end, language)
        if end < stop and len(pieces) > 1:
            pieces = _settled(pieces, start + _left_open(text[start:end]), start + window // 2)
            end = pieces[-1][1]
        spans.extend(pieces)
        start = end
    return spans


_PAIRS = (("(", ")"), ("[", "]"), ("\u201c", "\u201d"))
"""Marks sentencex does not split between when it finds both (and '"' twice)."""


def _left_open(part: str) -> int:
    """Return where the first bracket or quotation PART leaves open starts (its length if none)."""
    first = len(part)
    for opener, closer in _PAIRS:
        opened = part.find(opener, part.rfind(closer) + 1)
        if opened >= 0:
            first = min(first, opened)
    if part.count('"') % 2:
        first = min(first, part.rfind('"'))
    return first


def _settled(pieces: list[tuple[int, int]], open_at: int, enough: int) -> list[tuple[int, int]]:
    """Return the sentences of a window that text after it cannot change.

    The last may be cut short by the window's edge, and those after a mark left open may be
    inside a quotation that closes after it: they are segmented again with the next window,
    unless that would leave less than half a window (a run of open marks), so the work stays
    linear.
    """
    kept = [piece for piece in pieces[:-1] if piece[1] <= open_at]
    return kept if kept and kept[-1][1] >= enough else pieces[:-1]


def _cut(text: str, start: int, window: int) -> int:
    """Return where a window of TEXT from START ends: after its last space, if it has one."""
    space = text.rfind(" ", start + 1, start + window)
    return space + 1 if space > start else start + window


def _segment(text: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    """Return the sentences sentencex finds in TEXT[START:END], as spans of TEXT."""
    spans: list[tuple[int, int]] = []
    part = text[start:end]
    position = 0
    for piece in sentencex.segment(_language(language), part):
        found = part.find(piece.strip(), position) if piece.strip() else -1
        if found < 0:
            continue
        position = found + len(piece.strip())
        spans.append((start + found, start + position))
    return spans


def _mend_quote_sides(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return SPANS with each quotation mark at a break on the side its space shows.

    sentencex may end a sentence with the mark that opens the next (`peace. "However`,
    `peace. \u201cHowever`: no space after it) or open one with the mark that closes the last
    (`might." The`: a space after it); the mark goes to the sentence it touches.
    """
    mended = list(spans)
    for index in range(len(mended) - 1):
        (start, end), (after, stop) = mended[index], mended[index + 1]
        opens_next = end - start > 1 and text[end - 1] in _OPENERS and text[end - 2].isspace()
        if opens_next and after == end:
            mended[index] = (start, start + len(text[start : end - 1].rstrip()))
            mended[index + 1] = (end - 1, stop)
        elif stop - after > 1 and text[after] in _CLOSERS and text[after + 1].isspace():
            rest = after + 1 + len(text[after + 1 : stop]) - len(text[after + 1 : stop].lstrip())
            if text[end:after].strip() == "" and rest < stop:
                mended[index] = (start, after + 1)
                mended[index + 1] = (rest, stop)
    return mended


def _join_open_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return SPANS with a sentence that leaves a quotation open joined to the next ones until
    it closes, unless the next opens a quotation itself: a quotation that runs on into a new
    paragraph opens it again and leaves the last one unclosed (`harmony. "However`)."""
    joined: list[tuple[int, int]] = []
    index = 0
    while index < len(spans):
        start, end = spans[index]
        steps = 0
        while (
            len(_QUOTES.findall(text, start, end)) % 2 == 1
            and index + 1 < len(spans)
            and steps < _MAX_QUOTE_JOIN
            and not _OPENS_QUOTE.match(text, spans[index + 1][0])
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
