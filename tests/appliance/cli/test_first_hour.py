"""The mistakes of a first hour with the CLI end in one line that says what to do, not a traceback.

Each case is one the issue-20 walk-through met: a port already taken (DICOM, and HTTP under
``scanside demo``), ``simulate --nodules -2``, ``--suspicious`` with no nodule to make
suspicious, ``analyze`` of a missing path, ``status`` in a folder with no catalogue, and output
piped into ``head``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from appliance.cli import main
from appliance.simulate import simulate_study
from tests.conftest import REPO, free_port


def _scanside(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "appliance", *args],
        cwd=cwd,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _one_line_without_traceback(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1]


@pytest.fixture
def taken_port() -> Iterator[int]:
    port = free_port()
    with socket.socket() as holder:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        holder.bind(("127.0.0.1", port))
        holder.listen()
        yield port


def test_a_dicom_port_in_use_is_named_with_the_flag_to_change_it(
    tmp_path: Path, taken_port: int
) -> None:
    result = _scanside(
        "serve", "--data-dir", str(tmp_path), "--port", str(taken_port),
        "--http-port", str(free_port()), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    line = _one_line_without_traceback(result.stderr)
    assert f"DICOM port {taken_port} is already in use" in line
    assert "--port N" in line


def test_demo_says_why_serve_stopped_when_the_http_port_is_taken(
    tmp_path: Path, taken_port: int
) -> None:
    result = _scanside(
        "demo", "--data-dir", str(tmp_path), "--port", str(free_port()),
        "--http-port", str(taken_port), "--no-tui", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    line = _one_line_without_traceback(result.stderr)
    assert f"HTTP API port {taken_port} is already in use" in line
    assert "--http-port N" in line


def test_a_negative_nodule_count_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["simulate", "--out", str(tmp_path), "--nodules", "-2"])
    assert stopped.value.code == 2
    assert "argument --nodules: must be 0 to 20, got -2" in capsys.readouterr().err


def test_suspicious_with_no_nodules_says_how_many_to_ask_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", "--out", str(tmp_path), "--nodules", "0", "--suspicious"]) == 2
    assert "give --nodules 1 to 20" in capsys.readouterr().err


def test_suspicious_always_draws_a_nodule() -> None:
    """Seed 3 draws no nodule; asked for a suspicious study it gets one, large."""
    geometry = {"slices": 60, "rows": 192, "pixel_spacing_mm": 1.5}
    assert simulate_study(3, **geometry).nodules == ()  # type: ignore[arg-type]
    (nodule,) = simulate_study(3, suspicious=True, **geometry).nodules  # type: ignore[arg-type]
    assert nodule.diameter_mm >= 15


def test_suspicious_without_room_for_the_nodule_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Seed 2 on 64 x 64 pixels: no room in the lungs for a nodule of 15 mm or more."""
    assert main(["simulate", "--out", str(tmp_path), "--seed", "2", "--slices", "12",
                 "--rows", "64", "--suspicious"]) == 1  # fmt: skip
    assert "no room for a suspicious nodule" in capsys.readouterr().err


def test_analyze_of_a_missing_path_says_it_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(tmp_path / "nonexistent")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("No such file or folder: ")
    assert "does not exist" in err


def test_status_where_nothing_was_received_says_where_it_looked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["status", "--data-dir", str(tmp_path / "elsewhere")]) == 0
    captured = capsys.readouterr()
    assert "no catalogue in" in captured.err
    assert "--data-dir" in captured.err
    assert "service: not running" in captured.out


def test_output_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """As ``scanside config | head -1`` once head has gone: no BrokenPipeError traceback."""
    script = (
        "import os, sys\n"
        "read_end, write_end = os.pipe()\n"
        "os.close(read_end)\n"
        "os.dup2(write_end, 1)\n"
        "from appliance.cli import main\n"
        "sys.exit(main(['config']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 141
    assert result.stderr == ""
