"""A publication: a book of articles in sections, read from `publication.yml`.

The file is YAML (loaded like front matter: no anchors, aliases, tags or duplicate keys),
validated once with a typed model, and every problem is reported with the file, the line
and the field (`issue.yml:12: error: sections.0.articles.2: no such file "a.md"`). Each
article is read by its own reader and enriched as a single article is, so it keeps its
fact box and source notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from publish.article_files import ArticleFiles
from publish.errors import InputError, PublishError, RenderError, internal_error
from publish.model import Article, Block, derive_slug
from publish.readers.dates import parse_date
from publish.readers.frontmatter import load_yaml
from publish.readers.source import read_source
from publish.readers.validate import bad_character, build_article
from publish.resources import resolve_local

WHAT = "publication file"


class _Entry(BaseModel):
    """One article of the file: its path (beside the file) and, optionally, its reader."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    file: str = Field(
        min_length=1, description="The article's file, relative to the publication file's folder."
    )
    input_format: str | None = Field(
        default=None, alias="from", description="Reader name, as for --from."
    )


class _SectionEntry(BaseModel):
    """A titled group of articles."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    articles: tuple[_Entry, ...] = Field(min_length=1)

    @field_validator("articles", mode="before")
    @classmethod
    def _paths_are_entries(cls, value: Any) -> Any:
        return _entries(value)


def _entries(value: Any) -> Any:
    if isinstance(value, list):
        return [{"file": item} if isinstance(item, str) else item for item in value]
    return value


class PublicationFile(BaseModel):
    """The fields of `publication.yml`, as written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1, description="The book's title.")
    subtitle: str | None = None
    date: str = Field(description="Publication date, in any form an article's date takes.")
    language: str = Field(default="en", description="BCP 47 language tag of the book.")
    publisher: str | None = None
    editors: tuple[str, ...] = ()
    cover: str | None = Field(default=None, description="Cover image beside the file.")
    slug: str | None = Field(default=None, description="Output file name; from the title.")
    foreword: str | None = Field(
        default=None, description="Markdown text before the first article."
    )
    articles: tuple[_Entry, ...] | None = Field(default=None, min_length=1)
    sections: tuple[_SectionEntry, ...] | None = Field(default=None, min_length=1)

    @field_validator("articles", mode="before")
    @classmethod
    def _paths_are_entries(cls, value: Any) -> Any:
        return _entries(value)

    @field_validator("date", mode="before")
    @classmethod
    def _date_is_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | dt.date) else value


@dataclass(frozen=True)
class PublishedArticle:
    """An article of the book: read, enriched, and numbered in reading order from 1."""

    article: Article
    files: ArticleFiles
    """The files its writers may embed (its figures), resolved when it was read."""
    number: int

    @property
    def ident(self) -> str:
        """Return the prefix of the article's ids in the book (`a7`)."""
        return f"a{self.number}"


@dataclass(frozen=True)
class Section:
    """A group of articles; a book without sections has one, untitled."""

    title: str | None
    articles: tuple[PublishedArticle, ...]
    number: int


@dataclass(frozen=True)
class Publication:
    """A whole book: its metadata, foreword and sections of articles."""

    title: str
    subtitle: str | None
    date: dt.date
    language: str
    publisher: str | None
    editors: tuple[str, ...]
    slug: str
    cover: Path | None
    foreword: tuple[Block, ...]
    sections: tuple[Section, ...]
    name: str
    """The publication file, as named on the command line."""
    folder: Path

    def articles(self) -> Iterator[PublishedArticle]:
        """Yield every article in reading order."""
        for section in self.sections:
            yield from section.articles

    def as_article(self) -> Article:
        """Return the book's metadata as an Article (title, subtitle, editors, language).

        The cover, the navigation and the package metadata are drawn from it, as they are
        from an article's own.
        """
        return Article(
            headline=self.title,
            standfirst=self.subtitle,
            date=self.date,
            authors=self.editors,
            language=self.language,
            publisher=self.publisher,
            slug=self.slug,
            body=self.foreword,
        )


Loader = Callable[[str, str | None], tuple[Article, ArticleFiles]]
"""Reads and enriches one article and resolves its files (`publish.book_build.read_book`)."""


def _lines(node: yaml.Node, first_line: int) -> dict[tuple[str, ...], int]:
    """Return the line of every key and list item under NODE, by its path of names."""
    found: dict[tuple[str, ...], int] = {}
    stack: list[tuple[yaml.Node, tuple[str, ...]]] = [(node, ())]
    while stack:
        item, path = stack.pop()
        if isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                found[(*path, str(key.value))] = key.start_mark.line + first_line
                stack.append((value, (*path, str(key.value))))
        elif isinstance(item, yaml.SequenceNode):
            for index, child in enumerate(item.value):
                found[(*path, str(index))] = child.start_mark.line + first_line
                stack.append((child, (*path, str(index))))
    return found


class _Where:
    """Turns a field's path into the line it is on and the name a message shows."""

    def __init__(self, name: str, lines: Mapping[tuple[str, ...], int]) -> None:
        self.name = name
        self.lines = lines

    def line(self, path: tuple[str, ...]) -> int:
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1

    def error(
        self, path: tuple[str, ...], message: str, kind: type[PublishError] = InputError
    ) -> PublishError:
        shown = ".".join(path) or "publication"
        return kind(f"{shown}: {message}", file=self.name, line=self.line(path))


def _validate(values: dict[str, Any], where: _Where) -> PublicationFile:
    bad = _first_bad_text(values, ())
    if bad is not None:
        raise where.error(*bad)
    try:
        data = PublicationFile.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = tuple(str(part) for part in first.get("loc", ()))
        if first.get("type") == "extra_forbidden":
            known = ", ".join(PublicationFile.model_fields)
            message = f"unknown field (the fields are {known})"
        else:
            message = str(first.get("msg", "is not valid")).removeprefix("Value error, ")
        raise where.error(path, message) from None
    if (data.articles is None) == (data.sections is None):
        raise where.error(
            ("articles" if data.articles else "publication",),
            "give either `articles:` or `sections:` (each a list), not "
            + ("both" if data.articles else "neither"),
        )
    return data


def _first_bad_text(value: Any, path: tuple[str, ...]) -> tuple[tuple[str, ...], str] | None:
    if isinstance(value, str):
        problem = bad_character(value)
        return (path, problem.replace("an article", "a publication")) if problem else None
    items = (
        value.items()
        if isinstance(value, dict)
        else (enumerate(value) if isinstance(value, list) else ())
    )
    for key, child in items:
        found = _first_bad_text(child, (*path, str(key)))
        if found:
            return found
    return None


def read_publication(path: Path, load: Loader) -> Publication:
    """Read the publication file at PATH and every article it lists, with LOAD.

    Nothing is rendered: a problem anywhere (the file, a field, an article) is raised as one
    error naming the publication file, the line and the field.
    """
    source = read_source(path)
    values, node = load_yaml(source.text, source.name, what=WHAT)
    if node is None:
        raise InputError(
            f"the {WHAT} is empty; it needs title, date and articles", file=source.name, line=1
        )
    where = _Where(source.name, _lines(node, 1))
    data = _validate(values, where)
    folder = source.folder or path.parent
    meta = _metadata(data, where, folder)
    seen: dict[Path, tuple[str, ...]] = {}
    groups = (
        [(None, data.articles, ("articles",))]
        if data.articles is not None
        else [
            (s.title, s.articles, ("sections", str(i), "articles"))
            for i, s in enumerate(data.sections or ())
        ]
    )
    sections: list[Section] = []
    number = 0
    for index, (title, entries, at) in enumerate(groups, start=1):
        read: list[PublishedArticle] = []
        for position, entry in enumerate(entries):
            number += 1
            field = (*at, str(position))
            article, files = _read_entry(entry, field, folder, where, seen, load)
            read.append(PublishedArticle(article, files, number))
        sections.append(Section(title, tuple(read), index))
    return Publication(**meta, sections=tuple(sections), name=source.name, folder=folder)


def _metadata(data: PublicationFile, where: _Where, folder: Path) -> dict[str, Any]:
    """Return the book's checked metadata fields, foreword and cover."""
    try:
        date = parse_date(data.date)
    except ValueError as exc:
        raise where.error(("date",), str(exc)) from None
    foreword: tuple[Block, ...] = ()
    if data.foreword:
        line = where.line(("foreword",)) + 1  # a block scalar's text starts below its key
        from publish.readers.markdown import markdown_blocks  # loads the enrichers

        blocks = markdown_blocks(data.foreword, where.name, line)
        try:
            foreword = build_article(
                {"headline": data.title, "date": date, "body": blocks}, name=where.name
            ).body
        except InputError as exc:
            raise where.error(("foreword",), exc.message) from None
    cover = None
    if data.cover:
        try:
            cover = resolve_local(folder, data.cover)
        except ValueError as exc:
            problem = str(exc).replace("the article's folder", "the publication's folder")
            problem = problem.replace("beside the article", "beside the publication file")
            raise where.error(("cover",), f'"{data.cover}": {problem}') from None
    fields = {
        "headline": data.title,
        "standfirst": data.subtitle,
        "date": date,
        "language": data.language,
        "publisher": data.publisher,
        "authors": data.editors,
        "slug": data.slug or derive_slug(data.title),
    }
    names = {"headline": "title", "standfirst": "subtitle", "authors": "editors"}
    try:
        checked = Article.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first.get("loc", ("publication",))[0])
        message = str(first.get("msg", "is not valid")).removeprefix("Value error, ")
        raise where.error((names.get(field, field),), message) from None
    return {
        "title": checked.headline,
        "subtitle": checked.standfirst,
        "date": checked.date,
        "language": checked.language,
        "publisher": checked.publisher,
        "editors": checked.authors,
        "slug": checked.slug,
        "cover": cover,
        "foreword": foreword,
    }


def _read_entry(
    entry: _Entry,
    field: tuple[str, ...],
    folder: Path,
    where: _Where,
    seen: dict[Path, tuple[str, ...]],
    load: Loader,
) -> tuple[Article, ArticleFiles]:
    """Read the article ENTRY names; raise an error at FIELD's line if it cannot be."""
    path = Path(entry.file).expanduser()
    path = path if path.is_absolute() else folder / path
    if not path.is_file():
        problem = "is a folder, not an article file" if path.is_dir() else "no such file"
        raise where.error(field, f'"{entry.file}": {problem}')
    key = path.resolve()
    if key in seen:
        first = seen[key]
        raise where.error(
            field,
            f'"{entry.file}" is already in the publication as '
            f"{'.'.join(first)} (line {where.line(first)})",
        )
    seen[key] = field
    try:
        return load(str(path), entry.input_format)
    except PublishError as exc:
        inner = exc.message
        if exc.file is not None:
            line = f":{exc.line}" if exc.line is not None else ""
            shown = entry.file if exc.file == str(path) else exc.file
            inner = f"{shown}{line}: {exc.message}"
        kind = InputError if exc.exit_code == 2 else type(exc)
        raise where.error(field, inner, kind) from None
    except Exception as exc:  # a bug in one article is still one line, at its entry
        raise where.error(field, internal_error(exc).message, RenderError) from None
