"""WeasyPrint's presentational-hints and forms stylesheets, parsed only when a document uses
them (publish/writers/pdf/libraries.py, `sheets_on_use`): the same styles when one does."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
if sys.argv[1] == "publish":
    import publish.writers.pdf.libraries
import weasyprint
import weasyprint.html as html
HTML = '''<table border="4" bgcolor="#ff0000" width="300"><tr><td align="right">
<font color="#00ff00" size="5">Cell</font></td></tr></table><hr size="7" noshade>
<form><input type="text" name="who" value="A name"><input type="checkbox" checked></form>'''
parsed = {name: getattr(getattr(html, name), "_sheet", "parsed") is not None
          for name in ("PH_STYLESHEET", "UA_FORM_STYLESHEET")}
document = weasyprint.HTML(string=HTML).render(presentational_hints=True, pdf_forms=True)
def walk(box, found):
    style = box.style
    found.append([type(box).__name__, getattr(box, "element_tag", None),
                  str(style["border_top_width"]), str(style["color"]),
                  str(style["background_color"]), str(style["width"]), str(style["text_align_all"]),
                  str(style["font_size"]), str(style["appearance"]), box.width, box.height])
    for child in getattr(box, "children", []):
        walk(child, found)
    return found
print(json.dumps({"before": parsed, "boxes": [walk(p._page_box, []) for p in document.pages]},
                 default=str))
"""


def _probe(how: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, how], capture_output=True, text=True, check=True, timeout=120
    )
    found: dict[str, object] = json.loads(result.stdout)
    return found


def test_the_sheets_are_parsed_on_use_and_style_as_before() -> None:
    ours, plain = _probe("publish"), _probe("plain")
    assert ours["before"] == {"PH_STYLESHEET": False, "UA_FORM_STYLESHEET": False}
    assert ours["boxes"] == plain["boxes"]
    assert "color(srgb 1.0 0.0 0.0 / 1.0)" in json.dumps(plain["boxes"])  # bgcolor, a hint


def test_a_document_without_them_leaves_them_unparsed() -> None:
    code = (
        "import publish.writers.pdf.libraries, weasyprint, weasyprint.html as h; "
        "weasyprint.HTML(string='<p>Text</p>').render(); "
        "print(h.PH_STYLESHEET._sheet, h.UA_FORM_STYLESHEET._sheet)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["None", "None"]
