"""Batch builds on a Dask cluster: workers get each article as bytes and return bytes.

A task is `render_bundle(bundle, theme, settings, prepare)`, a pure function of its arguments: the
article file and every file of its own it uses (figures, cover) travel as bytes in an
`ArticleBundle`, the user's `--templates`/`--styles` folders as bytes in a `ThemeBundle`
(sent to every worker once), and the project's own theme is the worker's installed copy.
The worker lays the theme out once, in a folder it keeps, and each article in a private
folder of its own, builds exactly as a local batch does
(`publish.batch.task.build_here`, in a warm worker it keeps), and returns the outputs' bytes
with every path put back as the user gave it. So the workers need no shared disk, and the
files are those of a local build.

Needs the optional extra: `pip install 'publish[dask]'`. Without `--scheduler`, a
`LocalCluster` on 127.0.0.1 is started with one single-threaded worker process per job.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from publish.article_files import resolve_files
from publish.batch.task import Outcome, Prepare, Rendered, build_here
from publish.batch.workers import Renderers
from publish.errors import PublishError, RenderError, UsageError
from publish.render.templates import Theme
from publish.resources import theme_dir
from publish.strict import warnings_logged

if TYPE_CHECKING:
    from publish.settings import BuildSettings

log = logging.getLogger("publish")

Files = tuple[tuple[str, bytes], ...]
"""(relative POSIX path, bytes) of the files of one folder."""

CONNECT_TIMEOUT = 10
"""Seconds to reach a scheduler before giving up."""

Warm = Callable[["BuildSettings"], None]
"""Loads the writers and parses a theme in this process, before renders fork from it."""


IN_FLIGHT = 4
"""Tasks kept submitted per worker, so the parent never holds every article in memory."""


@dataclass(frozen=True)
class ArticleBundle:
    """One article as a worker needs it: its bytes and those of the files it uses."""

    path: str
    """The input as the user named it; messages and results use it."""
    name: str
    """The input's file name."""
    data: bytes
    files: Files = ()
    """The figures and cover, by their paths relative to the article's folder."""


@dataclass(frozen=True)
class ThemeBundle:
    """The user's template and style folders as bytes; None where the project's are used."""

    templates: Files | None = None
    styles: Files | None = None


def _folder_files(folder: Path) -> Files:
    return tuple(
        (path.relative_to(folder).as_posix(), path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    )


def theme_bundle(theme: Theme) -> ThemeBundle:
    """Return the folders of THEME that are not the project's own, as bytes."""

    def user(folders: tuple[Path, ...], shipped: Path) -> Files | None:
        own = [folder for folder in folders if folder.resolve() != shipped.resolve()]
        return _folder_files(own[0]) if own else None

    return ThemeBundle(
        user(theme.templates, theme_dir("templates")), user(theme.styles, theme_dir("styles"))
    )


def article_bundle(path: str, settings: BuildSettings) -> ArticleBundle:
    """Return the article at PATH with the files it uses, read here, for a remote worker.

    The article is read (not enriched) to learn its figures and cover. When it cannot be
    read, only its bytes travel: the worker meets the same error and reports it.
    """
    from publish.readers import read_article

    data = Path(path).read_bytes() if Path(path).is_file() else b""
    files: dict[str, bytes] = {}
    logger = logging.getLogger("publish")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # the worker's own read reports the warnings
    try:
        article, source = read_article(
            path,
            settings.input_format,
            accept_changes=settings.accept_changes,
            word_styles=settings.word_styles,
        )
    except Exception:  # the worker meets it again and reports it
        return ArticleBundle(path, Path(path).name, data)
    finally:
        logger.setLevel(level)
    with contextlib.suppress(PublishError, OSError, ValueError):
        own = Path(path).resolve().parent
        if source.folder is not None and source.folder == own:  # not a Word file's images
            resolved = resolve_files(article, source.name, source.folder, source.remote_images)
            used = dict(resolved.images)
            if resolved.cover is not None:
                used[str(article.cover)] = resolved.cover
            files = {PurePosixPath(src).as_posix(): file.read_bytes() for src, file in used.items()}
    return ArticleBundle(path, Path(path).name, data, tuple(sorted(files.items())))


def _write(folder: Path, files: Files) -> None:
    for name, data in files:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def render_bundle(
    bundle: ArticleBundle,
    theme: ThemeBundle,
    settings: BuildSettings,
    prepare: Prepare,
    warm: Warm | None = None,
) -> tuple[Outcome, tuple[str, ...]]:
    """Build BUNDLE with PREPARE in a private folder; return its outcome and its warnings.

    The article is built in a warm renderer that the worker keeps (`publish.batch.workers`),
    started at its first task as a new program and warmed there by WARM (the pipeline's
    `_warm_forking`): the Dask worker itself never loads the writers nor lays anything out,
    so its own memory stays that of Dask, and the renderer's holds none of Dask's.
    """
    with tempfile.TemporaryDirectory(prefix="publish-bundle-") as staging:
        article = Path(staging) / "article"
        article.mkdir()
        (article / bundle.name).write_bytes(bundle.data)
        _write(article, bundle.files)
        local = replace(settings, theme=_theme_here(theme))
        path = str(article / bundle.name)
        if local.limits.isolated:
            outcome, logged = _RENDERERS.run(prepare, path, local, warm)
        else:  # no limits: built in this process
            with warnings_logged() as messages:
                outcome = build_here(prepare, path, local)
            logged = tuple(messages)
        home = Path(bundle.path).parent
        places = {
            str(article / bundle.name): bundle.path,
            f"{article}/": f"{home}/",
            str(article): str(home),
        }
        return _relocate(outcome, places, bundle), tuple(_put(m, places) for m in logged)


_RENDERERS = Renderers()
"""The warm renderers of this process (a Dask worker), kept from one task to the next."""

_THEMES: dict[ThemeBundle, tuple[Theme, Path]] = {}
"""The themes laid out in this process (a Dask worker), each in a folder of its own kept
for the process's life, so that every task of a build has the same settings and its
renderer, started with them, builds it (`publish.batch.workers.Renderers`)."""

KEPT_THEMES = 4
"""Themes kept laid out per worker; the oldest folder goes when a fifth comes."""


def _theme_here(bundle: ThemeBundle) -> Theme:
    """Return the theme of BUNDLE, its folders written here once: the project's own theme
    (this installed copy) behind the user's folders."""
    if bundle in _THEMES:
        return _THEMES[bundle][0]
    if len(_THEMES) >= KEPT_THEMES:
        shutil.rmtree(_THEMES.pop(next(iter(_THEMES)))[1], ignore_errors=True)
    root = Path(tempfile.mkdtemp(prefix="publish-theme-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    folders = {}
    for kind, files in (("templates", bundle.templates), ("styles", bundle.styles)):
        folders[kind] = (root / kind,) if files is not None else ()
        (root / kind).mkdir()
        _write(root / kind, files or ())
    theme = Theme(
        templates=folders["templates"] + (theme_dir("templates"),),
        styles=folders["styles"] + (theme_dir("styles"),),
    )
    _THEMES[bundle] = theme, root
    return theme


def _put(text: str, places: dict[str, str]) -> str:
    """Return TEXT with every private path replaced by the user's."""
    for private, user in places.items():
        text = text.replace(private, user)
    return text


def _relocate(outcome: Outcome, places: dict[str, str], bundle: ArticleBundle) -> Outcome:
    if isinstance(outcome, PublishError):
        outcome.message = _put(outcome.message, places)
        outcome.args = (outcome.message,)
        outcome.file = bundle.path if outcome.file is None else _put(outcome.file, places)
        return outcome
    home = Path(bundle.path).parent
    return replace(
        outcome,
        source=bundle.path,
        warnings=tuple(_put(w, places) for w in outcome.warnings),
        images=tuple(str((home / name).resolve()) for name, _ in bundle.files),
    )


def connect(settings: BuildSettings) -> Any:
    """Return a Dask client of `settings.scheduler`, or of a new loopback LocalCluster."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--executor dask needs Dask: pip install 'publish[dask]'") from None
    if settings.scheduler:
        try:
            return Client(settings.scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise UsageError(
                f"cannot reach the Dask scheduler ({exc})", file=settings.scheduler
            ) from None
    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = LocalCluster(
            n_workers=settings.jobs,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
    return Client(cluster)


def dask_outcomes(
    paths: Sequence[str], settings: BuildSettings, prepare: Prepare, warm: Warm | None = None
) -> Iterator[Outcome]:
    """Return each path's outcome in input order, made by PREPARE on Dask workers.

    The cluster is reached (or started) here, so a scheduler that cannot be reached is one
    usage error before any article, not a failure of each.
    """
    return _outcomes(connect(settings), paths, settings, prepare, warm)


def _outcomes(
    client: Any,
    paths: Sequence[str],
    settings: BuildSettings,
    prepare: Prepare,
    warm: Warm | None,
) -> Iterator[Outcome]:
    try:
        theme = client.scatter(theme_bundle(settings.theme), broadcast=True)

        def submit(path: str) -> Any:
            bundle = article_bundle(path, settings)
            return client.submit(render_bundle, bundle, theme, settings, prepare, warm, pure=False)

        window = IN_FLIGHT * max(1, len(client.scheduler_info().get("workers", {})) or 1)
        pending: deque[tuple[str, Any]] = deque()
        queue = iter(paths)
        for path in queue:
            pending.append((path, submit(path)))
            if len(pending) >= window:
                break
        while pending:
            path, future = pending.popleft()
            for path_next in queue:  # keep the window full while this one finishes
                pending.append((path_next, submit(path_next)))
                break
            yield _result(path, future)
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None:
            cluster.close()


def _result(path: str, future: Any) -> Outcome:
    try:
        outcome, logged = future.result()
    except Exception as exc:  # the worker died or the task could not run there
        return RenderError(
            f"the Dask worker building it failed ({type(exc).__name__}: {exc})", file=path
        )
    for message in logged:
        log.warning("%s", message)
    return outcome  # type: ignore[no-any-return]


__all__ = [
    "ArticleBundle",
    "Rendered",
    "ThemeBundle",
    "article_bundle",
    "dask_outcomes",
    "render_bundle",
    "theme_bundle",
]
