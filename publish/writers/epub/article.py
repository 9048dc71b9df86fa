"""Assemble the EPUB from an article: pages, images, cover, navigation and metadata.

The writer (`package.py`) only packs; this module decides what goes in the book.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import mimetypes
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from publish.article_files import ArticleFiles
from publish.errors import InputError, RenderError
from publish.model import Article, Heading
from publish.model.anchors import block_ids
from publish.render.templates import Theme, make_environment, render_article
from publish.resources import ReadRefused, read_inside
from publish.writers.epub.accessibility import (
    SUMMARY_LANGUAGE,
    BookFacts,
    accessibility_metadata,
    page_problems,
)
from publish.writers.pagemap import PageStart, insert_page_breaks

if TYPE_CHECKING:
    from publish.render.userfonts import UserFont
    from publish.writers.epub.package import EpubPart

EPUB_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp")
_SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp"}
"""File name ending of each media type a remote image may have (publish.remote_images)."""


@dataclass(frozen=True)
class Landmark:
    """One entry of the nav's landmarks: an `epub:type`, a link and the key of its title in
    the theme's words (`partials/words.html.j2`), which follow the article's language."""

    type: str
    href: str
    word: str


def _media_type(files: ArticleFiles, path: Path, what: str) -> str:
    """Return the media type of the image at PATH, or raise InputError if EPUB has none."""
    media_type = mimetypes.guess_type(path.name)[0] or ""
    if media_type not in EPUB_IMAGE_TYPES:
        raise InputError(
            f"{what}: {media_type or 'unknown'} images cannot go in an EPUB", file=files.name
        )
    return media_type


def _read_beside(files: ArticleFiles, path: Path, what: str) -> bytes:
    """Return the bytes of PATH, a file in the article's folder, as opened (no link out)."""
    try:
        return read_inside(path, [files.folder] if files.folder else [])
    except ReadRefused as exc:
        raise InputError(f"{what}: {exc}", file=files.name) from None


def _render_page(theme: Theme, name: str, **context: object) -> bytes:
    """Render the EPUB template NAME and check it is well-formed XHTML."""
    from jinja2 import TemplateError

    try:
        text = make_environment(theme).get_template(name).render(**context)
    except TemplateError as exc:
        raise RenderError(f"template: {exc}", file=getattr(exc, "filename", None)) from None
    data = text.encode("utf-8")
    _well_formed(data, name)
    return data


def _well_formed(data: bytes, name: str) -> None:
    try:
        ET.fromstring(data)
    except ET.ParseError as exc:
        raise RenderError(f"{name}: not well-formed XHTML: {exc}") from None


def epub_book_until_pages(
    article: Article,
    files: ArticleFiles,
    theme: Theme,
    *,
    stylesheets: dict[str, bytes],
    identifier: str,
    modified: dt.datetime,
    page_source: str | None = None,
    fonts: FontSource | None = None,
) -> Callable[[tuple[PageStart, ...]], bytes]:
    """Begin ARTICLE's EPUB with what needs no print page (the images, the page's XHTML, the
    cover); return the function that packs it as EPUB bytes given the print PAGES to list.

    FILES are its figures' and cover's; STYLESHEETS the EPUB's CSS by name (in cascade order).
    With FONTS, the faces the text needs are packed as subsets, declared in `fonts.css`
    (first in the cascade). So the EPUB can be begun while the PDF is laid out; an error of
    the cover is raised by the finishing function, after any error of the page breaks, as
    when the book was made in one go.
    """
    from publish.writers.epub.package import EpubPart

    parts: list[EpubPart] = []
    links = (("fonts.css",) if fonts is not None else ()) + tuple(stylesheets)
    hrefs: dict[str, str] = {}
    for src, path in files.images:
        media_type = _media_type(files, path, f'image "{src}"')
        name = f"images/image{len(hrefs) + 1}{path.suffix.lower()}"
        hrefs[src] = name
        parts.append(EpubPart(name, media_type, _read_beside(files, path, f'image "{src}"')))
    for image in files.remote:  # fetched once by the pipeline: packed, not linked
        name = f"images/image{len(hrefs) + 1}{_SUFFIXES[image.media_type]}"
        hrefs[image.url] = name
        parts.append(EpubPart(name, image.media_type, image.data))

    xhtml = render_article(
        article,
        target="epub",
        theme=theme,
        stylesheets=tuple(f"style/{name}" for name in links),
        extra={"image_href": lambda src: hrefs.get(src, src)},
    ).encode("utf-8")
    _well_formed(xhtml, "the EPUB page")
    try:
        drawn: tuple[EpubPart, str] | Exception = _cover(article, files, theme)
    except Exception as exc:  # raised by the finishing, in its place
        drawn = exc
    cover_page: bytes | Exception = b""
    if not isinstance(drawn, Exception):
        try:
            cover_page = _render_page(
                theme, "epub/cover.xhtml.j2", article=article, image=drawn[0].name, alt=drawn[1]
            )
        except Exception as exc:
            cover_page = exc
    with contextlib.suppress(Exception):  # compiled now; any error is the finishing's
        make_environment(theme).get_template("epub/nav.xhtml.j2")
    return lambda pages: _finish_book(
        article,
        theme,
        xhtml,
        pages,
        drawn,
        cover_page,
        parts,
        stylesheets=stylesheets,
        identifier=identifier,
        modified=modified,
        page_source=page_source,
        fonts=fonts,
    )


def _finish_book(
    article: Article,
    theme: Theme,
    xhtml: bytes,
    pages: tuple[PageStart, ...],
    drawn: tuple[EpubPart, str] | Exception,
    cover_page: bytes | Exception,
    parts: list[EpubPart],
    *,
    stylesheets: dict[str, bytes],
    identifier: str,
    modified: dt.datetime,
    page_source: str | None,
    fonts: FontSource | None,
) -> bytes:
    """The rest of `epub_book_until_pages`' book, from the page breaks of PAGES on."""
    from publish.writers.epub.package import (
        ARTICLE_FILE,
        COVER_FILE,
        EpubBook,
        EpubCover,
        EpubPart,
        PageEntry,
        TocEntry,
        render_epub,
    )

    xhtml = insert_page_breaks(xhtml, pages)
    if isinstance(drawn, Exception):
        raise drawn
    cover = drawn
    toc = [TocEntry(f"{ARTICLE_FILE}#top", article.headline)]
    ids = block_ids(article.body)
    toc += [
        TocEntry(f"{ARTICLE_FILE}#{ids[index]}", block.text)
        for index, block in enumerate(article.body)
        if isinstance(block, Heading) and block.text.strip()
    ]
    landmarks = [Landmark("cover", COVER_FILE, "cover")]
    if b'id="title-page"' in xhtml:  # a user's header template may leave the id out
        landmarks.append(Landmark("titlepage", f"{ARTICLE_FILE}#title-page", "title_page"))
    landmarks.append(Landmark("bodymatter", f"{ARTICLE_FILE}#top", "start"))
    if article.source_notes:
        landmarks.append(Landmark("endnotes", f"{ARTICLE_FILE}#source-notes", "sources"))
    page_list = tuple(PageEntry(f"{ARTICLE_FILE}#{p.marker_id}", p.label) for p in pages)
    nav = _render_page(
        theme, "epub/nav.xhtml.j2", article=article, toc=toc, landmarks=landmarks, pages=page_list
    )
    font_parts: list[EpubPart] = []
    if fonts is not None:
        font_parts, stylesheets = _font_parts(
            fonts, article, (xhtml, nav), stylesheets, theme.user_fonts()
        )
    parts = [
        *font_parts,
        *(EpubPart(f"style/{name}", "text/css", data) for name, data in stylesheets.items()),
        *parts,
    ]
    facts = BookFacts(
        cover_alt=cover[1], page_list=bool(pages), page_problems=tuple(page_problems(xhtml))
    )
    if isinstance(cover_page, Exception):
        raise cover_page
    book = EpubBook(
        identifier=identifier,
        title=article.headline,
        language=article.language,
        date=article.date,
        modified=modified,
        authors=article.authors,
        publisher=article.publisher,
        description=article.standfirst,
        keywords=article.keywords,
        source_url=article.source_url,
        article_xhtml=xhtml,
        toc=tuple(toc),
        parts=tuple(parts),
        nav_xhtml=nav,
        cover=EpubCover(cover[0], cover_page),
        pages=page_list,
        page_source=page_source,
        metadata=accessibility_metadata(article, facts),
        metadata_languages=(("schema:accessibilitySummary", SUMMARY_LANGUAGE),),
    )
    return render_epub(book)


@dataclass(frozen=True)
class FontSource:
    """The theme's stylesheets that say which fonts there are and which language uses which."""

    fonts_css: Path
    scripts_css: Path | None


def _font_parts(
    fonts: FontSource,
    article: Article,
    pages: tuple[bytes, ...],
    stylesheets: dict[str, bytes],
    user: Sequence[UserFont] = (),
) -> tuple[list[EpubPart], dict[str, bytes]]:
    """The subset fonts PAGES need and `style/fonts.css` declaring them, and STYLESHEETS.

    When a face of the user's (USER, `--fonts`) is carried, the last stylesheet gets every
    stack of STYLESHEETS again with the user's families at its end, as the PDF's has.
    """
    from publish.render.scripts import page_text
    from publish.render.userfonts import PREFIX, stack_css
    from publish.writers.epub.fonts import embedded_fonts
    from publish.writers.epub.package import EpubPart

    text = "".join(page_text(page.decode("utf-8")) for page in pages)
    code = any(b"<code" in page or b"<pre" in page for page in pages)
    embedded = embedded_fonts(
        fonts.fonts_css, fonts.scripts_css, text, article.language, has_code=code, user=user
    )
    rules = "/* The faces this book uses, cut down to its characters (SIL OFL 1.1). */\n"
    if any(font.user for font in embedded):
        rules = "/* The faces this book uses, cut down to its characters (the shipped ones "
        rules += "under the SIL OFL 1.1, the others under their makers' licences). */\n"
        names = list(dict.fromkeys(PREFIX + font.family for font in user))
        *first, last = stylesheets
        stacks = stack_css([data.decode("utf-8") for data in stylesheets.values()], names)
        extended = stylesheets[last].decode("utf-8").rstrip("\n") + "\n\n"
        extended += "/* The user's fonts (--fonts) end every stack. */\n" + stacks
        stylesheets = {**{name: stylesheets[name] for name in first}, last: extended.encode()}
    rules += "".join(font.rule for font in embedded)
    parts = [
        EpubPart("style/fonts.css", "text/css", rules.encode("utf-8")),
        *(EpubPart(font.name, font.media_type, font.content) for font in embedded),
    ]
    return parts, stylesheets


def _cover(article: Article, files: ArticleFiles, theme: Theme) -> tuple[EpubPart, str]:
    """Return the cover image (the user's, or one drawn from the article) and its alt text."""
    from publish.writers.cover import draw_cover
    from publish.writers.epub.package import EpubPart

    if files.cover is not None:  # the article's own `cover:`, resolved by the pipeline
        path, what = files.cover, f'cover "{article.cover}"'
        media_type = _media_type(files, path, what)
        data = _read_beside(files, path, what)
        return (
            EpubPart(f"images/cover{path.suffix.lower()}", media_type, data),
            f"Cover of {article.headline}",
        )
    drawn = draw_cover(article, theme)
    if article.headline in drawn.shown:
        alt = "Cover: " + ". ".join(text.rstrip(".") for text in drawn.shown)
    else:
        alt = f"Cover of {article.headline}"
    return EpubPart("images/cover.png", "image/png", drawn.png), alt
