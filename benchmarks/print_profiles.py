"""Time PDF builds of the reference article for each print profile and print the figures.

Usage: .venv/bin/python benchmarks/print_profiles.py [ARTICLE] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from publish.pipeline import BuildSettings, build
from publish.writers.pdf.options import PrintRequest

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "samples" / "seed-article.txt"

CASES = {
    "screen A4": {"profile": "screen"},
    "press A5": {"profile": "press", "paper": "A5"},
    "press Letter crop,cross": {"profile": "press", "paper": "Letter", "marks": "crop,cross"},
}


def main() -> None:
    """Build each case several times and print the median time and the file size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("article", nargs="?", default=str(SEED))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    build([args.article], BuildSettings(out_dir=Path(tempfile.mkdtemp()), formats=("pdf",)))
    print(f"{'case':<26} {'median s':>9} {'min s':>7} {'bytes':>8}")
    for name, options in CASES.items():
        request = PrintRequest.from_options(**options)
        times = []
        size = 0
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                settings = BuildSettings(out_dir=Path(tmp), formats=("pdf",), print_request=request)
                start = time.perf_counter()
                (result,) = build([args.article], settings)
                times.append(time.perf_counter() - start)
                size = result.outputs[0].stat().st_size
        print(f"{name:<26} {statistics.median(times):>9.3f} {min(times):>7.3f} {size:>8}")


if __name__ == "__main__":
    main()
