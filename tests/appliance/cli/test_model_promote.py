"""``scanside models promote`` / ``rollback`` (issue 21, item 3) on two real versions of the
shipped lung nodule model: the round trip, the refusals, the audit rows, and the switch killed
with ``kill -9`` at every step of it (``appliance.inference.live_version``)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from appliance.catalogue.database import open_database
from appliance.inference.live_version import DELAY_ENV, POINTER_NAME, read_pointer
from appliance.inference.repository import ModelRepository, sha256_of
from appliance.layout import DataLayout
from tests.conftest import REPO

NAME = "lung_nodule"
SHIPPED = REPO / "models" / NAME
OLD = json.loads((SHIPPED / "manifest.json").read_text())["version"]
NEW = f"{OLD}-nodule060"
NEW_FOLDER = Path("versions") / NEW


def _copy_version(target: Path, version: str, nodule_threshold: float | None) -> None:
    """The shipped model's run-time files in ``target``, with its manifest's ``version`` (and
    nodule threshold) changed and every file's sha256 computed again from the copy."""
    target.mkdir(parents=True)
    manifest = json.loads((SHIPPED / "manifest.json").read_text())
    named = [manifest["candidate_classifier"], manifest.get("attenuation_head")]
    for entry in [*manifest["files"].values(), *filter(None, named)]:
        shutil.copy(SHIPPED / entry["path"], target / entry["path"])
        entry["sha256"] = sha256_of(target / entry["path"])
    manifest["version"] = version
    if nodule_threshold is not None:
        manifest["thresholds"]["nodule"] = nodule_threshold
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2))


@pytest.fixture
def models(tmp_path: Path) -> Path:
    """A repository with the shipped version live at the top level and a copy whose nodule
    threshold is 0.6 installed beside it."""
    root = tmp_path / "models"
    _copy_version(root / NAME, OLD, None)
    _copy_version(root / NAME / NEW_FOLDER, NEW, 0.6)
    return root


def _env(models: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "SCANSIDE_INFERENCE__MODELS_DIR": str(models),
        **extra,
    }


def scanside(models: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "appliance", "models", *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_env(models),
        timeout=120,
        check=False,
    )


def _audit_rows(data: Path) -> list[dict[str, object]]:
    with open_database(DataLayout.at(data).catalogue, read_only=True) as db:
        return db.query_dicts(
            "SELECT action, method, path, query_string, token_name, status_code, accessed_at "
            "FROM audit_log WHERE action LIKE 'model.%' ORDER BY audit_id"
        )


def _live(models: Path) -> tuple[str, float]:
    manifest = ModelRepository(models).get(NAME)
    return manifest.version, manifest.thresholds["nodule"]


@pytest.mark.slow
def test_promote_and_rollback_round_trip_audited(models: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _live(models) == (OLD, 0.5)

    promoted = scanside(models, data, "promote", f"{NAME}@{NEW}")
    assert promoted.returncode == 0, promoted.stderr
    assert f"{NAME} {NEW} is live (was {OLD})" in promoted.stdout
    assert "systemctl start scanside" in promoted.stdout
    assert _live(models) == (NEW, 0.6)
    listed = scanside(models, data, "versions", NAME)
    assert f"{NAME}@{NEW}\tlive" in listed.stdout
    assert f"earlier live versions, oldest first: {OLD}" in listed.stdout

    again = scanside(models, data, "promote", f"{NAME}@{NEW}")
    assert again.returncode == 0 and "already the live version" in again.stdout

    rolled = scanside(models, data, "rollback", NAME)
    assert rolled.returncode == 0, rolled.stderr
    assert f"{NAME} {OLD} is live (was {NEW})" in rolled.stdout
    assert _live(models) == (OLD, 0.5)
    pointer = read_pointer(models / NAME)
    assert pointer is not None and pointer.history == () and pointer.action == "rollback"

    nothing_left = scanside(models, data, "rollback", NAME)
    assert nothing_left.returncode == 2
    assert "no earlier live version to roll back to" in nothing_left.stderr

    rows = _audit_rows(data)
    assert [(r["action"], r["status_code"], r["query_string"]) for r in rows] == [
        ("model.promote", 200, f"version={NEW}&previous={OLD}"),
        ("model.rollback", 200, f"version={OLD}&previous={NEW}"),
    ]
    assert all(r["method"] == "CLI" and r["path"] == f"models/{NAME}" for r in rows)
    assert all(r["token_name"] and r["accessed_at"] for r in rows)


def test_a_version_whose_file_fails_its_sha256_is_refused(models: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    damaged = models / NAME / NEW_FOLDER / "lung_nodule_int8.onnx"
    content = bytearray(damaged.read_bytes())
    content[len(content) // 2] ^= 0xFF
    damaged.write_bytes(bytes(content))

    refused = scanside(models, data, "promote", f"{NAME}@{NEW}")
    assert refused.returncode == 2
    assert "Model version refused" in refused.stderr
    assert "checksum mismatch" in refused.stderr and "lung_nodule_int8.onnx" in refused.stderr
    assert f"{NAME} {OLD} is still live" in refused.stderr
    assert "Copy" in refused.stderr and "again" in refused.stderr
    assert not (models / NAME / POINTER_NAME).exists()
    assert _live(models) == (OLD, 0.5)
    rows = _audit_rows(data)
    assert [(r["action"], r["status_code"]) for r in rows] == [("model.promote", 409)]
    assert "refused=checksum" in str(rows[0]["query_string"])


def test_promotion_is_refused_while_the_catalogue_is_held(models: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_database(DataLayout.at(data).catalogue):  # as a running service holds it
        refused = scanside(models, data, "promote", f"{NAME}@{NEW}")
    assert refused.returncode == 2
    assert "service is running" in refused.stderr and "systemctl stop scanside" in refused.stderr
    assert _live(models) == (OLD, 0.5)


STEPS = ("before-temp", "half-written", "before-replace", "replaced", "before-audit")
"""The pauses of a switch (``pause_for_test``), in order; the rename is between the third and
the fourth."""


def _kill_during_switch(
    models: Path, data: Path, target: str, step: str, extra_s: float
) -> subprocess.Popen[str]:
    """Start ``promote target`` with pauses between its steps; ``kill -9`` it ``extra_s``
    after it reaches ``step``."""
    command = ["models", "promote", f"{NAME}@{target}", "--data-dir", str(data)]
    process = subprocess.Popen(
        [sys.executable, "-m", "appliance", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=_env(models, **{DELAY_ENV: "0.1"}),
    )
    assert process.stderr is not None
    seen = []
    while True:
        line = process.stderr.readline()
        assert line, f"promote ended before step {step}: {seen}"
        seen.append(line.strip())
        if line.strip() == f"switch-step {step}":
            break
    time.sleep(extra_s)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()
    return process


@pytest.mark.slow
def test_a_switch_killed_at_any_point_leaves_one_whole_version(
    models: Path, tmp_path: Path
) -> None:
    """20 promotions, each killed with SIGKILL: 10 at each named step in turn (twice) and 10
    at a random instant after the switch began; after each, the repository must load as
    exactly the old or the new version, files and thresholds included."""
    data = tmp_path / "data"
    rng = random.Random(21)
    thresholds = {OLD: 0.5, NEW: 0.6}
    outcomes = []
    for attempt in range(20):
        before, _ = _live(models)
        target = NEW if before == OLD else OLD
        if attempt < 10:
            step, extra_s = STEPS[attempt % len(STEPS)], 0.0
        else:
            step, extra_s = "before-temp", rng.uniform(0.0, 0.5)
        process = _kill_during_switch(models, data, target, step, extra_s)
        assert process.returncode == -signal.SIGKILL

        manifest = ModelRepository(models).get(NAME)  # loads, never an error
        manifest.verify_files()
        assert manifest.version in (OLD, NEW)
        assert manifest.thresholds["nodule"] == thresholds[manifest.version]
        if extra_s == 0.0:
            renamed = STEPS.index(step) >= STEPS.index("replaced")
            assert manifest.version == (target if renamed else before), (attempt, step)
        outcomes.append((step, round(extra_s, 2), "new" if manifest.version == target else "old"))
    print("kill -9 outcomes (step, extra s, version found):", outcomes)
    assert {o[2] for o in outcomes} == {"old", "new"}
    # the catalogue survives the kills, and a later switch clears the stray temporary files
    assert isinstance(_audit_rows(data), list)
    before, _ = _live(models)
    done = scanside(models, data, "promote", f"{NAME}@{NEW if before == OLD else OLD}")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (models / NAME).glob(".LIVE*")] == []


def test_promotion_is_refused_when_the_configuration_pins_the_model(
    models: Path, tmp_path: Path
) -> None:
    config = tmp_path / "scanside.toml"
    config.write_text(f'[inference]\nlive_versions = ["{NAME}@{OLD}"]\n')
    refused = scanside(
        models, tmp_path / "data", "promote", f"{NAME}@{NEW}", "--config", str(config)
    )
    assert refused.returncode == 2 and "inference.live_versions" in refused.stderr
    assert _live(models) == (OLD, 0.5)
