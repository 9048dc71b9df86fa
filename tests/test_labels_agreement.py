"""benchmarks/labels_agreement.py counts where two labellers' core figures fall for each other."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from labels_agreement import agreement  # noqa: E402


def _label(core: list[str], optional: list[str], never: list[str], sources: int) -> dict[str, Any]:
    return {
        "figures": {"core": core, "optional": optional, "never": never},
        "sources": {"core": [{"name": f"speaker {n}"} for n in range(sources)], "optional": []},
    }


def test_each_core_figure_is_placed_where_the_other_labeller_put_it() -> None:
    one = {"lee-900": _label(["40 homes", "$2 million", "three days"], [], ["1998"], 2)}
    other = {"lee-900": _label(["40"], ["three days"], ["$2 million", "1998"], 1)}
    counts = agreement(one, other, ["lee-900"])
    assert counts == {
        "core": 1,
        "optional": 1,
        "never": 1,
        "figures": 3,
        "never spans": 1,
        "sources": 2,
    }
    assert agreement(one, one, ["lee-900"])["core"] == 3  # a labeller agrees with himself
