"""The language of an article that states none is detected from its text; a stated one wins.

The texts are written for these tests; the corpus pages are read in place."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pikepdf
import pytest

from publish.readers import read_article
from publish.readers.language import THRESHOLD, chinese_script, detect

TEXTS = {
    "es": (
        "El ayuntamiento aprueba el nuevo presupuesto",
        "El pleno aprobó ayer el presupuesto del próximo año, con más dinero para las "
        "escuelas y el transporte público. La alcaldesa dijo que las obras empezarán en "
        "primavera y que la ciudad contratará a 120 personas.",
    ),
    "lv": (
        "Rīgas dome apstiprina jauno budžetu",
        "Deputāti otrdien apstiprināja pilsētas budžetu nākamajam gadam, kurā vairāk naudas "
        "paredzēts skolām un sabiedriskajam transportam. Mērs sacīja, ka darbi sāksies "
        "pavasarī un pilsēta pieņems darbā 120 cilvēkus.",
    ),
    "ar": (
        "مجلس المدينة يقر الميزانية الجديدة",
        "أقر مجلس المدينة أمس الميزانية الجديدة للعام المقبل بأغلبية الأصوات، مع زيادة "
        "الإنفاق على المدارس والنقل العام. وقالت رئيسة البلدية إن الأعمال ستبدأ في الربيع.",
    ),
    "zh-Hans": (
        "市议会通过新预算",
        "市议会昨天以多数票通过了明年的新预算，重点投入学校和公共交通。市长说，工程将在"
        "春天开始，城市还将招聘一百二十名员工。",
    ),
    "zh-Hant": (
        "市議會通過新預算",
        "市議會昨天以多數票通過了明年的新預算，重點投入學校和公共交通。市長說，工程將在"
        "春天開始，城市還將招聘一百二十名員工。",
    ),
}


def _text_article(folder: Path, lang: str) -> Path:
    headline, body = TEXTS[lang]
    path = folder / f"article-{lang}.txt"
    path.write_text(f"{headline}\n\n2024-03-14\n\n{body}\n\n{body}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_text_article_gets_its_language(lang: str, tmp_path: Path) -> None:
    article, _ = read_article(str(_text_article(tmp_path, lang)))
    assert article.language == lang


def test_stated_language_wins(tmp_path: Path) -> None:
    headline, body = TEXTS["es"]
    path = tmp_path / "stated.md"
    path.write_text(
        f"---\ntitle: {headline}\ndate: 2024-03-14\nlang: ca\n---\n\n{body}\n", encoding="utf-8"
    )
    assert read_article(str(path))[0].language == "ca"
    page = tmp_path / "page.html"
    page.write_text(
        f'<html lang="pt"><head><title>{headline}</title>'
        '<meta property="article:published_time" content="2024-03-14"></head><body><article>'
        f"<h1>{headline}</h1><p>{body}</p><p>{body}</p></article></body></html>",
        encoding="utf-8",
    )
    assert read_article(str(page))[0].language == "pt"
    page.write_text(page.read_text(encoding="utf-8").replace(' lang="pt"', ""), encoding="utf-8")
    assert read_article(str(page))[0].language == "es"


def test_too_little_text_stays_english(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("Qwz\n\n2024-03-14\n\n42 % 17.\n", encoding="utf-8")
    assert read_article(str(path))[0].language == "en"
    assert detect("12 34 xy") is None


def test_unsure_guess_stays_english_with_a_warning(
    tmp_path: Path, expect_warnings: pytest.LogCaptureFixture
) -> None:
    # Two languages mixed half and half: the detector's guess is below the threshold.
    path = tmp_path / "mixed.txt"
    mixed = (
        "La ciudad aprobó el presupuesto. Pilsēta apstiprināja budžetu. Die Stadt hat "
        "gestern den Haushalt beschlossen. La ville a voté le budget. "
    )
    path.write_text(f"Notes\n\n2024-03-14\n\n{mixed * 3}\n", encoding="utf-8")
    found = detect(path.read_text(encoding="utf-8"))
    assert found is not None and found.confidence < THRESHOLD
    assert read_article(str(path))[0].language == "en"
    assert "states no language" in expect_warnings.text


def test_chinese_script_is_told_apart() -> None:
    assert chinese_script(TEXTS["zh-Hans"][1]) == "Hans"
    assert chinese_script(TEXTS["zh-Hant"][1]) == "Hant"


@pytest.mark.slow
def test_detected_language_reaches_both_files_and_no_box(tmp_path: Path) -> None:
    from publish.pipeline import build
    from publish.settings import BuildSettings

    paths = [str(_text_article(tmp_path, lang)) for lang in ("es", "lv", "ar", "zh-Hans")]
    results = build(paths, BuildSettings(out_dir=tmp_path / "out", jobs=1))
    for lang, result in zip(("es", "lv", "ar", "zh-Hans"), results, strict=True):
        assert result.article.language == lang
        assert not result.article.facts and not result.article.source_notes
        pdf = next(p for p in result.outputs if p.suffix == ".pdf")
        with pikepdf.open(pdf) as document:
            assert str(document.Root.Lang) == lang
        book = zipfile.ZipFile(next(p for p in result.outputs if p.suffix == ".epub"))
        opf = next(book.read(n).decode() for n in book.namelist() if n.endswith(".opf"))
        assert f"<dc:language>{lang}</dc:language>" in opf
        page = next(book.read(n).decode() for n in book.namelist() if n.endswith("/article.xhtml"))
        assert f'lang="{lang}"' in page
        assert "factbox" not in page


def _page_text(folder: Path) -> str:
    import lxml.html

    root = lxml.html.fromstring((folder / "expected.html").read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", root.text_content())


@pytest.mark.parametrize(
    "name",
    [
        "aktualne",
        "folha",
        "heise",
        "lemonde-1",
        "nytimes-5",
        "pixnet",
        "yahoo-4",
        "guardian-1",
        "cnet-svg-classes",
    ],
)
def test_corpus_pages_detected_as_declared(name: str, corpus_path: Path) -> None:
    folder = corpus_path / name
    declared = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))["lang"]
    found = detect(_page_text(folder))
    assert found is not None and found.confidence >= THRESHOLD
    expected = {"zh-TW": "zh-Hant"}.get(declared, declared.split("-")[0].lower())
    assert found.tag == expected


def test_load_detector_reads_the_model_before_children_fork(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A batch loads the detector once before its workers fork: afterwards a detection must
    not read the model file again (else every article's child loads its own, ~0.2 s each)."""
    import fasttext

    from publish.readers import language

    language._detector.cache_clear()
    language.load_detector()

    def no_second_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model was read again")

    monkeypatch.setattr(fasttext, "load_model", no_second_load)
    text = "Die Regierung hat am Montag neue Regeln für den Verkehr in der Stadt beschlossen."
    detection = detect(text)
    assert detection is not None and detection.tag == "de"
