"""The package as a wheel: templates, styles and fonts travel with it and are found."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (path,) = dist.glob("publish-*.whl")
    return path


def test_wheel_carries_the_theme(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "publish/_theme/templates/article.html.j2" in names
    assert "publish/_theme/templates/partials/header.html.j2" in names
    assert "publish/_theme/styles/print.css" in names
    assert "publish/_theme/styles/fonts/NotoSerif-Regular.ttf" in names
    assert "publish/_theme/styles/fonts/OFL.txt" in names
    assert "publish/samples/sample-article.md" in names
    assert "publish/watch/preview.html" in names  # the page of `publish watch --serve`
    assert "publish/py.typed" in names


@pytest.mark.slow  # a fresh virtual environment
def test_installed_wheel_builds_the_sample(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, PYTHONPATH=str(site))
    code = (
        "import publish.resources as r, sys; "
        "assert '_theme' in str(r.theme_dir('templates')), r.theme_dir('templates'); "
        "from publish.cli import main; sys.argv = ['publish', 'build']; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.suffix for p in (work / "out").iterdir()) == [".epub", ".pdf"]
