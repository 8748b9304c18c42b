"""The outside re-run (``bench/attack_rerun.py``) finds no attack of docs/security.md that works.

The script starts ``scanside serve`` in its own process and repeats every attack of the threat
table over real sockets; it exits 1 when any succeeded. This test runs it as an outsider would.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO, require_tool


@pytest.mark.peers
@pytest.mark.slow
def test_every_attack_of_the_threat_table_is_held() -> None:
    for tool in ("storescu", "echoscu", "openssl"):
        require_tool(tool)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SCANSIDE_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "bench/attack_rerun.py"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-4000:]
    assert "FAIL" not in done.stdout
    assert " attacks held" in done.stderr
