"""Dates written in the article's language (CLDR month names and patterns through Babel): a
`.txt` article's date line is read in the language of its text; a date that is not one, or
names no real day, is refused naming the line. Texts written for these tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publish.cli import app
from publish.errors import InputError
from publish.readers import read_article
from publish.readers.dates import parse_date
from publish.readers.local_dates import ascii_digits, vocabulary

MARCH_3 = dt.date(2024, 3, 3)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("3 de marzo de 2024", "es"),
        ("domingo, 3 de marzo de 2024, 10:30", "es"),
        ("3. März 2024", "de-AT"),
        ("Sonntag, 3. März 2024", "de"),
        ("3 mars 2024", "fr"),
        ("3 марта 2024 г.", "ru"),
        ("3 марта 2024 года", "ru"),
        ("2024. gada 3. marts", "lv"),
        ("2024. gada 3. martā", "lv"),
        ("3 مارس 2024", "ar"),
        ("٣ آذار ٢٠٢٤", "ar"),  # the Levant's month name, Arabic-Indic digits
        ("الأحد 3 آذار/مارس 2024", "ar"),
        ("3 במרץ 2024", "he"),
        ("3 मार्च 2024", "hi"),
        ("2024年3月3日", "ja"),
        ("2024年3月3日（日）", "ja"),
        ("2024年3月3日 14:00", "zh-Hans"),
        ("2024년 3월 3일", "ko"),
    ],
)
def test_a_date_in_the_language_is_read(text: str, language: str) -> None:
    assert parse_date(text, language) == MARCH_3


@pytest.mark.parametrize(
    ("text", "language", "problem"),
    [
        ("31 de febrero de 2024", "es", "is not a real day"),
        ("2024年2月30日", "ja", "is not a real day"),
        ("3 de marzzo de 2024", "es", '"marzzo" is not a month'),
        ("3 de marzo", "es", "one day and one four-digit year"),
        ("3 de marzo de 2024 y 5", "es", '"y" is not a month'),
        ("3 März bis 4 April 2024", "de", '"bis" is not a month'),
        ("۱۴ اسفند ۱۴۰۲", "fa", "is not a month"),  # Solar Hijri: not read, never guessed
        ("3 de marzo de 2024", "en", "14 August 2023"),
        ("3 de marzo de 2024", None, "14 August 2023"),
    ],
)
def test_a_bad_date_is_refused_saying_why(text: str, language: str | None, problem: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(text, language)
    assert problem in str(caught.value) and text in str(caught.value)


def test_the_error_shows_how_the_language_writes_a_date() -> None:
    with pytest.raises(ValueError) as caught:
        parse_date("3 de marzzo de 2024", "es")
    assert '"14 de agosto de 2023"' in str(caught.value)


def test_english_forms_are_read_as_before_in_any_language() -> None:
    assert parse_date("Aug 14 2023", "es") == dt.date(2023, 8, 14)
    assert parse_date("14.08.2023", "de") == dt.date(2023, 8, 14)
    with pytest.raises(ValueError, match="ambiguous"):
        parse_date("05/06/2023", "fr")


def test_the_vocabulary_joins_every_region_and_drops_nothing_real() -> None:
    arabic = vocabulary("ar")
    assert arabic is not None and arabic.months["آذار"] == arabic.months["مارس"] == 3
    assert vocabulary("zz") is None
    assert ascii_digits("٣ आ ३ ۳") == "3 आ 3 3"


SPANISH = (
    "El ayuntamiento aprobó ayer el nuevo presupuesto\n"
    "3 de marzo de 2024\n\n"
    "El pleno municipal aprobó el presupuesto para el próximo año con los votos de la mayoría. "
    "La alcaldesa prometió más dinero para las escuelas y el transporte público.\n"
)
GERMAN = (
    "Stadtrat beschließt neuen Haushalt\n"
    "3. März 2024\n\n"
    "Der Stadtrat hat gestern den Haushalt für das kommende Jahr mit großer Mehrheit "
    "beschlossen. Die Bürgermeisterin versprach mehr Geld für Schulen und Busse.\n"
)
JAPANESE = (
    "市議会が新年度予算を可決\n"
    "2024年3月3日\n\n"
    "市議会は昨日、来年度の新しい予算を賛成多数で可決した。市長は学校と公共交通に"
    "より多くのお金を使うと約束した。\n"
)
ARABIC = (
    "مجلس المدينة يقر الميزانية الجديدة\n"
    "3 آذار 2024\n\n"
    "أقر مجلس المدينة أمس الميزانية الجديدة للعام المقبل بأغلبية الأصوات، ووعدت رئيسة "
    "البلدية بمزيد من الأموال للمدارس والنقل العام.\n"
)


@pytest.mark.parametrize(
    ("text", "language"),
    [(SPANISH, "es"), (GERMAN, "de"), (JAPANESE, "ja"), (ARABIC, "ar")],
)
def test_a_text_article_dated_in_its_language_builds(
    tmp_path: Path, text: str, language: str
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    article, _ = read_article(str(path))
    assert article.date == MARCH_3 and article.language == language


def test_a_text_article_with_a_bad_date_fails_naming_the_line(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(SPANISH.replace("3 de marzo", "31 de febrero"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_article(str(path))
    assert caught.value.line == 2 and "is not a real day" in caught.value.message
    result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and f"{path}:2:" in lines[0] and "31 de febrero de 2024" in lines[0]


def test_front_matter_dates_follow_the_stated_language(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: Neuer Haushalt\ndate: 3. März 2024\nlang: de\n---\n\nText.\n",
        encoding="utf-8",
    )
    article, _ = read_article(str(path))
    assert article.date == MARCH_3
    path.write_text("---\ntitle: T\ndate: 3. März 2024\n---\n\nText.\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_article(str(path))  # no language stated: only the forms every article may use
    assert caught.value.line == 3 and "is not a date" in caught.value.message
