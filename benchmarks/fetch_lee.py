"""Fetch the Lee corpus's news stories for the labelled news set (tests/labels/).

Usage: python benchmarks/fetch_lee.py [--wheel WHEEL] [--to FILE]

The stories are not in this repository (only their labels are). This downloads gensim's pinned
wheel from PyPI with pip (``pip download --no-deps gensim==4.4.0``, the CPython 3.11 manylinux
wheel whatever the machine), takes ``gensim/test/test_data/lee_background.cor`` out of it,
checks its sha256 against the pinned one and writes it to FILE: by default
``$PUBLISH_LEE_CORPUS`` when set, else ``~/.cache/publish-news/lee_background.cor``, where the
benchmark and the tests look for it. Nothing is installed. ``--wheel`` takes the file from a
wheel already downloaded instead (no network). Run it only when you mean to fetch: nothing in
the test suite calls it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.newsset import LEE_FILE, LeeCorpusError, check_lee, lee_path  # noqa: E402

GENSIM = "gensim==4.4.0"
MEMBER = f"gensim/test/test_data/{LEE_FILE}"
PIP_PLATFORM = [  # one wheel, the same on every machine: CPython 3.11, manylinux x86-64
    "--only-binary=:all:",
    "--platform=manylinux_2_28_x86_64",
    "--python-version=3.11",
    "--implementation=cp",
    "--abi=cp311",
]


class FetchError(Exception):
    """A step of the fetch failed; the message says which and why."""


def download_wheel(folder: Path) -> Path:
    """Download gensim's pinned wheel into FOLDER with pip and return its path."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]
    command += [*PIP_PLATFORM, "--dest", str(folder), GENSIM]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wheels = sorted(folder.glob("gensim-*.whl"))
    if done.returncode != 0 or not wheels:
        detail = (done.stderr.strip().splitlines() or ["no wheel downloaded"])[-1]
        raise FetchError(f"pip download {GENSIM}: error: {detail}")
    return wheels[0]


def extract(wheel: Path, target: Path) -> None:
    """Write the checked lee_background.cor of WHEEL to TARGET (whole or not at all)."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            data = archive.read(MEMBER)
    except (OSError, zipfile.BadZipFile) as exc:
        raise FetchError(f"{wheel}: error: not a readable wheel ({exc})") from None
    except KeyError:
        raise FetchError(f"{wheel}: error: holds no {MEMBER}") from None
    try:
        check_lee(data, f"{wheel}!{MEMBER}")
    except LeeCorpusError as exc:
        raise FetchError(str(exc)) from None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(data)
    partial.replace(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel", type=Path, help="a gensim 4.4.0 wheel already downloaded")
    parser.add_argument("--to", type=Path, help="where to write lee_background.cor")
    args = parser.parse_args(argv)
    target: Path = args.to or lee_path()
    try:
        if args.wheel is not None:
            extract(args.wheel, target)
        else:
            print(f"fetch_lee: downloading {GENSIM} (one wheel, not installed) from PyPI")
            with tempfile.TemporaryDirectory(prefix="publish-lee-") as folder:
                extract(download_wheel(Path(folder)), target)
    except FetchError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"fetch_lee: {target} (sha256 checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
