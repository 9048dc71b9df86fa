"""Page-break markers: placed at the right character, at a word start, in valid places."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from publish.writers.pagemap import PageStart, insert_page_breaks

HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
    '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
    "<head><title>t</title></head><body>"
)
MARK = '<span epub:type="pagebreak" role="doc-pagebreak" id="page-{n}" aria-label="{n}"/>'


def place(body: str, *pages: PageStart) -> str:
    out = insert_page_breaks((HEAD + body + "</body></html>").encode("utf-8"), pages)
    ET.fromstring(out)  # still well-formed
    text = out.decode("utf-8")
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<!DOCTYPE html>")
    return text[text.index("<body>") + 6 : text.index("</body>")]


def test_marker_goes_after_the_counted_characters_at_a_word_start() -> None:
    body = '<p id="b0">One two three</p>'
    assert place(body, PageStart(2, (("b0", 3),))) == (
        '<p id="b0">One ' + MARK.format(n=2) + "two three</p>"
    )
    # a page that starts inside a word ("thr|ee") gets its marker before the word
    assert place(body, PageStart(2, (("b0", 9),))) == (
        '<p id="b0">One two ' + MARK.format(n=2) + "three</p>"
    )


def test_marker_counts_through_inline_elements() -> None:
    body = '<p id="b1">Alpha <em>beta gamma</em> delta</p>'
    assert place(body, PageStart(3, (("b1", 9),))) == (
        '<p id="b1">Alpha <em>beta ' + MARK.format(n=3) + "gamma</em> delta</p>"
    )
    assert place(body, PageStart(3, (("b1", 14),))) == (
        '<p id="b1">Alpha <em>beta gamma</em> ' + MARK.format(n=3) + "delta</p>"
    )


def test_innermost_anchor_found_wins_and_lists_get_it_inside_an_item() -> None:
    body = '<ul id="b2"><li>first</li><li>second</li></ul>'
    assert place(body, PageStart(1, (("gone", 0), ("b2", 0)))) == (
        '<ul id="b2"><li>' + MARK.format(n=1) + "first</li><li>second</li></ul>"
    )
    assert place(body, PageStart(4, (("b2", 5),))) == (
        '<ul id="b2"><li>first</li><li>' + MARK.format(n=4) + "second</li></ul>"
    )


def test_page_without_a_known_anchor_follows_the_previous_marker() -> None:
    body = '<p id="b0">Text</p>'
    assert place(body, PageStart(1, (("b0", 0),)), PageStart(2, (("missing", 3),))) == (
        '<p id="b0">' + MARK.format(n=1) + MARK.format(n=2) + "Text</p>"
    )
