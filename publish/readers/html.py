"""Read a saved web page: trafilatura finds the article and its metadata, nh3 sanitises it.

Nothing is fetched: images are kept when they were saved beside the page, in its own folder
(`NAME_files/`, as browsers save a page), or when they are on a host the user allowed (by
their https address, fetched later by the pipeline); any other image is left out with a
warning.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import warnings
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html

from publish.errors import InputError
from publish.model import Article
from publish.readers.byline_dates import without_date
from publish.readers.bylines import byline_names, distinct, is_label
from publish.readers.dates import parse_date, source_date_epoch
from publish.readers.html_blocks import HtmlConverter
from publish.readers.html_furniture import without_edit_links, without_furniture, without_hidden
from publish.readers.html_headline import PageHeadings
from publish.readers.html_opening import block_text, open_article
from publish.readers.html_spaces import holds_gap_marks, mark_inline_gaps, restore_gaps
from publish.readers.source import Source
from publish.readers.titles import clean_title
from publish.readers.validate import build_article

log = logging.getLogger("publish")


def load_trafilatura() -> Any:
    """Import trafilatura, silencing urllib3's notice about SOCKS proxies (nothing is fetched)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import trafilatura
    return trafilatura


_HI = {"#i": "em", "#b": "strong", "#t": "code", "#sub": "sub", "#sup": "sup", "#u": "span"}


def extract_page(html: str) -> tuple[dict[str, str], str]:
    """Return (metadata, article HTML) that trafilatura finds in the page HTML.

    trafilatura's own XML is turned into HTML here (its HTML output loses numbered lists).
    """
    from lxml import etree

    trafilatura = load_trafilatura()
    from trafilatura.utils import load_html

    page = load_html(html)
    if page is None:
        return {}, ""
    headings = PageHeadings(page, _metadata_title(page))
    without_edit_links(page)
    without_hidden(page)
    marked = not holds_gap_marks(html)
    if marked:
        mark_inline_gaps(page)
    with warnings.catch_warnings():
        # A date stamped with a zone abbreviation ("PST") makes dateutil, under trafilatura's
        # date finder, warn that it cannot place the zone; the day is found all the same, and
        # publish keeps only the day. Not the user's concern, so not printed.
        warnings.filterwarnings("ignore", message="tzname .* identified but not understood")
        out = trafilatura.extract(
            page,
            output_format="xml",
            include_images=True,
            include_links=True,
            include_formatting=True,
            include_tables=True,
            include_comments=False,
            with_metadata=True,
            deduplicate=False,
        )
    if not out:
        return {}, ""
    if marked:
        out = restore_gaps(out)
    doc = etree.fromstring(
        out.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True)
    )
    meta = {str(k): str(v) for k, v in doc.attrib.items()}
    meta["title"] = headings.headline(meta.get("title", ""), meta.get("sitename"), meta.get("url"))
    main = doc.find("main")
    if main is None:
        return meta, ""
    captions = _captions(html)
    for el in list(main.iter()):
        _as_html(el, main, captions)
    inner = (main.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in main
    )
    return meta, inner


def _metadata_title(page: Any) -> bool:
    """True when the page's metadata (meta tags, JSON-LD) names the article, as trafilatura
    reads it (then trafilatura's title is that name, not one of the page's headings)."""
    from trafilatura.metadata import examine_meta, extract_meta_json

    found = examine_meta(page)
    if found.title:
        return True
    try:
        return bool(extract_meta_json(page, found).title)
    except Exception:  # noqa: BLE001 - trafilatura's own guard around its JSON-LD reading
        return False


_RENAMED = {"item": "li", "quote": "blockquote", "lb": "br", "row": "tr"}
"""trafilatura's element -> the HTML element, where nothing else decides."""


def _as_html(el: Any, main: Any, captions: dict[str, str]) -> None:
    """Rename trafilatura's XML element EL (inside MAIN) to the HTML element it stands for."""
    tag, rend = el.tag, el.get("rend", "")
    if tag in _RENAMED:
        el.tag = _RENAMED[tag]
    elif tag == "head":
        el.tag = rend if re.fullmatch(r"h[1-6]", rend) else "h3"
    elif tag == "list":
        el.tag = "ol" if rend == "ol" else "ul"
    elif tag == "graphic":
        _graphic(el, captions)
    elif tag == "ref":
        el.tag = "a"
        el.set("href", el.get("target", ""))
    elif tag == "hi":
        el.tag = _HI.get(rend, "span")
    elif tag == "code":
        parent = el.getparent()
        el.tag = "pre" if "\n" in (el.text or "") or parent is main else "code"
    elif tag == "cell":
        el.tag = "th" if el.get("role") == "head" else "td"


def _graphic(el: Any, captions: dict[str, str]) -> None:
    """Make trafilatura's <graphic> an <img>, in a <figure> when the page gave it a caption."""
    from lxml import etree

    src = el.get("src", "")
    if src in captions:
        figure = etree.Element("figure")
        el.addprevious(figure)
        figure.append(el)
        caption = etree.SubElement(figure, "figcaption")
        caption.text = captions[src]
        figure.tail, el.tail = el.tail, None
    el.tag = "img"


def _captions(html: str) -> dict[str, str]:
    """Return the caption of each image the page shows in a <figure> with a <figcaption>."""
    if "figcaption" not in html:
        return {}
    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return {}
    found: dict[str, str] = {}
    for figure in tree.iter("figure"):
        caption = figure.find(".//figcaption")
        text = " ".join(caption.text_content().split()) if caption is not None else ""
        for img in figure.iter("img"):
            if text and img.get("src"):
                found.setdefault(img.get("src", ""), text)
    return found


def page_language(html: str) -> str | None:
    """Return the language the page declares on <html lang> or in a content-language meta."""
    head = html[:200_000]
    match = re.search(
        r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)", head, re.I
    )
    if not match:
        match = re.search(
            r"<meta\b[^>]*http-equiv\s*=\s*[\"']?content-language[\"']?[^>]*"
            r"content\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)",
            head,
            re.I,
        )
    return match.group(1).replace("_", "-") if match else None


def read_html(source: Source) -> Article:
    """Return the article in SOURCE, a web page saved from a browser."""
    name = source.name
    if not source.text.strip():
        raise InputError("the page is empty", file=name)
    try:
        meta, content = extract_page(source.text)
    except (ValueError, TypeError, lxml.etree.ParserError) as exc:
        raise InputError(f"cannot read the page as HTML ({exc})", file=name) from None
    if not content.strip():
        raise InputError(
            "no article text found in the page (is it all script, or empty?)", file=name
        )

    def warn(message: str) -> None:
        log.warning("%s: warning: %s", name, message)

    converter = HtmlConverter(
        warn, resolve_image=_image_resolver(source), remote_hosts=source.remote_hosts
    )
    date = _page_date(meta.get("date", ""), name, warn)
    authors = page_authors(
        meta.get("author", ""),
        source.text,
        date,
        page_language(source.text) or "en",
        site=meta.get("sitename", ""),
    )
    blocks = without_furniture(converter.convert(content), meta.get("url"))
    headline, blocks = _headline(meta, blocks, authors)
    if not headline:
        raise InputError("no headline: the page has no title", file=name)
    standfirst, blocks = open_article(headline, meta.get("description", "").strip() or None, blocks)
    if not blocks:
        raise InputError(
            "no article text found in the page (is it all script, or empty?)", file=name
        )
    fields: dict[str, Any] = {
        "headline": headline,
        "date": date,
        "body": blocks,
    }
    if standfirst:
        fields["standfirst"] = standfirst
    if authors:
        fields["authors"] = authors
    if meta.get("sitename", "").strip():
        fields["publisher"] = meta["sitename"]
    url = meta.get("url", "").strip()
    if re.match(r"^https?://[^\s/]+\S*$", url):
        fields["source_url"] = url
    language = _language(source.text, warn)
    if language:
        fields["language"] = language
    keywords = [k.strip() for k in meta.get("tags", "").split(",") if k.strip()]
    if keywords:
        fields["keywords"] = tuple(dict.fromkeys(keywords))
    return build_article(fields, name=name)


def _headline(
    meta: dict[str, str], blocks: list[dict[str, Any]], authors: tuple[str, ...]
) -> tuple[str, list[dict[str, Any]]]:
    """Return the page's headline (its title, else its first heading) and its blocks."""
    headline = clean_title(
        meta.get("title", "").strip(), meta.get("sitename"), meta.get("url"), authors
    )
    if not headline and blocks and blocks[0]["type"] == "heading":
        headline = " ".join(block_text(blocks[0]).split())
    return headline, blocks


def page_authors(
    text: str, html: str = "", date: dt.date | None = None, language: str = "en", site: str = ""
) -> tuple[str, ...]:
    """Return the names in the author TEXT trafilatura found, in order, each once.

    A byline label is not a name ("By", "Von", "作者", see publish.readers.bylines), nor is a
    placeholder a content system prints where no author was entered ("Username", "Follow
    Author": `PLACEHOLDER_BYLINES`): when TEXT holds only one, the page's
    `<meta name="author">` in HTML is read instead. An author that is the page's SITE name
    ("Mac & i", which trafilatura gives as "Mac; I") is that one name, not split. With the
    page's DATE, a name loses the words of that date it ran on into ("Ada Reporter May" of
    a page dated in May: publish.readers.byline_dates), in the page's LANGUAGE.
    """
    from slugify import slugify

    if site.strip() and slugify(text) == slugify(site):
        return (" ".join(site.split()),)
    names = () if is_placeholder(text) else byline_names(text)
    if not names and (is_label(text) or is_placeholder(text)):
        names = byline_names(_meta_author(html))
    names = tuple(n for n in names if not is_placeholder(n))
    if date is not None:
        names = distinct(n for name in names if (n := without_date(name, date, language)))
    return names


PLACEHOLDER_BYLINES = frozenset(
    {"username", "user name", "admin", "administrator", "follow author"}
)
"""What content systems print in the author's place when no author was entered."""


def is_placeholder(text: str) -> bool:
    """Tell whether the byline TEXT is a content system's placeholder, not a name."""
    return " ".join(text.split()).casefold() in PLACEHOLDER_BYLINES


def _meta_author(html: str) -> str:
    """Return the content of the page's `<meta name="author">`, or ''."""
    for tag in re.findall(r"<meta\b[^>]*>", html[:200_000], re.I):
        if re.search(r"\bname\s*=\s*[\"']?author[\"'\s/>]", tag, re.I):
            match = re.search(r"\bcontent\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", tag, re.I)
            if match:
                import html as html_lib

                return html_lib.unescape(match.group(1) or match.group(2) or "")
    return ""


def _language(html: str, warn: Any) -> str | None:
    """Return the page's declared language when it is a BCP 47 tag (else warn and None)."""
    language = page_language(html)
    if not language:
        return None
    from publish.model.language_tags import is_valid

    if is_valid(language):
        return language
    warn(f'the page\'s language "{language}" is not a BCP 47 tag; English is assumed')
    return None


def _page_date(text: str, name: str, warn: Any) -> dt.date:
    text = text.strip()
    if text:
        try:
            return parse_date(text[:10])
        except ValueError:
            pass
    epoch = source_date_epoch()
    if epoch is not None:
        warn(
            f"the page states no publication date; {epoch.isoformat()} (SOURCE_DATE_EPOCH) is used"
        )
        return epoch
    raise InputError(
        "no date: the page states no publication date; set SOURCE_DATE_EPOCH to give one", file=name
    )


def _image_resolver(source: Source) -> Any:
    folder = source.folder
    stem = Path(source.name).stem

    def resolve(src: str) -> str | None:
        if folder is None or not src or src.startswith("//") or urlsplit(src).scheme:
            return None
        path = PurePosixPath(unquote(urlsplit(src).path))
        parts = [p for p in path.parts if p not in (".", "")]
        if not parts or parts[0] != f"{stem}_files" or ".." in parts or path.is_absolute():
            return None
        from publish.resources import resolve_local

        relative = "/".join(parts)
        try:
            resolve_local(folder, relative)
        except ValueError:
            return None
        return relative

    return resolve
