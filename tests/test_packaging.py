"""The package as a site installs it: the wheel's package list and a fresh install without torch.

``pyproject.toml`` lists its packages (so that ``scanside_models`` can ship the run-time model
files without the training code); the first test checks the list against the tree, so a new
sub-package cannot be left out of the wheel. The second builds the wheel, installs it in a fresh
venv with no extras (no dev tools, no training code, no torch), and runs ``scanside simulate``
and ``scanside analyze`` from a folder outside the checkout: the models must come from the
installed package. It needs the package registry pip is configured with and is skipped, after
one quick probe, where pip cannot reach it (``-m "not registry"`` leaves it out altogether).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tomllib
import venv
from pathlib import Path

import pytest
from setuptools import find_packages

REPO = Path(__file__).resolve().parents[1]


def _pyproject() -> dict[str, object]:
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def test_listed_packages_are_every_package_of_the_tree() -> None:
    setuptools = _pyproject()["tool"]["setuptools"]  # type: ignore[index]
    found = set(
        find_packages(
            str(REPO),
            include=["appliance", "appliance.*", "query", "query.*", "reports", "reports.*"],
        )
    )
    assert set(setuptools["packages"]) == found | {"scanside_models"}
    assert setuptools["package-dir"] == {"scanside_models": "models"}


def _clean_env() -> dict[str, str]:
    """The environment without the checkout on the path: the installed copy must stand alone."""
    dropped = ("PYTHONPATH", "VIRTUAL_ENV")
    return {k: v for k, v in os.environ.items() if k not in dropped and "SCANSIDE" not in k}


def _registry_reachable(where: Path) -> bool:
    """One small download with a short timeout and no retries: seconds, not minutes, offline."""
    try:
        probe = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--timeout", "10",
             "--retries", "0", "--dest", str(where), "pydicom>=3.0.1,<3.1"],
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return False
    return probe.returncode == 0


def _folder_size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


@pytest.mark.slow
@pytest.mark.registry
def test_wheel_installs_without_extras_and_analyses_a_simulated_study(tmp_path: Path) -> None:
    if not _registry_reachable(tmp_path / "probe"):
        pytest.skip("pip cannot reach the package registry to install the wheel's dependencies")
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path / "dist"), str(REPO)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    wheel = next((tmp_path / "dist").glob("scanside-*.whl"))
    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=True)
    python, env = fresh / "bin" / "python", _clean_env()
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True, capture_output=True, timeout=600, env=env,
    )  # fmt: skip
    torch = subprocess.run(
        [str(python), "-c", "import torch"], check=False, capture_output=True, env=env
    )
    assert torch.returncode != 0, "torch was installed without the train extra"
    run_dir = tmp_path / "elsewhere"
    run_dir.mkdir()
    scanside = str(fresh / "bin" / "scanside")
    subprocess.run(
        [scanside, "simulate", "--out", "sim", "--seed", "1", "--suspicious", "--slices", "120"],
        check=True, capture_output=True, timeout=300, cwd=run_dir, env=env,
    )  # fmt: skip
    analysed = subprocess.run(
        [scanside, "analyze", "sim", "--json"],
        check=True, capture_output=True, text=True, timeout=600, cwd=run_dir, env=env,
    )  # fmt: skip
    series = json.loads(analysed.stdout)["series"]
    assert series and series[0]["analysed"] and series[0]["findings"]
    head = subprocess.run(
        [str(python), "-c", "from query.shapes import default_head_path; "
         "print(default_head_path().is_file())"],
        check=True, capture_output=True, text=True, cwd=run_dir, env=env,
    )  # fmt: skip
    assert head.stdout.strip() == "True", "the question-shape head is not in the wheel"
    print(
        f"fresh venv {_folder_size_mb(fresh):.0f} MB; wheel built, installed and first study "
        f"simulated and analysed in {time.monotonic() - started:.0f} s"
    )
