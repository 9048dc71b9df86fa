"""Fetch the Lee corpus's news stories for the labelled news set (tests/labels/).

Usage: python benchmarks/fetch_lee.py [--wheel WHEEL] [--to FILE]

The stories are not in this repository (only their labels are). This downloads gensim's pinned
wheel from PyPI with pip (``pip download --no-deps gensim==4.4.0``, the CPython 3.11 manylinux
wheel whatever the machine), takes ``gensim/test/test_data/lee_background.cor`` and ``lee.cor``
out of it, checks each one's sha256 against the pinned one and writes ``lee_background.cor`` to
FILE and ``lee.cor`` beside it: by default FILE is ``$PUBLISH_LEE_CORPUS`` when set, else
``~/.cache/publish-news/lee_background.cor``, where the benchmark and the tests look for them.
Either both files are written or neither. Nothing is installed. ``--wheel`` takes the file from a
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

from tests.newsset import (  # noqa: E402
    LEE_FILE,
    LEE_FILES,
    LeeCorpusError,
    check_lee,
    lee_path,
)

GENSIM = "gensim==4.4.0"
MEMBER = f"gensim/test/test_data/{LEE_FILE}"
"""The background file's place in the wheel; the others are beside it."""
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
    """Write the checked files of the Lee corpus in WHEEL: lee_background.cor to TARGET, the
    others beside it (all of them or none)."""
    found: list[tuple[Path, bytes]] = []
    for lee in LEE_FILES:
        member = f"gensim/test/test_data/{lee.file}"
        try:
            with zipfile.ZipFile(wheel) as archive:
                data = archive.read(member)
        except (OSError, zipfile.BadZipFile) as exc:
            raise FetchError(f"{wheel}: error: not a readable wheel ({exc})") from None
        except KeyError:
            raise FetchError(f"{wheel}: error: holds no {member}") from None
        try:
            check_lee(data, f"{wheel}!{member}", lee)
        except LeeCorpusError as exc:
            raise FetchError(str(exc)) from None
        found.append((target if lee.file == LEE_FILE else target.with_name(lee.file), data))
    if len({path.name for path, _ in found}) < len(found):
        raise FetchError(f"{target}: error: the name of another file of the corpus")
    target.parent.mkdir(parents=True, exist_ok=True)
    for path, data in found:
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(data)
        partial.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel", type=Path, help="a gensim 4.4.0 wheel already downloaded")
    parser.add_argument(
        "--to", type=Path, help="where to write lee_background.cor (lee.cor goes beside it)"
    )
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
    others = ", ".join(lee.file for lee in LEE_FILES if lee.file != LEE_FILE)
    print(f"fetch_lee: {target} and {others} beside it (sha256 checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
