"""The only way a writer reads a file: local files under allowed folders, remote ones by policy.

Local: `file:` URLs under the article's and the theme's folders, nothing else.

Remote: only from hosts the user named with `--allow-remote`, and only https. Every address a
host name resolves to must be a public one (no loopback, private, link-local, multicast or
reserved address), and the connection goes to the address that was checked, so a second DNS
answer cannot swap in another. Redirects are followed only to URLs that pass the same checks;
the body is capped in size and the whole fetch in time.
"""

from __future__ import annotations

import ipaddress
import mimetypes
import os
import re
import socket
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

from publish.article_files import FetchedImage
from publish.errors import FetchRefused, UsageError

MAX_REMOTE_BYTES = 10 * 1024 * 1024
"""Largest body one remote fetch may return."""

REMOTE_TIMEOUT = 15.0
"""Seconds one remote fetch may take, redirects included."""

MAX_REDIRECTS = 5

_REDIRECTS = {301, 302, 303, 307, 308}


class Response(Protocol):
    """The part of an HTTP response the fetcher uses."""

    status: int

    def getheader(self, name: str) -> str | None: ...

    def read(self, amount: int) -> bytes: ...


Resolver = Callable[[str, int], list[str]]
Opener = Callable[[str, str, int, str, float], Response]


_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
_HOST_NAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")


def check_host_names(hosts: Iterable[str]) -> tuple[str, ...]:
    """Return HOSTS lower-cased, or raise UsageError for one that is not a plain host name."""
    names = []
    for host in hosts:
        name = host.strip().lower().rstrip(".")
        if not _HOST_NAME.match(name):
            raise UsageError(
                f'--allow-remote "{host}": give a host name such as '
                "images.example.org (no scheme, port or path)"
            )
        names.append(name)
    return tuple(names)


def resolve(host: str, port: int) -> list[str]:
    """Return every address HOST resolves to."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def open_https(host: str, address: str, port: int, target: str, timeout: float) -> Response:
    """Send GET TARGET to HOST at ADDRESS over verified TLS and return the response."""
    import http.client
    import ssl

    class _PinnedHTTPS(http.client.HTTPSConnection):
        """An HTTPS connection to a checked ADDRESS that verifies the certificate of HOST."""

        def __init__(self) -> None:
            super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())

        def connect(self) -> None:
            sock = socket.create_connection((address, self.port), self.timeout)
            self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]

    connection = _PinnedHTTPS()
    connection.request(
        "GET",
        target,
        headers={"Host": host, "User-Agent": "publish", "Accept-Encoding": "identity"},
    )
    return connection.getresponse()


def public_address(address: str) -> bool:
    """Return whether ADDRESS is a public internet address (not private, loopback, ...)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(ip.is_global) and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


@dataclass(frozen=True)
class RemotePolicy:
    """Which hosts may be fetched from, and how much and how long a fetch may take."""

    hosts: Iterable[str] = ()
    max_bytes: int = MAX_REMOTE_BYTES
    timeout: float = REMOTE_TIMEOUT
    max_redirects: int = MAX_REDIRECTS
    resolver: Resolver | None = field(default=None, repr=False)
    """Host name -> addresses; None is the system resolver."""
    opener: Opener | None = field(default=None, repr=False)
    """Opens one checked request; None is a TLS connection pinned to the checked address."""

    def allowed_hosts(self) -> frozenset[str]:
        """Return the allowed host names, lower-cased."""
        return frozenset(host.strip().lower().rstrip(".") for host in self.hosts)

    def check(self, url: str) -> tuple[str, int, str, str]:
        """Return (host, port, request target, address) for URL, or raise FetchRefused."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "https":
            raise FetchRefused(f"only https URLs may be fetched: {url[:200]}")
        if parts.username or parts.password:
            raise FetchRefused(f"URLs with a user name or password are refused: {url[:200]}")
        host = (parts.hostname or "").lower().rstrip(".")
        if host not in self.allowed_hosts():
            raise FetchRefused(f'host "{host}" is not allowed (use --allow-remote {host})')
        try:
            port = parts.port or 443
        except ValueError:
            raise FetchRefused(f"bad port in {url[:200]}") from None
        try:
            addresses = (self.resolver or resolve)(host, port)
        except OSError as exc:
            raise FetchRefused(f'cannot resolve "{host}": {exc}') from None
        if not addresses:
            raise FetchRefused(f'"{host}" has no address')
        for address in addresses:
            if not public_address(address):
                raise FetchRefused(f'"{host}" resolves to {address}, which is not a public address')
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return host, port, target, addresses[0]

    def fetch(self, url: str) -> tuple[bytes, str]:
        """Return the body and media type at URL, following checked redirects."""
        import http.client  # only a build that may fetch pays for it

        deadline = time.monotonic() + self.timeout
        for _ in range(self.max_redirects + 1):
            host, port, target, address = self.check(url)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchRefused(f"fetching took longer than {self.timeout:g} s: {url[:200]}")
            try:
                response = (self.opener or open_https)(host, address, port, target, remaining)
                if response.status in _REDIRECTS:
                    location = response.getheader("Location")
                    if not location:
                        raise FetchRefused(f"redirect without a Location: {url[:200]}")
                    url = urljoin(url, location)
                    continue
                if response.status != 200:
                    raise FetchRefused(f"HTTP {response.status} from {url[:200]}")
                length = response.getheader("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise FetchRefused(f"{url[:200]} is larger than {self.max_bytes} bytes")
                body = self._read(response, url, deadline)
            except (OSError, http.client.HTTPException) as exc:
                raise FetchRefused(f"cannot fetch {url[:200]}: {exc}") from None
            media_type = response.getheader("Content-Type") or "application/octet-stream"
            return body, media_type.split(";", 1)[0].strip()
        raise FetchRefused(f"more than {self.max_redirects} redirects: {url[:200]}")

    def _read(self, response: Response, url: str, deadline: float) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise FetchRefused(f"fetching took longer than {self.timeout:g} s: {url[:200]}")
            chunk = response.read(64 * 1024)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchRefused(f"{url[:200]} is larger than {self.max_bytes} bytes")
            chunks.append(chunk)


class LocalFiles:
    """Serve `file:` URLs under ROOTS; refuse every other URL and every other file.

    With a REMOTE policy, https URLs it allows are fetched through it; nothing else is.
    PREFETCHED are the article's remote images, fetched once already (publish.remote_images):
    they are served from memory, never fetched again.
    """

    def __init__(
        self,
        roots: Iterable[Path],
        remote: RemotePolicy | None = None,
        prefetched: Iterable[FetchedImage] = (),
    ) -> None:
        self.roots = tuple(root.resolve() for root in roots)
        self._prefixes = tuple(str(root).rstrip("/") + "/" for root in self.roots)
        self._folders: dict[str, str] = {}
        """Each folder a URL named, resolved (once a document: `_resolved`)."""
        self.remote = remote
        self.prefetched = {image.url: image for image in prefetched}
        self.fetched: list[str] = []
        self.refused: list[str] = []
        self.reasons: list[str] = []

    def path_for(self, url: str) -> Path:
        """Return the allowed local file URL names, or raise FetchRefused."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file":
            self.refused.append(url)
            raise FetchRefused(f"{parts.scheme or 'relative'} URL refused: {url[:200]}")
        if parts.netloc not in ("", "localhost"):
            self.refused.append(url)
            raise FetchRefused(f"file URL on another host refused: {url[:200]}")
        real, is_file = self._resolved(url2pathname(unquote(parts.path)))
        path = Path(real)
        if not any(real == root[:-1] or real.startswith(root) for root in self._prefixes):
            self.refused.append(url)
            raise FetchRefused(f"file outside the article and theme folders refused: {path}")
        if not is_file:
            self.refused.append(url)
            raise FetchRefused(f"no such file: {path}")
        self.fetched.append(real)
        return path

    def _resolved(self, name: str) -> tuple[str, bool]:
        """Return the file NAME resolved (as `Path.resolve`) and whether it is a regular file.

        A file that is no link resolves to its folder resolved, then its name: the folder is
        resolved once for the document (a theme's 36 font files, one folder), the file only
        looked at (`lstat`). A link, or anything else, is resolved whole.
        """
        folder, base = os.path.split(name)
        try:
            info = os.lstat(name)
        except OSError:
            info = None
        if info is None or stat.S_ISLNK(info.st_mode) or base in ("", ".", "..") or not folder:
            real = os.path.realpath(name)
            return real, os.path.isfile(real)
        if folder not in self._folders:
            self._folders[folder] = os.path.realpath(folder)
        return os.path.join(self._folders[folder], base), stat.S_ISREG(info.st_mode)

    def read(self, url: str) -> tuple[bytes, str]:
        """Return the bytes and media type of the allowed file URL names."""
        if url in self.prefetched:
            self.fetched.append(url)
            return self.prefetched[url].data, self.prefetched[url].media_type
        try:
            if self.remote is not None and urlsplit(url).scheme.lower() == "https":
                body, media_type = self.remote.fetch(url)
                self.fetched.append(url)
                return body, media_type
            path = self.path_for(url)
            data = self._read_local(path, url)
        except FetchRefused as exc:
            if url not in self.refused:
                self.refused.append(url)
            self.reasons.append(str(exc))
            raise
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return data, media_type

    def _read_local(self, path: Path, url: str) -> bytes:
        """Return PATH's bytes as opened (checked again after opening: no swapped link)."""
        from publish.resources import ReadRefused, read_inside

        try:
            return read_inside(path, self.roots)
        except ReadRefused as exc:
            raise FetchRefused(f"{url[:200]}: {exc}") from None
