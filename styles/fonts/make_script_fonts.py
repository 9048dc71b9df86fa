"""Make the script fonts in styles/fonts/ from Debian's fonts-noto-core and fonts-noto-cjk.

    apt-get download fonts-noto-core fonts-noto-cjk
    for d in *.deb; do dpkg-deb -x "$d" debian-fonts; done
    .venv/bin/python styles/fonts/make_script_fonts.py debian-fonts

The non-CJK fonts are copied whole (a few hundred kilobytes each). The CJK fonts are 26 MB
collections, so each region's face is cut down to the characters of its national standard:
GB 2312 for Simplified Chinese, Big5 for Traditional Chinese, JIS X 0208 for Japanese and
KS X 1001 plus every modern Hangul syllable for Korean, with the CJK punctuation, kana and
full-width forms they all use. The bold faces (for headings and strong text) are cut to the
first, common level of the same standards (GB 2312 level 1, Big5's frequent characters, JIS
level 1, KS X 1001's 2,350 Hangul syllables): a bold character outside it prints in the
regular face. A character outside a subset is reported by `publish` (exit 4)
with a pointer to adding a font through `--styles DIR` (DIR/fonts/), never printed as an empty box.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

OUT = Path(__file__).resolve().parent  # styles/fonts/, where this script lives

WHOLE = (
    "NotoNaskhArabic", "NotoSerifHebrew", "NotoSerifDevanagari", "NotoSerifBengali",
    "NotoSerifTamil", "NotoSerifThai", "NotoSerifMyanmar",
)

REGIONS = {"JP": ("euc_jp", 0), "KR": ("euc_kr", 1), "SC": ("gb2312", 2), "TC": ("big5", 3)}

LEVEL_ONE = {"JP": (0xB0, 0xCF), "KR": (0xB0, 0xC8), "SC": (0xB0, 0xD7), "TC": (0xA4, 0xC6)}
"""Lead bytes of each standard's first level: the common ideographs (Hangul for KR)."""


def _double_byte(codec: str, leads: tuple[int, int] = (0x81, 0xFE)) -> set[int]:
    """Every character a double-byte national standard encodes (with lead bytes LEADS)."""
    found: set[int] = set()
    for lead in range(leads[0], leads[1] + 1):
        for trail in range(0x40, 0xFF):
            try:
                text = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                found.add(ord(text))
    return found


def _shared() -> set[int]:
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x3000, 0x30FF),
              (0x3130, 0x318F), (0x31F0, 0x31FF), (0xFF00, 0xFFEF), (0x1100, 0x11FF)]
    return {c for low, high in ranges for c in range(low, high + 1)}


def _subset(font: object, wanted: set[int], path: Path) -> None:
    """Cut FONT down to the characters WANTED (all their layout features kept), save at PATH."""
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted))
    subsetter.subset(font)
    font.save(str(path))  # type: ignore[attr-defined]


def main(debian: Path) -> None:
    truetype = debian / "usr/share/fonts/truetype/noto"
    for family in WHOLE:
        for style in ("Regular", "Bold"):
            shutil.copyfile(truetype / f"{family}-{style}.ttf", OUT / f"{family}-{style}.ttf")
    for style in ("Regular", "Bold"):
        cjk = debian / f"usr/share/fonts/opentype/noto/NotoSerifCJK-{style}.ttc"
        collection = TTCollection(str(cjk))
        for region, (codec, index) in REGIONS.items():
            if style == "Bold":
                common = _double_byte(codec, LEVEL_ONE[region])
                wanted = {c for c in common if c > 0x2E80} | _shared()
            else:
                wanted = _double_byte(codec) | _shared()
                if region == "KR":
                    wanted |= set(range(0xAC00, 0xD7A4))
            _subset(collection.fonts[index], wanted,
                    OUT / f"NotoSerifCJK{region}-{style}-subset.otf")
    for package in ("fonts-noto-cjk", "fonts-noto-core"):
        shutil.copyfile(debian / "usr/share/doc" / package / "copyright",
                        OUT / f"COPYRIGHT-{package.removeprefix('fonts-')}.txt")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
