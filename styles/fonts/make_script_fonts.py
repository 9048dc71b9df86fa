"""Make the script fonts in styles/fonts/ from Debian's fonts-noto-core and fonts-noto-cjk.

    apt-get download fonts-noto-core fonts-noto-cjk
    for d in *.deb; do dpkg-deb -x "$d" debian-fonts; done
    .venv/bin/python styles/fonts/make_script_fonts.py debian-fonts

The non-CJK fonts are copied whole (a few hundred kilobytes each). The CJK fonts are 26 MB
collections, so each region's face is cut down to the characters of its national standard:
GB 2312 for Simplified Chinese, Big5 for Traditional Chinese, JIS X 0208 for Japanese and
KS X 1001 plus every modern Hangul syllable for Korean, with the CJK punctuation, kana and
full-width forms they all use. A character outside a subset is reported by `publish` (exit 4)
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


def _double_byte(codec: str) -> set[int]:
    """Every character a double-byte national standard encodes."""
    found: set[int] = set()
    for lead in range(0x81, 0xFF):
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


def main(debian: Path) -> None:
    truetype = debian / "usr/share/fonts/truetype/noto"
    for family in WHOLE:
        for style in ("Regular", "Bold"):
            shutil.copyfile(truetype / f"{family}-{style}.ttf", OUT / f"{family}-{style}.ttf")
    cjk = debian / "usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
    collection = TTCollection(str(cjk))
    for region, (codec, index) in REGIONS.items():
        wanted = _double_byte(codec) | _shared()
        if region == "KR":
            wanted |= set(range(0xAC00, 0xD7A4))
        font = collection.fonts[index]
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.hinting = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(wanted))
        subsetter.subset(font)
        font.save(str(OUT / f"NotoSerifCJK{region}-Regular-subset.otf"))
    for package in ("fonts-noto-cjk", "fonts-noto-core"):
        shutil.copyfile(debian / "usr/share/doc" / package / "copyright",
                        OUT / f"COPYRIGHT-{package.removeprefix('fonts-')}.txt")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
