"""Render an article to HTML with Jinja2: one ordered search path for templates and styles."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from publish.errors import RenderError, UsageError
from publish.render.scripts import autospace, direction, font_files, keep_words
from publish.render.userfonts import UserFont, user_fonts
from publish.render.words import fill, names_list, words_language
from publish.resources import ReadRefused, is_inside, read_inside, theme_dir

if TYPE_CHECKING:  # the article model loads when a page is rendered, not with the theme
    from jinja2 import Environment

    from publish.model import Article

Target = Literal["pdf", "epub"]

PDF_STYLESHEETS = ("fonts.css", "base.css", "print.css", "typeset.css", "scripts.css")
"""Stylesheets of the PDF, in cascade order, each looked up on the styles search path."""

EPUB_STYLESHEETS = ("base.css", "epub.css")
"""Stylesheets of the EPUB, in cascade order; they are packed into the book."""

SHIPPED_PREFIX = "!publish"
"""`{% extends "!publish/NAME" %}` always names the shipped template NAME, whatever overrides it."""


@dataclass(frozen=True)
class Theme:
    """Where templates and styles come from: a user's folders first, then the project's."""

    templates: tuple[Path, ...] = field(default_factory=lambda: (theme_dir("templates"),))
    styles: tuple[Path, ...] = field(default_factory=lambda: (theme_dir("styles"),))
    fonts: tuple[Path, ...] = ()
    """The user's own font folders (`--fonts`), added at the end of every font stack."""

    @classmethod
    def with_overrides(
        cls, templates: Path | None = None, styles: Path | None = None, fonts: Path | None = None
    ) -> Theme:
        """Return the project's theme with the user's TEMPLATES and STYLES folders first
        and the fonts in FONTS added."""
        for name, folder in (("--templates", templates), ("--styles", styles), ("--fonts", fonts)):
            if folder is not None and not folder.is_dir():
                raise UsageError(f"{name}: no such folder", file=str(folder))
        theme = cls(
            templates=tuple(p.resolve() for p in (templates,) if p) + (theme_dir("templates"),),
            styles=tuple(p.resolve() for p in (styles,) if p) + (theme_dir("styles"),),
            fonts=tuple(p.resolve() for p in (fonts,) if p),
        )
        theme.user_fonts()  # a file there that is no font is a usage error now, not later
        return theme

    def user_fonts(self) -> tuple[UserFont, ...]:
        """The fonts of the user's font folders."""
        return tuple(font for folder in self.fonts for font in user_fonts(folder))

    @property
    def font_paths(self) -> list[Path]:
        """Every font a page may use: each style folder's `fonts/`, then the user's fonts."""
        shipped = font_files(folder / "fonts" for folder in self.styles)
        return shipped + [font.path for font in self.user_fonts()]

    def stylesheet(self, name: str) -> Path:
        """Return the first stylesheet called NAME on the styles search path."""
        for folder in self.styles:
            candidate = folder / name
            if candidate.is_file():
                if not is_inside(candidate, self.roots):
                    raise RenderError(
                        f'stylesheet "{name}" leads outside the theme folders '
                        "(through a link); refused",
                        file=str(candidate),
                    )
                return candidate
        raise RenderError(f'stylesheet "{name}" is in none of the style folders')

    @property
    def roots(self) -> tuple[Path, ...]:
        """Every folder a render may read from for the theme."""
        return self.templates + self.styles + self.fonts


def long_date(value: dt.date, language: str) -> str:
    """Return VALUE written out in LANGUAGE's long form (`14 August 2023`, `14 août 2023`)."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date

    try:
        locale = Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        locale = Locale("en")
    if locale.language == "en":
        return format_date(value, "d MMMM y", locale=locale)
    return format_date(value, "long", locale=locale)


_SPACE_RUN = re.compile(r"[^\S\n]{2,}")
_NO_BREAK = "\u00a0\u202f\u2007\u2060"


AUTOSPACED = frozenset({"ja", "zh"})
"""Languages whose PDF text gets a quarter em between ideographs and Western letters."""


def collapse_spaces(text: str, language: str = "", *, spaced: bool = False) -> str:
    """Return TEXT with each run of spaces printed as one: a no-break one if the run has one.

    The browser collapses runs of ordinary spaces itself, but not a no-break space next to
    a space ("around\u00a0 120,000"), which prints as a double gap. The model keeps the text
    as written; only the rendered page collapses it. In Korean (LANGUAGE `ko`) each word
    is also kept whole on its line (`scripts.keep_words`), as `word-break: keep-all` would.
    With SPACED (the PDF), Japanese and Chinese get a quarter em where ideographs or kana
    meet Latin letters or digits (`scripts.autospace`); the EPUB asks the reading system
    for the same with `text-autospace` (styles/epub.css), so its text stays as written.
    """

    def one(match: re.Match[str]) -> str:
        run = match.group(0)
        return next((ch for ch in run if ch in _NO_BREAK), " ")

    collapsed = _SPACE_RUN.sub(one, text)
    primary = language[:2].lower()
    if spaced and primary in AUTOSPACED and language[2:3] in ("", "-", "_"):
        collapsed = autospace(collapsed)
    return keep_words(collapsed) if primary == "ko" else collapsed


def _spaces_filter() -> Callable[..., str]:
    """The template filter `spaces`: `collapse_spaces`, spaced when the target is the PDF."""
    from jinja2 import pass_context
    from jinja2.runtime import Context

    @pass_context
    def spaces(context: Context, text: str, language: str = "") -> str:
        return collapse_spaces(text, language, spaced=context.get("target") == "pdf")

    return spaces


@functools.cache
def _theme_loader() -> type:
    """The Jinja loader class that reads every template through the one resolver (built on
    first use, so importing this module does not import Jinja)."""
    from jinja2 import BaseLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    class ThemeLoader(BaseLoader):
        """Load templates from one folder, each read through the one resolver.

        A template (or a partial it includes) that is a link leading outside ROOTS is
        refused, and what is opened is what is checked (publish.resources.read_inside). A
        template is compiled again when its file changes (size or time).
        """

        def __init__(self, folder: Path, roots: tuple[Path, ...]) -> None:
            self.folder = folder
            self.roots = roots

        def get_source(
            self, environment: Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            path = self.folder.joinpath(*split_template_path(template))
            if not path.is_file():
                raise TemplateNotFound(template)
            stamp = _file_stamp(path)
            try:
                text = read_inside(path, self.roots).decode("utf-8")
            except ReadRefused as exc:
                raise RenderError(f'template "{template}" {exc}', file=str(path)) from None
            except UnicodeDecodeError:
                raise RenderError(f'template "{template}" is not UTF-8', file=str(path)) from None
            return text, str(path), lambda: _file_stamp(path) == stamp

    return ThemeLoader


def _file_stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def make_environment(theme: Theme) -> Environment:
    """Return the Jinja2 environment of THEME: autoescaped, strict about undefined names.

    Names are looked up in the theme's template folders in order (the user's first), except
    `!publish/NAME`, which is always the shipped template: a user's template may extend the one
    it replaces and override a single block.

    There is one environment per theme and process, so each template is parsed and compiled
    once; Jinja checks a template's file before reusing it (`auto_reload`), so an edited
    template is compiled again.
    """
    return _environment(theme.templates, theme.roots, theme_dir("templates"))


@functools.lru_cache(maxsize=8)
def _environment(
    templates: tuple[Path, ...], roots: tuple[Path, ...], shipped_folder: Path
) -> Environment:
    from jinja2 import ChoiceLoader, Environment, PrefixLoader, StrictUndefined, select_autoescape

    from publish.compiled import file_identity, template_cache

    loader = _theme_loader()
    shipped = PrefixLoader({SHIPPED_PREFIX: loader(shipped_folder, (shipped_folder,))})
    env = Environment(
        loader=ChoiceLoader([shipped, *(loader(folder, roots) for folder in templates)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # compiled once per template and version, kept in publish's cache folder; this
        # module's identity stands for the settings above, which change the compiled code
        bytecode_cache=template_cache((file_identity(__file__),)),
    )
    env.filters["long_date"] = long_date
    env.filters["text_direction"] = direction
    env.filters["spaces"] = _spaces_filter()
    env.filters["words_language"] = words_language
    env.filters["names_list"] = names_list
    env.globals["fill"] = fill
    return env


def render_article(
    article: Article,
    *,
    target: Target,
    theme: Theme,
    stylesheets: tuple[str, ...] = (),
    extra: dict[str, object] | None = None,
) -> str:
    """Return the article as an XHTML-compatible HTML document for TARGET.

    STYLESHEETS are hrefs linked from the head (the EPUB's packed CSS); the PDF writer hands
    its stylesheets to WeasyPrint directly. EXTRA adds names to the template's context.
    """
    from jinja2 import TemplateError

    from publish.model.anchors import block_ids

    env = make_environment(theme)
    try:
        template = env.get_template("article.html.j2")
        context: dict[str, object] = {"image_href": str, "block_ids": block_ids(article.body)}
        context.update(extra or {})
        return template.render(article=article, target=target, stylesheets=stylesheets, **context)
    except TemplateError as exc:
        where = getattr(exc, "filename", None) or getattr(exc, "name", None)
        line = getattr(exc, "lineno", None)
        raise RenderError(f"template: {exc.message or exc}", file=where, line=line) from None
