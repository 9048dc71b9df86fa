"""Each stream of a PDF deflated once per write: the same bytes, the cache gone after it."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator

import pydyf
import pytest

import publish.writers.pdf.weasy  # noqa: F401  (WeasyPrint opened as publish opens it)
from publish.writers.pdf import streams

HTML = (
    "<html lang=en><title>Streams</title><body><h1>A harbour ferry</h1>"
    "<p>Our own sentence about a ferry that runs later in the season.</p>"
    "<p style='font-family: serif'>A second face, so the file holds two fonts.</p></body>"
)


@pytest.fixture
def pydyf_own() -> Iterator[None]:
    """pydyf as it is alone during the test, the cache installed again after it."""
    streams.uninstall_stream_cache()
    try:
        yield
    finally:
        streams.install_stream_cache()


def _document() -> object:
    import weasyprint

    return weasyprint.HTML(string=HTML).render(pdf_variant="pdf/ua-1", pdf_tags=True)


def _write(document: object) -> bytes:
    data = document.write_pdf(pdf_identifier=b"publish-test")  # type: ignore[attr-defined]
    assert isinstance(data, bytes)
    return data


def test_a_documents_pdf_bytes_are_the_same_with_and_without_the_cache(
    pydyf_own: None,
) -> None:
    document = _document()
    alone = _write(document)
    streams.install_stream_cache()
    cached = _write(document)
    assert cached == alone
    assert b"/ID [" in cached or b"/ID[" in cached.replace(b" ", b"")


def test_each_stream_is_made_once_in_a_write(monkeypatch: pytest.MonkeyPatch) -> None:
    streams.install_stream_cache()
    made: Counter[int] = Counter()
    original = streams._STREAM_DATA

    def counted(stream: pydyf.Stream) -> bytes:
        made[id(stream)] += 1
        return original(stream)

    monkeypatch.setattr(streams, "_STREAM_DATA", counted)
    _write(_document())
    assert made and set(made.values()) == {1}  # pydyf alone asks for most of them twice


def test_the_cache_does_not_outlive_one_write() -> None:
    streams.install_stream_cache()
    stream = pydyf.Stream([b"0 0 m 10 10 l S"], compress=True)
    pdf = pydyf.PDF()
    pdf.add_object(stream)
    pdf.catalog["Pages"] = pdf.pages.reference
    pdf.write(io.BytesIO(), identifier=True, compress=True)
    assert not streams.writing()
    stream.stream = [b"0 0 m 20 20 l S"]  # changed after the write: made anew
    assert stream.data == streams._STREAM_DATA(stream)


def test_a_failed_write_drops_the_cache() -> None:
    streams.install_stream_cache()

    class Broken(io.BytesIO):
        def write(self, data: object) -> int:
            if streams.writing() and b"endstream" in bytes(data):  # type: ignore[arg-type]
                raise OSError("disk full")
            return super().write(data)  # type: ignore[arg-type]

    pdf = pydyf.PDF()
    pdf.add_object(pydyf.Stream([b"q Q"], compress=True))
    pdf.catalog["Pages"] = pdf.pages.reference
    with pytest.raises(OSError, match="disk full"):
        pdf.write(Broken(), identifier=True, compress=True)
    assert not streams.writing()
