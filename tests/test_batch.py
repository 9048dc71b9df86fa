"""Many articles at once: folders expand to articles, a parallel build equals a serial one."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publish.batch.run import expand_inputs
from publish.cli import app
from publish.errors import BuildFailed, UsageError
from publish.pipeline import build
from publish.resources import sample_article
from publish.settings import BuildSettings


def _copy(folder: Path, name: str, slug: str) -> Path:
    """Write the shipped sample under NAME with its own slug and title."""
    text = sample_article().read_text(encoding="utf-8")
    text = text.replace("\ntitle: ", f"\nslug: {slug}\ntitle: Copy {slug} of ", 1)
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _digests(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
    }


def test_folders_expand_to_articles_sorted_skipping_hidden_and_output(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    (articles / "b").mkdir(parents=True)
    for name in (
        "b/two.md",
        "one.txt",
        "three.json",
        "notes.pdf",
        ".hidden.md",
        ".git/x.md",
        "out/old.json",
    ):
        (articles / name).parent.mkdir(parents=True, exist_ok=True)
        (articles / name).write_text("x", encoding="utf-8")
    found = expand_inputs([str(articles), "-", "single.md"], out_dir=articles / "out")
    assert found == [
        str(articles / "b/two.md"),
        str(articles / "one.txt"),
        str(articles / "three.json"),
        "-",
        "single.md",
    ]


def test_a_folder_without_articles_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "photo.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(UsageError, match="no article in the folder") as caught:
        expand_inputs([str(tmp_path / "empty")])
    assert str(caught.value).startswith(f"{tmp_path / 'empty'}: error: ")


@pytest.mark.slow  # a serial and a parallel batch
def test_parallel_build_writes_the_serial_bytes_and_reports_each_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    articles = tmp_path / "articles"
    _copy(articles, "a.md", "first")
    _copy(articles, "b/b.md", "second")
    _copy(articles, "c.md", "first")  # the same slug as a.md: refused, a.md's files kept
    (articles / "d.md").write_text("---\ntitle: [unclosed\n---\n\nBody.\n", encoding="utf-8")
    outcomes = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        with pytest.raises(BuildFailed) as caught:
            build([str(articles)], BuildSettings(out_dir=out, jobs=jobs))
        outcomes[jobs] = ([str(error) for error in caught.value.errors], _digests(out))
    errors, digests = outcomes[2]
    assert outcomes[1] == outcomes[2]
    assert sorted(digests) == ["first.epub", "first.pdf", "second.epub", "second.pdf"]
    assert len(errors) == 2
    assert errors[0].startswith(f"{articles / 'c.md'}: error: ")
    assert 'slug "first" is also the slug of' in errors[0]
    assert errors[1].startswith(f"{articles / 'd.md'}:")


def test_cli_builds_a_folder_with_jobs(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    _copy(articles, "a.md", "alpha")
    _copy(articles, "b.md", "beta")
    result = CliRunner().invoke(
        app,
        ["build", str(articles), "-o", str(tmp_path / "out"), "--jobs", "2", "--format", "epub"],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [
        str(tmp_path / "out" / "alpha.epub"),
        str(tmp_path / "out" / "beta.epub"),
    ]


def _inodes(out: Path) -> dict[str, int]:
    return {path.name: path.stat().st_ino for path in out.glob("*.epub")}


def _rebuilt(before: dict[str, int], out: Path) -> list[str]:
    """Return the slugs whose outputs were written again (a new file replaces the old one)."""
    after = _inodes(out)
    return sorted({name.rsplit(".", 1)[0] for name in after if after[name] != before.get(name)})


@pytest.mark.slow
def test_the_cache_rebuilds_exactly_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    import publish
    from publish.batch.cache import CACHE_NAME
    from publish.render.templates import Theme
    from tests.images import png

    articles, styles, out = tmp_path / "articles", tmp_path / "styles", tmp_path / "out"
    _copy(articles, "a.md", "plain")
    pictured = _copy(articles, "b.md", "pictured")
    pictured.write_text(
        pictured.read_text(encoding="utf-8") + "\n![A blue block drawn for the test](block.png)\n",
        encoding="utf-8",
    )
    (articles / "block.png").write_bytes(png())
    styles.mkdir()
    (styles / "extra.css").write_text("p { }\n", encoding="utf-8")
    settings = BuildSettings(
        out_dir=out,
        jobs=2,
        cache=True,
        formats=("epub",),
        theme=Theme.with_overrides(styles=styles),
    )

    def again(changed: BuildSettings = settings) -> list[str]:
        before = _inodes(out)
        build([str(articles)], changed)
        return _rebuilt(before, out)

    assert again() == ["pictured", "plain"]
    assert again() == []  # nothing changed: nothing written
    _copy(articles, "a.md", "plain").write_text(
        (articles / "a.md").read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8"
    )
    assert again() == ["plain"]
    (articles / "block.png").write_bytes(png(rgb=(200, 40, 40)))
    assert again() == ["pictured"]
    (styles / "extra.css").write_text("p { color: black }\n", encoding="utf-8")
    assert again() == ["pictured", "plain"]
    assert again(
        dataclasses.replace(
            settings,
            jobs=1,
            print_request=dataclasses.replace(settings.print_request, profile="press"),
        )
    ) == ["pictured", "plain"]
    assert again() == ["pictured", "plain"]  # back to screen: the cache holds the press build
    monkeypatch.setattr(publish, "__version__", "0.0.0-other")
    assert again() == ["pictured", "plain"]
    assert again() == []
    (out / CACHE_NAME).write_bytes(b"{not json")
    assert again() == ["pictured", "plain"]
    assert again(dataclasses.replace(settings, force=True)) == ["pictured", "plain"]
    assert again() == []


def test_the_executor_is_local_unless_dask_or_a_scheduler_is_asked_for() -> None:
    from publish.batch.run import executor_name

    assert executor_name(None, None) == "local"
    assert executor_name("dask", None) == "dask"
    assert executor_name(None, "tcp://10.0.0.5:8786") == "dask"
    with pytest.raises(UsageError, match="--scheduler needs --executor dask"):
        executor_name("local", "tcp://10.0.0.5:8786")
    with pytest.raises(UsageError, match='unknown executor "ray"'):
        executor_name("ray", None)


def _cli_build(articles: Path, out: Path) -> tuple[list[str], list[str]]:
    """Build ARTICLES' EPUBs with the CLI; return its standard output and error lines."""
    result = CliRunner().invoke(
        app, ["build", str(articles), "-o", str(out), "--jobs", "2", "--format", "epub"]
    )
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines(), result.stderr.splitlines()


@pytest.mark.slow
def test_a_cli_no_op_rebuild_answers_from_the_cache_and_rebuilds_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from publish.batch.cache import CACHE_NAME

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    articles, out = tmp_path / "articles", tmp_path / "out"
    for name in ("a", "b", "c", "d"):
        _copy(articles, f"{name}.md", f"slug-{name}")
    printed, _ = _cli_build(articles, out)
    cache = (out / CACHE_NAME).read_bytes()
    before = _inodes(out)
    again, progress = _cli_build(articles, out)
    assert again == printed  # the same paths, in the same order
    assert progress == [
        f"publish: [{n}/4] unchanged {articles / f'{x}.md'}" for n, x in enumerate("abcd", start=1)
    ]
    assert _rebuilt(before, out) == [] and (out / CACHE_NAME).read_bytes() == cache
    (articles / "c.md").write_text(
        (articles / "c.md").read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8"
    )
    before = _inodes(out)
    assert _cli_build(articles, out)[0] == printed
    assert _rebuilt(before, out) == ["slug-c"]
    data = json.loads((out / CACHE_NAME).read_bytes())
    data["articles"][str(articles / "b.md")]["slug"] = 7  # a damaged entry: not trusted
    (out / CACHE_NAME).write_text(json.dumps(data), encoding="utf-8")
    before = _inodes(out)
    assert _cli_build(articles, out)[0] == printed
    assert _rebuilt(before, out) == ["slug-b"]
    (out / "slug-d.epub").write_bytes(b"not the EPUB written")
    before = _inodes(out)
    _cli_build(articles, out)
    assert _rebuilt(before, out) == ["slug-d"]
