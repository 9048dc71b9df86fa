"""The article: its metadata, its body, and what the enrichers derived from it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field, ValidationError, field_validator, model_validator
from slugify import slugify

from publish.model.blocks import Block, block_paragraphs, note_numbers
from publish.model.language_tags import is_valid, standardized
from publish.model.node import MAX_HEADLINE, MAX_LINE, MAX_PINS, Node
from publish.model.notes import Editorial, Fact, SourceNote
from publish.model.printing import PrintPreferences

MAX_SLUG = 100
"""Longest slug: it names the output files, which must stay well inside 255 bytes."""
LAST_DATE = dt.date(2107, 12, 31)
"""Latest publication date: a ZIP file (the EPUB) records years up to 2107."""
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class InvalidArticle(Exception):
    """A stage made an article that fails the model's validation: a bug in that stage.

    Input is refused by the readers with a file and a line (`InputError`); this is raised
    only when code after them builds an article no reader would have accepted.
    """


def derive_slug(headline: str) -> str:
    """Return an ASCII file-name slug for HEADLINE."""
    return slugify(headline, max_length=80, word_boundary=True) or "article"


class Article(Node):
    """One article: its metadata, its body, and what the enrichers derived from it."""

    headline: str = Field(
        min_length=1, max_length=MAX_HEADLINE, description="The title of the article."
    )
    standfirst: str | None = Field(
        default=None, max_length=MAX_LINE, description="Subtitle or summary line."
    )
    date: dt.date = Field(description="Publication date.")
    authors: tuple[Annotated[str, Field(max_length=MAX_LINE)], ...] = Field(
        default=(), max_length=MAX_PINS
    )
    language: str = Field(default="en", description="BCP 47 language tag.")
    publisher: str | None = Field(default=None, max_length=MAX_LINE)
    source_url: str | None = Field(default=None, description="Where the article was published.")
    slug: str = Field(default="", description="ASCII file name; derived from the headline.")
    keywords: tuple[Annotated[str, Field(max_length=MAX_LINE)], ...] = Field(
        default=(), max_length=MAX_PINS
    )
    cover: str | None = Field(default=None, description="Cover image beside the article.")
    print: PrintPreferences = Field(
        default_factory=PrintPreferences,
        description="Paper, bleed and marks of the PDF (front matter `print:`); the command "
        "line overrides them.",
    )
    body: tuple[Block, ...] = ()
    facts: tuple[Fact, ...] = ()
    source_notes: tuple[SourceNote, ...] = ()
    editorial: Editorial = Field(
        default_factory=Editorial,
        description="Front-matter corrections to the fact box and the source notes.",
    )

    @field_validator("headline")
    @classmethod
    def _headline_has_text(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("the headline is empty")
        return value

    @field_validator("standfirst", "publisher")
    @classmethod
    def _strip_optional(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return " ".join(value.split()) or None

    @field_validator("language")
    @classmethod
    def _language_is_bcp47(cls, value: str) -> str:
        if not is_valid(value):
            raise ValueError(f'"{value}" is not a BCP 47 language tag')
        return standardized(value)

    @field_validator("source_url")
    @classmethod
    def _url_is_web(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError(f'"{value}" is not an http or https URL')
        return value

    @field_validator("date")
    @classmethod
    def _date_fits_the_outputs(cls, value: dt.date) -> dt.date:
        if value > LAST_DATE:
            raise ValueError(
                f"{value.isoformat()} is after {LAST_DATE.isoformat()}, the last date an EPUB "
                "(a ZIP file) can record"
            )
        return value

    @field_validator("slug")
    @classmethod
    def _slug_is_safe(cls, value: str) -> str:
        if len(value) > MAX_SLUG:
            raise ValueError(f"is {len(value)} characters long; a slug may have at most {MAX_SLUG}")
        if value and not _SLUG_RE.match(value):
            raise ValueError(
                f'"{value}" is not a slug (use lower-case ASCII letters, digits and hyphens)'
            )
        return value

    @field_validator("cover")
    @classmethod
    def _cover_is_beside_the_article(cls, value: str | None) -> str | None:
        from publish.resources import check_local_reference

        problem = check_local_reference(value) if value is not None else None
        if problem:
            raise ValueError(f'"{value}" {problem}')
        return value

    @model_validator(mode="after")
    def _markers_have_notes(self) -> Article:
        if self.source_notes:
            known = {note.number for note in self.source_notes}
            missing = sorted(note_numbers(self.body) - known)
            if missing:
                raise ValueError(f"note marker {missing[0]} has no source note")
        return self

    @model_validator(mode="before")
    @classmethod
    def _derive_slug(cls, data: Any) -> Any:
        """Give an article without a slug the one its headline makes (before it is frozen)."""
        if isinstance(data, Mapping) and not data.get("slug"):
            headline = data.get("headline")
            if isinstance(headline, str):
                return {**data, "slug": derive_slug(" ".join(headline.split()))}
        return data

    def revised(self, **changes: Any) -> Article:
        """Return a copy of the article with CHANGES, validated as a new article is.

        The way to change an article after reading (`model_copy` checks nothing): the
        fields' and the article's own validators run on the result, so a bad language tag,
        slug or a marker without its note is refused here. The values it holds were
        validated when they were built; the fields the article was given stay the fields it
        was given (`model_fields_set`), and a derived slug stays as it was.
        """
        given = {name: getattr(self, name) for name in self.model_fields_set}
        try:
            return Article.model_validate({**given, **changes})
        except ValidationError as exc:
            raise InvalidArticle(f"a revised article {_first_problem(exc)}") from exc

    def identity_json(self) -> str:
        """Return the article as JSON without its print settings: what names the work.

        The book's identifier is made from it (`pipeline.book_identifier`): the same text on
        other paper is the same work, and an identifier never changes with the paper.
        """
        return self.model_dump_json(exclude={"print"})

    @property
    def text_blocks(self) -> tuple[tuple[int, str], ...]:
        """Return (index, plain text) for each body block that holds paragraphs: a paragraph,
        or a list or block quote whose paragraphs stand one a line (the enrichers' offsets)."""
        return tuple(
            (i, "\n".join(p.text for p in paragraphs))
            for i, block in enumerate(self.body)
            if (paragraphs := block_paragraphs(block))
        )


def checked(article: Article, stage: str) -> Article:
    """Return ARTICLE validated whole, as an article read from JSON is, or raise InvalidArticle.

    Every value in it is checked again, however it was built (a `model_copy` anywhere inside
    skips validation); STAGE names what made it, for the message.
    """
    try:
        return Article.model_validate(article.model_dump(round_trip=True))
    except ValidationError as exc:
        raise InvalidArticle(f"{stage} returned an article that {_first_problem(exc)}") from exc


def _first_problem(exc: ValidationError) -> str:
    """Return the first of EXC's errors as words: `is not valid: FIELD: WHY`."""
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "article"
    why = str(first.get("msg", "is not valid")).removeprefix("Value error, ")
    return f"is not valid: {where}: {why}"
