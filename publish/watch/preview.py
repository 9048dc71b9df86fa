"""The live preview of `publish watch --serve`: the PDF's own pages, in a browser, kept current.

The page shows the PDF exactly as it prints (every page, the fact box and the source notes
where WeasyPrint put them), each page drawn by PDFium (as JPEG) when the browser asks for it,
with the page's text beside it for search and screen readers. The browser learns of each
rebuild through server-sent events (`/events`), then fetches `/state` and swaps the pages in
place, keeping its scroll position; a failed rebuild shows its one-line error above the last
good pages until the next good save. Nothing is written to disk: the pages live in memory.

The server is the standard library's, in a thread; it answers only on the address it was
given (127.0.0.1 unless `--host` says otherwise) and, on a loopback address, only to requests
that name it (`Host: 127.0.0.1:PORT` or `localhost:PORT`), so another site open in the
browser cannot read the preview by DNS rebinding.
"""

from __future__ import annotations

import errno
import io
import ipaddress
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from publish.errors import UsageError

SCALE = 1.5
"""Pixels per PDF point of the page images (108 dpi): sharp on a laptop, quick to draw."""
_PAGE = re.compile(r"^/page/(\d+)/(\d+)\.jpg$")
_HTML = Path(__file__).with_name("preview.html")


@dataclass
class PreviewState:
    """What the preview shows now: the version, the PDF's bytes, the last report or error."""

    version: int = 0
    pdf: bytes | None = None
    pdf_serial: int = 0
    """Bumped when a different PDF is shown: the page images' addresses carry it."""
    error: str | None = None
    report: str = "building..."
    closed: bool = False
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _render: threading.Lock = field(default_factory=threading.Lock)
    _document: Any = None
    _pages: dict[int, bytes] = field(default_factory=dict)
    _texts: list[str] = field(default_factory=list)

    def show_pdf(self, data: bytes, report: str) -> None:
        """Show the PDF DATA (a good rebuild) and clear any error."""
        if data == self.pdf:  # the laid-out PDF shown already, now written: only the report
            with self._changed:
                self.error, self.report = None, report
                self._bump()
            return
        with self._render:
            document = _open_pdf(data)
            texts = [_page_text(document, i) for i in range(len(document))]
            old, self._document, self._pages, self._texts = self._document, document, {}, texts
            if old is not None:
                old.close()
        with self._changed:
            self.pdf, self.error, self.report = data, None, report
            self.pdf_serial += 1
            self._bump()

    def show_error(self, line: str) -> None:
        """Show the one-line error of a failed rebuild above the last good pages."""
        with self._changed:
            self.error = line
            shown = "the pages are the last good build's" if self.pdf else "no pages yet"
            self.report = f"{time.strftime('%H:%M:%S')} the last save did not build; {shown}"
            self._bump()

    def close(self) -> None:
        """Wake every open event stream so that it ends."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def _bump(self) -> None:
        self.version += 1
        self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """Return the version once it is past SEEN (or after TIMEOUT seconds, or on close)."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen or self.closed, timeout)
            return self.version

    def as_json(self) -> bytes:
        """Return the state the page draws: version, error, report and each page's image."""
        with self._render:
            texts = list(self._texts)
        with self._changed:
            pages = [
                {"src": f"/page/{self.pdf_serial}/{i + 1}.jpg", "text": text}
                for i, text in enumerate(texts)
            ]
            data = {
                "version": self.version,
                "error": self.error,
                "report": self.report,
                "pdf": self.pdf_serial,
                "pages": pages,
            }
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    def page_image(self, number: int) -> bytes | None:
        """Return page NUMBER (from 1) of the current PDF as JPEG; None when there is none."""
        with self._render:
            if self._document is None or not 1 <= number <= len(self._document):
                return None
            if number not in self._pages:
                self._pages[number] = _page_image(self._document, number - 1)
            return self._pages[number]


def _open_pdf(data: bytes) -> Any:
    import pypdfium2

    return pypdfium2.PdfDocument(data)


def _page_text(document: Any, index: int) -> str:
    page = document[index]
    text = page.get_textpage().get_text_range()
    return " ".join(str(text).split())


def _page_image(document: Any, index: int) -> bytes:
    """Return page INDEX drawn as JPEG: a tenth of PNG's encoding time (about 10 ms against
    90 ms a page), and at quality 92 without chroma subsampling the text looks the same."""
    image = document[index].render(scale=SCALE).to_pil()
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=92, subsampling=0)
    return buffer.getvalue()


class _Handler(BaseHTTPRequestHandler):
    """Answer the preview's four addresses: the page, its state, its events, page images."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if not self.server.host_allowed(self.headers.get("Host", "")):
            self._send(421, b"wrong host\n", "text/plain")
            return
        path = self.path.split("?", 1)[0]
        state = self.server.state
        if path == "/":
            self._send(200, _HTML.read_bytes(), "text/html; charset=utf-8")
        elif path == "/state":
            self._send(200, state.as_json(), "application/json")
        elif path == "/events":
            self._events(state)
        elif match := _PAGE.match(path):
            image = state.page_image(int(match.group(2)))
            if image is None or int(match.group(1)) != state.pdf_serial:
                self._send(404, b"no such page\n", "text/plain")
            else:
                self._send(200, image, "image/jpeg", cache="max-age=31536000, immutable")
        else:
            self._send(404, b"not found\n", "text/plain")

    def _send(self, status: int, body: bytes, kind: str, cache: str = "no-store") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _events(self, state: PreviewState) -> None:
        """Stream the version each time it changes (and a comment every 15 s to keep alive)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        seen = -1
        try:
            while not state.closed:
                version = state.wait(seen, 15.0)
                if state.closed:
                    break
                message = f"data: {version}\n\n" if version != seen else ": alive\n\n"
                self.wfile.write(message.encode("ascii"))
                self.wfile.flush()
                seen = version
        except OSError:  # the browser went away
            return

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Keep the terminal for the rebuild reports."""


class PreviewServer(ThreadingHTTPServer):
    """The preview's HTTP server, serving one `PreviewState`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str, port: int, state: PreviewState) -> None:
        self.state = state
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            super().__init__((host, port), _Handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(
                    f"--port: {port} is in use on {host}; choose another, or "
                    "--port 0 for a free one"
                ) from None
            raise UsageError(f"--host: cannot serve on {host}:{port} ({exc.strerror})") from None
        self.loopback = _is_loopback(host)

    @property
    def url(self) -> str:
        """Return the address to open in a browser."""
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def host_allowed(self, header: str) -> bool:
        """Tell whether a request's Host header names this server (always, off loopback)."""
        if not self.loopback:
            return True
        port = self.server_address[1]
        return header in {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}

    def start(self) -> threading.Thread:
        """Serve in a daemon thread; return it."""
        thread = threading.Thread(target=self.serve_forever, name="preview", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """Stop serving, end the event streams, and close the socket."""
        self.state.close()
        self.shutdown()
        self.server_close()


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
