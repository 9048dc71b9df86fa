"""Guarantees 1 and 2: nothing read outside the allowed folders; no network unless allowed."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publish.cli import app
from publish.errors import FetchRefused, RenderError
from publish.isolation import NO_LIMITS
from publish.pipeline import build
from publish.render.templates import Theme
from publish.settings import BuildSettings
from publish.writers.fetcher import LocalFiles, RemotePolicy, public_address
from tests.hostile_support import (
    CANARY_TEXT,
    OpenRecorder,
    assert_one_error_line,
    assert_only_complete_outputs,
    no_network,
    opened_files,
)
from tests.test_hostile_inputs import FM, assert_reads_allowed

__all__ = ["no_network", "opened_files"]


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Return (article, out folder, canary); the canary lies outside the article's folder."""
    secret = tmp_path / "secret"
    secret.mkdir()
    canary = secret / "canary.css"
    canary.write_text(f'body::after {{ content: "{CANARY_TEXT}" }}\n')
    folder = tmp_path / "in"
    folder.mkdir()
    article = folder / "a.md"
    article.write_text(FM + "Some text.\n")
    return article, tmp_path / "out", canary


# --- Guarantee 1 -------------------------------------------------------------------------

STYLE_ATTACKS = {
    "url-file": 'body {{ background: url("file://{canary}") }}',
    "import-file": '@import url("file://{canary}");',
    "import-relative": '@import "../secret/canary.css";',
    "import-etc": '@import url("file:///etc/passwd");',
    "font-face": '@font-face {{ font-family: X; src: url("file:///etc/passwd") }} '
    "body {{ font-family: X }}",
    "remote": 'body {{ background: url("https://example.org/x.png") }}',
    "metadata": 'body {{ background: url("http://169.254.169.254/latest/meta-data") }}',
}


@pytest.mark.parametrize("attack", sorted(STYLE_ATTACKS))
def test_user_stylesheet_cannot_read_outside(
    attack: str,
    world: tuple[Path, Path, Path],
    no_network: None,
    opened_files: OpenRecorder,
) -> None:
    """A refused fetch is an error (exit 4) naming the URL, never a silent hole."""
    article, out, canary = world
    styles = article.parent.parent / "styles"
    (styles).mkdir()
    (styles / "print.css").write_text(STYLE_ATTACKS[attack].format(canary=canary))
    result = CliRunner().invoke(
        app, ["build", str(article), "-o", str(out), "--styles", str(styles)]
    )
    assert result.exit_code == 4, result.output
    line = assert_one_error_line(result.output)
    assert "may not read" in line["message"]
    assert assert_only_complete_outputs(out) == []
    assert_reads_allowed(opened_files, article.parent, out, canary.resolve(), styles)


@pytest.mark.parametrize(
    "css",
    [
        'p { background: url("file:///etc/passwd") }',
        '@import "../secret/canary.css";',
        "p { background: url(https://example.org/track.png) }",
    ],
)
def test_epub_stylesheet_cannot_point_outside_the_book(
    css: str, world: tuple[Path, Path, Path], no_network: None
) -> None:
    """The EPUB's stylesheets are packed as they are: a reference out of the book is refused."""
    article, out, _ = world
    styles = article.parent.parent / "styles"
    styles.mkdir()
    (styles / "epub.css").write_text(css)
    result = CliRunner().invoke(
        app, ["build", str(article), "-o", str(out), "-f", "epub", "--styles", str(styles)]
    )
    assert result.exit_code == 4, result.output
    line = assert_one_error_line(result.output)
    assert line["file"] == str(styles / "epub.css") and "cannot go in the EPUB" in line[0]
    assert assert_only_complete_outputs(out) == []


HTML_ATTACKS = {
    "attachment": '<link rel="attachment" href="file://{canary}" />',
    "anchor-attachment": '<a rel="attachment" href="file://{canary}">x</a>',
    "img": '<img src="file://{canary}" alt="" />',
    "base": '<base href="file:///etc/" /><img src="passwd" alt="" />',
    "stylesheet": '<link rel="stylesheet" href="file://{canary}" />',
    "svg": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<image xlink:href="file://{canary}" width="5" height="5" /></svg>',
    "object": '<object data="file://{canary}" type="text/plain"></object>',
    "iframe-remote": '<img src="http://169.254.169.254/latest/meta-data" alt="" />',
}


@pytest.mark.parametrize("attack", sorted(HTML_ATTACKS))
def test_theme_markup_cannot_read_outside(
    attack: str,
    world: tuple[Path, Path, Path],
    no_network: None,
    opened_files: OpenRecorder,
) -> None:
    """Even the theme's own HTML (the only raw HTML rendered) reads nothing outside."""
    article, out, canary = world
    templates = article.parent.parent / "templates"
    templates.mkdir()
    page = (
        '{% extends "base.html.j2" %}{% block body %}<p>Text.</p>'
        + HTML_ATTACKS[attack].format(canary=canary)
        + "{% endblock %}"
    )
    (templates / "article.html.j2").write_text(page)
    result = CliRunner().invoke(
        app, ["build", str(article), "-o", str(out), "-f", "pdf", "--templates", str(templates)]
    )
    assert result.exit_code == 4, result.output
    assert "may not read" in assert_one_error_line(result.output)["message"]
    assert assert_only_complete_outputs(out) == []
    assert_reads_allowed(opened_files, article.parent, out, canary.resolve(), templates)


def test_template_cannot_include_outside(
    world: tuple[Path, Path, Path], no_network: None, opened_files: OpenRecorder
) -> None:
    article, out, canary = world
    templates = article.parent.parent / "templates"
    templates.mkdir()
    (templates / "article.html.j2").write_text('{% include "../secret/canary.css" %}')
    result = CliRunner().invoke(
        app, ["build", str(article), "-o", str(out), "--templates", str(templates)]
    )
    assert result.exit_code == 4, result.output
    assert "canary.css" in assert_one_error_line(result.output)["message"]
    assert_reads_allowed(opened_files, article.parent, out, canary.resolve(), templates)


def test_every_fetch_goes_through_the_recording_fetcher(
    world: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    """Build in-process and check each file the renderer fetched is an allowed one."""
    article, out, _ = world
    shutil.copy(Path(__file__).parent.parent / "styles" / "fonts.css", article.parent / "x.css")
    created: list[LocalFiles] = []

    class Recording(LocalFiles):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            created.append(self)

    monkeypatch.setattr("publish.writers.pdf.LocalFiles", Recording)
    theme = Theme()
    build([str(article)], BuildSettings(out_dir=out, limits=NO_LIMITS, theme=theme))
    # The theme's warm-up (stylesheets parsed before the render fork) reads through one
    # too; the document's own, last, re-checks every file the parsed stylesheets read.
    assert created and created[-1].fetched, "the fonts at least are read through the fetcher"
    roots = [*theme.roots, article.parent.resolve()]
    for files in created:
        assert files.refused == []
        for fetched in files.fetched:
            assert any(root in Path(fetched).parents for root in roots), fetched


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/x.png",
        "https://example.org/x.png",
        "ftp://example.org/x",
        "file://otherhost/etc/passwd",
        "file:///{root}/../secret/canary.css",
        "file:///{root}/link-out.css",
        "file:///{root}/missing.css",
        "file:///{root}/folder-out/canary.css",
        "file:///{root}/folder-out/../../secret/canary.css",
        "file:///{root}/inner/../folder-out/canary.css",
    ],
)
def test_local_files_refuses(url: str, world: tuple[Path, Path, Path]) -> None:
    article, _, canary = world
    root = article.parent
    (root / "link-out.css").symlink_to(canary)
    (root / "folder-out").symlink_to(canary.parent)  # a folder that leads out, then a file
    (root / "inner").mkdir()
    files = LocalFiles([root])
    with pytest.raises(FetchRefused):
        files.read(url.format(root=str(root).lstrip("/")))
    assert files.refused and not files.fetched


def test_local_files_serve_a_file_under_a_folder_link_that_stays_inside(tmp_path: Path) -> None:
    """The folder a file is in is resolved (once a document), then the file: a folder
    link inside the roots serves, and a file that is itself a link is resolved whole."""
    root = tmp_path / "root"
    (root / "real").mkdir(parents=True)
    (root / "real" / "a.css").write_text("p {}")
    (root / "alias").symlink_to(root / "real")
    (root / "real" / "b.css").symlink_to(root / "real" / "a.css")
    files = LocalFiles([root])
    for name in ("alias/a.css", "alias/b.css", "real/../alias/a.css"):
        assert files.path_for((root / name).as_uri()) == (root / "real" / "a.css").resolve()
    with pytest.raises(FetchRefused, match="no such file"):
        files.path_for((root / "alias").as_uri())  # a folder


def test_a_theme_font_linked_outside_its_folder_is_refused(tmp_path: Path) -> None:
    from publish.render.scripts import font_files

    fonts, elsewhere = tmp_path / "fonts", tmp_path / "elsewhere"
    fonts.mkdir()
    elsewhere.mkdir()
    (fonts / "A.ttf").write_bytes(b"font")
    (elsewhere / "B.ttf").write_bytes(b"font")
    (fonts / "C.ttf").symlink_to(fonts / "A.ttf")  # a link that stays inside is kept
    assert [p.name for p in font_files([fonts])] == ["A.ttf", "C.ttf"]
    (fonts / "B.ttf").symlink_to(elsewhere / "B.ttf")
    with pytest.raises(RenderError, match="leads outside its fonts folder"):
        font_files([fonts])


# --- Guarantee 2 -------------------------------------------------------------------------


class FakeResponse:
    def __init__(
        self,
        status: int = 200,
        body: bytes = b"data",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        self.status = status
        self.body = io.BytesIO(body)
        self.headers = headers or {"Content-Type": "image/png"}
        self.delay = delay

    def getheader(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name, default)

    def read(self, amount: int) -> bytes:
        if self.delay:
            import time

            time.sleep(self.delay)
        return self.body.read(amount)


class FakeNet:
    """A resolver and an opener that serve canned answers and record every request."""

    def __init__(self, dns: dict[str, list[str]], pages: dict[str, FakeResponse]) -> None:
        self.dns = dns
        self.pages = pages
        self.requests: list[tuple[str, str, int, str]] = []

    def resolve(self, host: str, port: int) -> list[str]:
        if host not in self.dns:
            raise OSError("unknown host")
        return self.dns[host]

    def open(self, host: str, address: str, port: int, target: str, timeout: float) -> FakeResponse:
        self.requests.append((host, address, port, target))
        return self.pages[f"{host}{target}"]


def policy(net: FakeNet, **kwargs: object) -> RemotePolicy:
    return RemotePolicy(hosts=("img.example",), resolver=net.resolve, opener=net.open, **kwargs)  # type: ignore[arg-type]


PUBLIC = ["93.184.215.14"]


def test_remote_fetch_from_an_allowed_host() -> None:
    net = FakeNet({"img.example": PUBLIC}, {"img.example/a.png": FakeResponse(body=b"PNG")})
    assert policy(net).fetch("https://IMG.example/a.png") == (b"PNG", "image/png")
    assert net.requests == [("img.example", PUBLIC[0], 443, "/a.png")]


@pytest.mark.parametrize(
    "url, dns, reason",
    [
        ("http://img.example/a.png", PUBLIC, "only https"),
        ("https://other.example/a.png", PUBLIC, "not allowed"),
        ("https://user:pw@img.example/a.png", PUBLIC, "user name"),
        ("https://img.example/a.png", ["127.0.0.1"], "not a public"),
        ("https://img.example/a.png", ["93.184.215.14", "10.0.0.7"], "not a public"),
        ("https://img.example/a.png", ["169.254.169.254"], "not a public"),
        ("https://img.example/a.png", ["::1"], "not a public"),
        ("https://img.example/a.png", ["fe80::1%eth0"], "not a public"),
        ("https://img.example/a.png", ["::ffff:192.168.0.1"], "not a public"),
        ("https://img.example/a.png", ["100.64.0.1"], "not a public"),
        ("https://img.example/a.png", [], "no address"),
    ],
)
def test_remote_policy_refuses(url: str, dns: list[str], reason: str) -> None:
    net = FakeNet({"img.example": dns}, {})
    with pytest.raises(FetchRefused, match=reason):
        policy(net).fetch(url)
    assert net.requests == []


def test_redirects_are_checked_again() -> None:
    net = FakeNet(
        {"img.example": PUBLIC, "evil.example": PUBLIC},
        {
            "img.example/a": FakeResponse(302, headers={"Location": "/b"}),
            "img.example/b": FakeResponse(301, headers={"Location": "https://evil.example/c"}),
            "img.example/loop": FakeResponse(302, headers={"Location": "/loop"}),
            "img.example/down": FakeResponse(302, headers={"Location": "http://img.example/x"}),
        },
    )
    with pytest.raises(FetchRefused, match='"evil.example" is not allowed'):
        policy(net).fetch("https://img.example/a")
    assert [r[3] for r in net.requests] == ["/a", "/b"]
    with pytest.raises(FetchRefused, match="redirects"):
        policy(net).fetch("https://img.example/loop")
    with pytest.raises(FetchRefused, match="only https"):
        policy(net).fetch("https://img.example/down")


def test_redirect_to_an_allowed_host_resolving_privately_is_refused() -> None:
    net = FakeNet(
        {"img.example": PUBLIC, "cdn.example": ["10.1.2.3"]},
        {"img.example/a": FakeResponse(302, headers={"Location": "https://cdn.example/"})},
    )
    rules = RemotePolicy(
        hosts=("img.example", "cdn.example"), resolver=net.resolve, opener=net.open
    )
    with pytest.raises(FetchRefused, match="10.1.2.3"):
        rules.fetch("https://img.example/a")


def test_size_and_time_are_capped() -> None:
    big = b"x" * 5000
    net = FakeNet(
        {"img.example": PUBLIC},
        {
            "img.example/declared": FakeResponse(body=b"", headers={"Content-Length": "5000"}),
            "img.example/streamed": FakeResponse(body=big),
            "img.example/slow": FakeResponse(body=b"y" * 400_000, delay=0.05),
        },
    )
    with pytest.raises(FetchRefused, match="larger than 1000 bytes"):
        policy(net, max_bytes=1000).fetch("https://img.example/declared")
    with pytest.raises(FetchRefused, match="larger than 1000 bytes"):
        policy(net, max_bytes=1000).fetch("https://img.example/streamed")
    with pytest.raises(FetchRefused, match="longer than 0.2 s"):
        policy(net, timeout=0.2).fetch("https://img.example/slow")


@pytest.mark.parametrize(
    "address, public",
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("not-an-ip", False),
    ],
)
def test_public_address(address: str, public: bool) -> None:
    assert public_address(address) is public


def test_a_normal_build_opens_no_socket(
    world: tuple[Path, Path, Path], seed_path: Path, no_network: None
) -> None:
    """Sockets raise in this test (and in the forked renderer); the build still succeeds."""
    _, out, _ = world
    result = CliRunner().invoke(app, ["build", str(seed_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(assert_only_complete_outputs(out)) == 2


def test_allow_remote_fetches_through_the_policy(
    world: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    """With --allow-remote, a theme's https image comes through the checked opener only."""
    article, out, _ = world
    from tests.test_hostile_inputs import PNG_1PX

    net = FakeNet({"img.example": PUBLIC}, {"img.example/logo.png": FakeResponse(body=PNG_1PX)})
    monkeypatch.setattr("publish.writers.fetcher.resolve", net.resolve)
    monkeypatch.setattr("publish.writers.fetcher.open_https", net.open)
    styles = article.parent.parent / "styles"
    styles.mkdir()
    (styles / "print.css").write_text('h1 { background: url("https://img.example/logo.png") }')
    args = [
        "build",
        str(article),
        "-o",
        str(out),
        "--styles",
        str(styles),
        "--time-limit",
        "0",
        "--memory-limit",
        "0",
    ]
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code == 4, refused.output
    assert "https URL refused" in refused.output and net.requests == []
    allowed = CliRunner().invoke(app, [*args, "--allow-remote", "img.example"])
    assert allowed.exit_code == 0, allowed.output
    assert net.requests == [("img.example", PUBLIC[0], 443, "/logo.png")]


@pytest.mark.parametrize("target", ["beside-the-folder", "canary"])
def test_user_font_linked_outside_its_folder_is_refused(
    target: str,
    world: tuple[Path, Path, Path],
    no_network: None,
    opened_files: OpenRecorder,
) -> None:
    """A `--fonts` file that is a link leading out of that folder is refused unread (exit 2),
    also to a real font just beside the folder (the font check once allowed the folder's
    parent)."""
    from tests.test_userfonts import GEORGIAN, box_font

    article, out, canary = world
    fonts = article.parent.parent / "fonts"
    fonts.mkdir()
    if target == "canary":
        outside = canary
    else:
        outside = box_font(canary.parent / "Beside.ttf", "Beside", GEORGIAN)
    (fonts / "Extra.ttf").symlink_to(outside)
    opened_files.log.write_bytes(b"")  # what the set-up wrote is not what the build read
    result = CliRunner().invoke(app, ["build", str(article), "-o", str(out), "--fonts", str(fonts)])
    assert result.exit_code == 2, result.output
    line = assert_one_error_line(result.output)
    assert line["file"] == str(fonts / "Extra.ttf"), result.output
    assert "leads outside the --fonts folder" in line["message"]
    assert assert_only_complete_outputs(out) == []
    assert_reads_allowed(opened_files, article.parent, out, canary.resolve(), fonts)
