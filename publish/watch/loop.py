"""`publish watch`: one warm process that rebuilds when what the outputs are made from changes.

What is watched is a `WatchTarget`: something that builds its outputs and says which files
its last build read. `ArticleTarget` is one article (any reader's format) with its images,
its cover and the theme's folders; a publication (a `publication.yml` and its chapters) can
be another target with the same two methods, and the loop needs no change for it.

Changes are noticed with watchfiles (the `notify` crate: inotify on Linux), watching the
folders that hold those files, not recursively, and confirmed by comparing each file's size
and modification time with what the last build saw, so an editor's swap file or a write into
`out/` never starts a rebuild, and an edit saved while a build runs is built right after it.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from publish.errors import InputError, PublishError, UsageError, internal_error
from publish.model import Article
from publish.model.blocks import figures
from publish.pipeline import build as build_inputs
from publish.resources import check_local_reference
from publish.settings import BuildSettings

if TYPE_CHECKING:
    from publish.watch.preview import PreviewState

Snapshot = dict[Path, tuple[int, int] | None]
"""Each watched file's (modification time in ns, size), or None when it is missing."""


class WatchTarget(Protocol):
    """What `publish watch` rebuilds: an article now, a publication later."""

    name: str
    """How reports name the target (the input's path as given)."""

    def build(self) -> tuple[Path, ...]:
        """Build every output; return the files written, or raise PublishError."""

    def files(self) -> set[Path]:
        """Return every file the outputs are made from, as far as the last build knew."""

    def preview_pdf(self) -> Path | None:
        """Return the PDF the preview shows, once a build has written it."""

    def on_pdf(self, show: Callable[[bytes], None] | None) -> None:
        """Have SHOW called with each build's PDF as soon as it is laid out, before the rest."""


@dataclass
class ArticleTarget:
    """One article file: the input, the images and cover it names, and the theme's files."""

    path: Path
    settings: BuildSettings
    name: str = ""
    _named: set[Path] = field(default_factory=set)
    _pdf: Path | None = None
    _show: Callable[[bytes], None] | None = None

    def __post_init__(self) -> None:
        self.name = self.name or str(self.path)
        if not self.path.is_file():
            problem = (
                "is a folder; watch takes one article" if self.path.is_dir() else ("no such file")
            )
            raise InputError(problem, file=self.name)

    def build(self) -> tuple[Path, ...]:
        """Build the article's PDF and EPUB into the output folder; return the paths."""
        try:
            (result,) = build_inputs([str(self.path)], replace(self.settings, on_pdf=self._show))
        except PublishError:
            self._named = self._named_by_input() or self._named
            raise
        self._named = named_files(result.article, self.path.parent, result.warnings)
        self._pdf = next((p for p in result.outputs if p.suffix == ".pdf"), None)
        return result.outputs

    def _named_by_input(self) -> set[Path] | None:
        """Return the files the input names when it can be read (a missing image, say), so
        that adding them rebuilds; None when it cannot. Its warnings were reported already."""
        from publish.readers import read_article

        quiet = logging.getLogger("publish")
        silence = logging.Filter("no record passes this filter")
        quiet.addFilter(silence)
        try:
            article, _ = read_article(
                str(self.path),
                self.settings.input_format,
                accept_changes=self.settings.accept_changes,
                word_styles=self.settings.word_styles,
            )
        except Exception:
            return None
        finally:
            quiet.removeFilter(silence)
        return named_files(article, self.path.parent)

    def files(self) -> set[Path]:
        """Return the input, the files it named when last read, and every theme file."""
        found = {self.path.absolute(), *self._named}
        for root in self.settings.theme.roots:
            found.update(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
        return found

    def preview_pdf(self) -> Path | None:
        """Return the PDF the last good build wrote."""
        return self._pdf

    def on_pdf(self, show: Callable[[bytes], None] | None) -> None:
        """Have SHOW called with each build's PDF once laid out (rendering in-process)."""
        self._show = show


def named_files(article: Article, folder: Path, warnings: Iterable[str] = ()) -> set[Path]:
    """Return the files beside the article that ARTICLE names: its figures and its cover, and
    the images its build's WARNINGS say were left out for not being there.

    A file that does not exist yet is named all the same, so that adding it rebuilds.
    """
    from publish.readers.remote import left_out_images

    sources = [figure.src for figure in figures(article.body)]  # in quotes and lists too
    sources += left_out_images(warnings)
    sources += [article.cover] if article.cover else []
    return {(folder / src).absolute() for src in sources if check_local_reference(src) is None}


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Return the size and modification time of each of PATHS (None for a missing one)."""
    found: Snapshot = {}
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            found[path] = None
        else:
            found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def changed(before: Snapshot, after: Snapshot) -> bool:
    """Tell whether a file of BEFORE is different in AFTER (files new in AFTER are not)."""
    return any(after.get(path, state) != state for path, state in before.items())


def folders(paths: Iterable[Path]) -> list[Path]:
    """Return the existing folders holding PATHS, each once, in a stable order."""
    return sorted({path.parent for path in paths if path.parent.is_dir()})


@dataclass(frozen=True)
class Rebuild:
    """What one rebuild gave: the files written, or the error that stopped it."""

    outputs: tuple[Path, ...]
    seconds: float
    error: PublishError | None = None

    def line(self) -> str:
        """Return the one-line report: what was written and how long it took, or the error."""
        if self.error is not None:
            return str(self.error)
        stamp = time.strftime("%H:%M:%S")
        return f"{stamp} rebuilt {' '.join(map(str, self.outputs))} in {self.seconds:.2f} s"


def rebuild(target: WatchTarget) -> Rebuild:
    """Build TARGET once; an error is returned, never raised (Ctrl-C still stops)."""
    start = time.perf_counter()
    try:
        outputs = target.build()
    except PublishError as exc:
        return Rebuild((), time.perf_counter() - start, exc.located(target.name))
    except Exception as exc:  # a bug: reported like any error, and the watch goes on
        return Rebuild((), time.perf_counter() - start, internal_error(exc, target.name))
    return Rebuild(outputs, time.perf_counter() - start)


def watch(
    target: WatchTarget,
    on_rebuild: Callable[[Rebuild], None],
    stop: threading.Event | None = None,
) -> None:
    """Build TARGET, then again after each change to its files, until STOP is set or Ctrl-C.

    ON_REBUILD gets every outcome, good or bad; a failed build never stops the watch. A
    build whose files changed while it ran is followed at once by another; if it failed, it
    is not reported, for it may have read a file half-way through being saved.
    """
    stop = stop or threading.Event()
    while not stop.is_set():
        before = snapshot(target.files())
        outcome = rebuild(target)
        seen = snapshot(target.files())
        if not changed(before, seen):
            on_rebuild(outcome)
            _wait_for_change(target, seen, stop)
        elif outcome.error is None:
            on_rebuild(outcome)  # written; the newer save is built next


def _wait_for_change(target: WatchTarget, seen: Snapshot, stop: threading.Event) -> None:
    """Return when a file of TARGET differs from SEEN, when STOP is set, or when the set of
    folders to watch has changed (a new theme subfolder): the caller then looks again."""
    import watchfiles

    watched = folders(seen)
    if not watched:
        raise UsageError("nothing to watch: no folder of the input exists", file=target.name)
    for _ in watchfiles.watch(
        *watched,
        watch_filter=None,
        stop_event=stop,
        recursive=False,
        debounce=400,
        step=20,
        rust_timeout=1000,
        yield_on_timeout=True,
        poll_delay_ms=100,
    ):
        now = snapshot(target.files())
        if changed(seen, now) or folders(now) != watched or set(now) != set(seen):
            return


def run_watch(
    target: WatchTarget,
    report: Callable[[str, bool], None],
    serve: tuple[str, int] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Watch TARGET, reporting each rebuild as one line (REPORT(line, is_error)), until Ctrl-C.

    With SERVE (host, port), a live preview is served there first and its address reported.
    Ctrl-C ends it quietly; the outputs are whole files from the last good build.
    """
    from publish.watch.preview import PreviewServer, PreviewState

    state = PreviewState() if serve else None
    server = PreviewServer(serve[0], serve[1], state) if serve and state else None
    if server is not None and state is not None:
        target.on_pdf(lambda data: state.show_pdf(data, "laid out; writing the files..."))
        server.start()
        report(f"preview at {server.url} (Ctrl-C to stop)", False)
        if not server.loopback:
            report(f"publish: warning: the preview is open to other machines ({server.url})", True)

    def on_rebuild(outcome: Rebuild) -> None:
        report(outcome.line(), outcome.error is not None)
        if state is not None:
            _show(state, target, outcome)

    try:
        watch(target, on_rebuild, stop)
    except KeyboardInterrupt:
        report("publish: watch stopped", False)
    finally:
        if server is not None:
            server.stop()


def _show(state: PreviewState, target: WatchTarget, outcome: Rebuild) -> None:
    """Show OUTCOME in the preview: the new PDF's pages, or the one-line error."""
    pdf = target.preview_pdf()
    if outcome.error is not None or pdf is None:
        state.show_error(outcome.line() if outcome.error else "no PDF was built")
        return
    try:
        state.show_pdf(pdf.read_bytes(), outcome.line())
    except Exception as exc:  # the PDF vanished, or PDFium cannot open it
        state.show_error(str(internal_error(exc, pdf)))
