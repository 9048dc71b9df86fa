"""Where a cold `publish build ARTICLE` spends its instructions, process by process.

Run: .venv/bin/python benchmarks/cold_path.py [ARTICLE]   (the reference article by default)

Builds ARTICLE once (so the cache folder is warm), then again under valgrind's callgrind,
each forked process counted from its fork (`--zero-before=PyOS_AfterFork_Child`), with a
mark at each step of the layout-ahead path (`publish.layout_ahead`): the parent until it
forks the layout process and until the command line is parsed; the layout process's start
(WeasyPrint and the theme loaded), its layout until the page starts are sent and its PDF's
writing; the reading child until the PDF's HTML is sent, its EPUB's start (before the page
starts) and end. It prints each step in millions of instructions and, adding them up along
each process's line from the build's start, where each line stands when the HTML is sent,
when the page starts are sent and when each process is done (the longest is the build's
critical path: a process waiting on a pipe counts nothing). Instructions hold whatever the
load of a shared machine; needs valgrind and cc. Tests never run this; it only prints.
"""

from __future__ import annotations

import ctypes
import importlib.abc
import importlib.machinery
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REFERENCE = ROOT.parent / "shared" / "samples" / "seed-article.txt"
MARK = "#include <valgrind/callgrind.h>\nvoid mark(const char *w) { CALLGRIND_DUMP_STATS_AT(w); }\n"


def _marked_build(library: str, args: list[str]) -> None:
    """The build, in this process under callgrind: a dump (`mark`) at each step."""
    dump = ctypes.CDLL(library).mark

    def mark(step: str) -> None:
        dump(step.encode())

    def after(module: ModuleType, name: str, step: str) -> None:
        real = getattr(module, name)

        def wrapped(*a: Any, **k: Any) -> Any:
            result = real(*a, **k)
            mark(step)
            return result

        setattr(module, name, wrapped)

    def connection(module: ModuleType) -> None:
        real = module.Connection.send_bytes

        def send_bytes(self: Any, buf: Any, *a: Any, **k: Any) -> Any:
            step = {b"P": "pages sent", b"R": "PDF sent"}.get(bytes(buf[:1]))
            if step:
                mark(step)
            return real(self, buf, *a, **k)

        module.Connection.send_bytes = send_bytes

    real_fork = os.fork

    def fork() -> int:
        if not forked:
            mark("forks the layout process")
        forked.append(True)
        return real_fork()

    forked: list[bool] = []
    os.fork = fork
    patches: dict[str, Callable[[ModuleType], None]] = {
        "multiprocessing.connection": connection,
        # no time limit: under callgrind the 5,000-word article passes the default 300 s
        "publish.isolation": lambda m: setattr(m, "DEFAULT_TIME_LIMIT", 86400.0),
        "publish.layout_process": lambda m: after(m, "_warm_up", "started"),
        "publish.layout_ahead": lambda m: setattr(m, "claim", _before(m.claim, mark)),
        "publish.writers.pdf": lambda m: after(m, "pdf_html", "HTML made"),
        "publish.writers.epub": lambda m: after(m, "start_epub", "EPUB started"),
    }

    class Patching(importlib.abc.MetaPathFinder):
        """Patch a module once it is imported, so that nothing is imported before its time."""

        def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
            if name not in patches:
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            if spec is None or spec.loader is None:
                return None
            loader: Any = spec.loader
            real_exec = loader.exec_module

            def exec_module(module: ModuleType) -> None:
                real_exec(module)
                patches[name](module)

            loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, Patching())
    sys.argv = ["publish", *args]
    from publish.cli import entry

    entry()


def _before(real: Callable[..., Any], mark: Callable[[str], None]) -> Callable[..., Any]:
    def wrapped(*a: Any, **k: Any) -> Any:
        mark("command line parsed")
        return real(*a, **k)

    return wrapped


def _steps(folder: Path) -> dict[int, list[tuple[str, float]]]:
    """Return each process's steps (what its dump was named, millions of instructions)."""
    found: dict[int, list[tuple[int, str, float]]] = {}
    for path in folder.iterdir():
        name = re.fullmatch(r"callgrind\.out\.(\d+)(?:\.(\d+))?", path.name)
        if not name:
            continue
        text = path.read_text(errors="replace")
        step = re.search(r"^desc: Trigger: (?:Client Request: )?(.*)$", text, re.M)
        total = re.search(r"^summary: (\d+)", text, re.M)
        count = int(total[1]) if total else 0
        last = not name[2]  # the dump at the process's end has no number
        found.setdefault(int(name[1]), []).append(
            (
                10**6 if last else int(name[2]),
                "end" if last or not step else step[1],
                count / 1e6 if count < 2**63 else 0.0,
            )
        )
    return {pid: [(s, c) for _, s, c in sorted(steps)] for pid, steps in sorted(found.items())}


def main() -> None:
    if sys.argv[1:2] == ["--marked"]:
        _marked_build(sys.argv[2], sys.argv[3:])
        return
    article = Path(sys.argv[1]) if len(sys.argv) > 1 else REFERENCE
    valgrind = shutil.which("valgrind")
    if valgrind is None or shutil.which("cc") is None:
        raise SystemExit("needs valgrind and cc")
    with tempfile.TemporaryDirectory(prefix="publish-cold-path-") as temp:
        folder = Path(temp)
        (folder / "mark.c").write_text(MARK, encoding="utf-8")
        library = str(folder / "mark.so")
        subprocess.run(["cc", "-O1", "-shared", "-fPIC", "-o", library, str(folder / "mark.c")])
        env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1692000000"))
        build = [sys.executable, __file__, "--marked", library, "build", str(article)]
        subprocess.run(
            [*build, "--out", str(folder / "warm")], env=env, check=True, stdout=subprocess.DEVNULL
        )
        counts = folder / "counts"
        counts.mkdir()
        command = [
            valgrind,
            "--tool=callgrind",
            "--trace-children=yes",
            "--zero-before=PyOS_AfterFork_Child",
            f"--callgrind-out-file={counts}/callgrind.out.%p",
        ]
        done = subprocess.run(
            [*command, *build, "--out", str(folder / "out")], env=env, capture_output=True
        )
        if done.returncode:
            raise SystemExit(done.stderr.decode(errors="replace")[-2000:])
        report(_steps(counts))


WAITS = {
    ("layout process", "pages sent"): [("reading child", "HTML made")],
    ("reading child", "end"): [("layout process", "pages sent")],
    ("parent", "end"): [("layout process", "end"), ("reading child", "end")],
}
"""The steps that start only once another process's step is done (the HTML, the page
starts, both children's results); every other step follows its process's previous one."""


def report(steps: dict[int, list[tuple[str, float]]]) -> None:
    """Print each process's steps and when each is done, counted from the build's start
    along the critical path (a process waiting on a pipe spends nothing meanwhile; on two
    cores the layout process runs beside the parent or the reading child, never both)."""
    roles = {"forks the layout process": "parent", "started": "layout process"}
    roles["HTML made"] = "reading child"
    lines = {roles[s[0][0]]: s for s in steps.values() if s and s[0][0] in roles}
    if len(lines) < 3:
        raise SystemExit(f"the layout process was not used: {steps}")
    starts = {"parent": ("parent", ""), "layout process": ("parent", "forks the layout process")}
    starts["reading child"] = ("parent", "command line parsed")
    done: dict[tuple[str, str], float] = {("parent", ""): 0.0}
    while len(done) < 1 + sum(len(s) for s in lines.values()):
        for who, line in lines.items():
            before = starts[who]
            for step, count in line:
                needs = [before, *WAITS.get((who, step), [])]
                if (who, step) not in done and all(n in done for n in needs):
                    done[who, step] = max(done[n] for n in needs) + count
                before = (who, step)
    for who, line in lines.items():
        print(f"{who}:")
        for step, count in line:
            print(f"  {step:26} {count:7,.0f} M, done at {done[who, step]:7,.0f} M")
    wait = done["reading child", "HTML made"] - done["layout process", "started"]
    waiter = "the layout process waits for the HTML" if wait > 0 else "the HTML waits"
    print(f"{waiter} {abs(wait):,.0f} M; all done at {done['parent', 'end']:,.0f} M")


if __name__ == "__main__":
    main()
