"""Does a shadow version delay the live result? Issue 21's target: by no more than 10 %.

Runs ``scanside serve`` on a temporary model repository holding the shipped ``lung_nodule``
(live) and a copy of it with other thresholds (``--shadow-threshold``, its own version string
and recomputed sha256s) installed beside it, in two arms that alternate (ABBA) in one run:

- ``none``: the service without a shadow version;
- ``shadow``: the same service with ``inference.shadow_versions`` naming the copy.

Each block starts a fresh service (its own data directory), sends a primer series (not
measured: it warms the worker and, in the shadow arm, leaves a shadow analysis running), then
``--per-block`` measured series, each sent over DICOM the moment the previous one's live
findings are in the catalogue, so that in the shadow arm every measured series arrives while
a shadow analysis runs (the worst case; the script checks it from the dispatcher's status).
The same simulated series (same seeds, same files) go to both arms.

Latency: ``received`` is from the moment the last image was acknowledged (the sender's
association done: every image is stored durably before its acknowledgement) to the live job's
finish in the catalogue (findings recorded), and includes the completion monitor's quiet period
(8 s here, the same in both arms); ``queued`` is from the live job's creation (the series
declared complete) to the same finish. Reported: each arm's median, the ratio of medians and
the paired ratios (shadow / none for the same series) with their range.

The machine is shared, and other work can change a wall-clock latency by a factor of two from
one minute to the next, so the script also samples, every 0.25 s, the CPU time of the live
worker and of the shadow worker (from ``/proc``, via psutil): per measured series, the live
worker's CPU seconds (what the analysis cost, nearly independent of the load) and the shadow
worker's CPU seconds *while the live job ran* (from the job's ``started_at`` to its
``finished_at``): the direct measure of whether the shadow competed with it.

    PYTHONPATH=. python bench/shadow_delay.py [--rounds 2] [--per-block 3] [--json FILE]

The machine is shared: the run is short (a few minutes with the defaults) and interleaved, so
that load from elsewhere falls on both arms alike.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import httpx
import psutil
import pydicom

from appliance import runinfo
from appliance.inference.repository import sha256_of
from appliance.layout import DataLayout
from appliance.shipped_models import shipped_models_dir
from appliance.simulate.sender import send_datasets
from tests.conftest import REPO, free_port

NAME = "lung_nodule"
ARMS = ("none", "shadow")
QUIET_S = 8.0
"""The completion monitor's quiet period: short, but long enough that a series sent on a busy
machine is not declared complete before its last image (it then would be analysed twice)."""


def copy_version(source: Path, target: Path, version: str, thresholds: dict[str, float]) -> None:
    """The run-time files of ``source`` in ``target``, version and thresholds changed and every
    sha256 recomputed from the copy (as ``tests/appliance/cli/test_model_promote.py`` does)."""
    target.mkdir(parents=True)
    manifest = json.loads((source / "manifest.json").read_text())
    named = [manifest["candidate_classifier"], manifest.get("attenuation_head")]
    for entry in [*manifest["files"].values(), *filter(None, named)]:
        shutil.copy(source / entry["path"], target / entry["path"])
        entry["sha256"] = sha256_of(target / entry["path"])
    manifest["version"] = version
    manifest["thresholds"] |= thresholds
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2))


def model_repository(work: Path, threshold: float) -> tuple[Path, str]:
    """Shipped ``lung_nodule`` live, a copy with ``thresholds.nodule = threshold`` beside it."""
    shipped = shipped_models_dir()
    root = work / "models"
    live = json.loads((shipped / NAME / "manifest.json").read_text())["version"]
    shadow = f"{live}-shadow{int(threshold * 100):03d}"
    copy_version(shipped / NAME, root / NAME, live, {})
    copy_version(shipped / NAME, root / NAME / "versions" / shadow, shadow, {"nodule": threshold})
    (root / "minilm").symlink_to(shipped / "minilm")
    return root, f"{NAME}@{shadow}"


def simulate(work: Path, seeds: list[int], args: argparse.Namespace) -> dict[int, list[Path]]:
    """One simulated series per seed, rendered once and sent to both arms."""
    series: dict[int, list[Path]] = {}
    for seed in seeds:
        out = work / "sim" / str(seed)
        command = [sys.executable, "-m", "appliance", "simulate", "--out", str(out)]
        command += ["--seed", str(seed), "--slices", str(args.slices), "--rows", str(args.rows)]
        command += ["--thickness", str(args.thickness), "--nodules", "2"]
        subprocess.run(command, check=True, capture_output=True, env=_env())
        series[seed] = sorted(out.rglob("*.dcm"))
    return series


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCANSIDE_")}
    return env | {"PYTHONPATH": str(REPO)}


def write_config(path: Path, models: Path, shadow: str | None) -> None:
    shadows = f'["{shadow}"]' if shadow else "[]"
    path.write_text(
        f'[inference]\nmodels_dir = "{models}"\nworkers = 1\nshadow_versions = {shadows}\n'
        f"[completion]\ndefault_quiet_s = {QUIET_S}\ncheck_interval_s = 0.5\n"
        f"[completion.quiet_s]\nCT = {QUIET_S}\n"
    )


class Service:
    """One ``scanside serve`` on its own data directory, ports and configuration."""

    def __init__(self, data_dir: Path, config: Path) -> None:
        self.layout = DataLayout.at(data_dir).create()
        self.port, self.http_port = free_port(), free_port()
        command = [sys.executable, "-m", "appliance", "serve", "--config", str(config)]
        command += ["--data-dir", str(data_dir), "--port", str(self.port)]
        command += ["--http-port", str(self.http_port)]
        self.log = (data_dir / "serve.log").open("wb")
        self.process = subprocess.Popen(command, cwd=REPO, env=_env(), stdout=self.log,
                                        stderr=subprocess.STDOUT)  # fmt: skip
        self.token = ""

    def wait_up(self, timeout_s: float = 180) -> None:
        deadline = time.monotonic() + timeout_s
        while runinfo.read_running(self.layout) is None or not runinfo.admin_token(self.layout):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"scanside serve did not start: see {self.log.name}")
            time.sleep(0.5)
        self.token = runinfo.admin_token(self.layout) or ""

    def get(self, path: str, **params: Any) -> Any:
        response = httpx.get(
            f"http://127.0.0.1:{self.http_port}/api/v1/{path}",
            params=params,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def send(self, files: list[Path]) -> None:
        datasets = [pydicom.dcmread(f) for f in files]
        send_datasets(datasets, "127.0.0.1", self.port)

    def wait_live_result(self, series_uid: str, images: int, timeout_s: float = 600) -> str:
        """Until the live analysis of the whole series (all ``images``) is finished."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for row in self.get("feed", limit=50):
                state = row.get("analysis_state")
                if (
                    row["series_uid"] == series_uid
                    and row["instance_count"] == images
                    and state in ("done", "failed", "skipped")
                ):
                    return str(state)
            time.sleep(0.5)
        raise SystemExit(f"no live result for {series_uid} within {timeout_s:g} s")

    def shadow_running(self, series_uid: str) -> bool:
        """Whether the analysis component runs a job for another series (a shadow one: the
        previous series' live job is done before this one is sent)."""
        analysis = self.get("status").get("components", {}).get("analysis", {})
        return any(uid != series_uid for uid in analysis.get("running", {}).values())

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class CpuSampler:
    """Cumulative CPU seconds of the live and the shadow worker, sampled with their time."""

    def __init__(self, live_pid: int, shadow_pid: int | None, every_s: float = 0.25) -> None:
        self.processes = {"live": psutil.Process(live_pid)}
        if shadow_pid is not None:
            self.processes["shadow"] = psutil.Process(shadow_pid)
        self.samples: list[tuple[datetime, dict[str, float]]] = []
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            now = datetime.now()
            try:
                cpu = {k: sum(p.cpu_times()[:2]) for k, p in self.processes.items()}
            except psutil.Error:
                continue
            self.samples.append((now, cpu))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def used(self, which: str, start: datetime, end: datetime) -> float | None:
        """CPU seconds ``which`` used between the last sample before ``start`` and the first
        after ``end`` (so a little more than the interval, never less)."""
        if which not in self.processes:
            return None
        before = [c[which] for t, c in self.samples if t <= start]
        after = [c[which] for t, c in self.samples if t >= end]
        if not before or not after:
            return None
        return after[0] - before[-1]


def series_uid_of(files: list[Path]) -> str:
    return str(pydicom.dcmread(files[0], stop_before_pixels=True).SeriesInstanceUID)


def run_block(
    work: Path, arm: str, block: int, config: Path, series: list[list[Path]]
) -> list[dict[str, Any]]:
    """Primer, then the measured series one after another; their latencies from the catalogue."""
    data_dir = work / f"data-{block}-{arm}"
    data_dir.mkdir()
    service = Service(data_dir, config)
    overlapped: dict[str, bool] = {}
    sent: dict[str, datetime] = {}
    sampler = None
    try:
        service.wait_up()
        analysis = service.get("status")["components"]["analysis"]
        sampler = CpuSampler(analysis["worker_pids"][0], analysis.get("shadow_worker_pid"))
        for index, files in enumerate(series):
            uid = series_uid_of(files)
            service.send(files)
            sent[uid] = datetime.now()  # local, as DuckDB's current_timestamp
            if index > 0:
                overlapped[uid] = service.shadow_running(uid)
            service.wait_live_result(uid, len(files))
    finally:
        if sampler is not None:
            sampler.stop()
        service.stop()
    rows = latencies(data_dir, overlapped, sent, (arm, block))
    for row in rows:
        span = (row.pop("started_at"), row.pop("finished_at"))
        assert sampler is not None
        row["live_cpu_s"] = sampler.used("live", *span)
        row["shadow_cpu_during_live_s"] = sampler.used("shadow", *span)
    return rows


def latencies(
    data_dir: Path, overlapped: dict[str, bool], sent: dict[str, datetime], where: tuple[str, int]
) -> list[dict[str, Any]]:
    """The measured series' latencies (the primer is not in ``overlapped``)."""
    database = DataLayout.at(data_dir).catalogue
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            "SELECT series_uid, epoch(finished_at - created_at), finished_at, started_at, "
            "count(*) OVER (PARTITION BY series_uid) FROM jobs "
            "WHERE kind = 'analyse_series' AND state = 'done' "
            "AND series_uid IN (SELECT unnest(?)) "
            "QUALIFY row_number() OVER (PARTITION BY series_uid ORDER BY job_id DESC) = 1",
            [sorted(overlapped)],
        ).fetchall()
    return [
        {"arm": where[0], "block": where[1], "series_uid": uid, "queued_s": float(queued),
         "received_s": (finished - sent[uid]).total_seconds(),
         "shadow_running_at_arrival": overlapped[uid], "live_analyses": int(analyses),
         "started_at": started, "finished_at": finished}
        for uid, queued, finished, started, analyses in rows
    ]  # fmt: skip


def valid(row: dict[str, Any]) -> bool:
    """Analysed once, after its last image: on a busy machine a sender may pause longer than the
    quiet period, the series is analysed part-received, and the figure is not a latency."""
    return bool(row["live_analyses"] == 1 and row["received_s"] > 0)


def summarise(everything: list[dict[str, Any]]) -> dict[str, Any]:
    results = [r for r in everything if valid(r)]
    summary: dict[str, Any] = {"left_out_part_received": len(everything) - len(results)}
    for key in ("queued_s", "received_s"):
        by_arm = {a: {r["series_uid"] + str(r["block"] // 2): r[key] for r in results
                      if r["arm"] == a} for a in ARMS}  # fmt: skip
        pairs = sorted(set(by_arm["none"]) & set(by_arm["shadow"]))
        ratios = [by_arm["shadow"][p] / by_arm["none"][p] for p in pairs]
        medians = {a: statistics.median(by_arm[a].values()) for a in ARMS}
        summary[key] = {
            "median_none_s": round(medians["none"], 2),
            "median_shadow_s": round(medians["shadow"], 2),
            "ratio_of_medians": round(medians["shadow"] / medians["none"], 3),
            "paired_ratio_median": round(statistics.median(ratios), 3),
            "paired_ratio_min": round(min(ratios), 3),
            "paired_ratio_max": round(max(ratios), 3),
            "pairs": len(ratios),
        }
    for key in ("live_cpu_s", "shadow_cpu_during_live_s"):
        summary[key] = {
            a: [round(r[key], 2) for r in results if r["arm"] == a and r[key] is not None]
            for a in ARMS
        }
    shadow_rows = [r for r in results if r["arm"] == "shadow"]
    summary["shadow_running_at_arrival"] = (
        f"{sum(r['shadow_running_at_arrival'] for r in shadow_rows)} of {len(shadow_rows)}"
    )
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="ABBA rounds (2 blocks each)")
    parser.add_argument("--per-block", type=int, default=3, help="measured series per block")
    parser.add_argument("--slices", type=int, default=100)
    parser.add_argument("--rows", type=int, default=384)
    parser.add_argument("--thickness", type=float, default=2.5)
    parser.add_argument("--shadow-threshold", type=float, default=0.6)
    parser.add_argument("--seed", type=int, default=210000)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--keep", type=Path, help="keep the work folder here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="scanside-shadow-delay-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    models, shadow = model_repository(work, args.shadow_threshold)
    configs = {arm: work / f"{arm}.toml" for arm in ARMS}
    write_config(configs["none"], models, None)
    write_config(configs["shadow"], models, shadow)
    seeds = list(range(args.seed, args.seed + args.rounds * (args.per_block + 1)))
    series = simulate(work, seeds, args)
    results: list[dict[str, Any]] = []
    for round_ in range(args.rounds):
        chunk = [series[s] for s in seeds[round_ * (args.per_block + 1) :][: args.per_block + 1]]
        order = ARMS if round_ % 2 == 0 else ARMS[::-1]
        for n, arm in enumerate(order):
            block = round_ * 2 + n
            rows = run_block(work, arm, block, configs[arm], chunk)
            for row in rows:
                print(f"  block {block} {arm:6} {row['series_uid'][-12:]}: queued->findings "
                      f"{row['queued_s']:.2f} s, received->findings {row['received_s']:.2f} s, "
                      f"shadow running at arrival: {row['shadow_running_at_arrival']}, "
                      f"live worker CPU {row['live_cpu_s']} s, shadow worker CPU meanwhile "
                      f"{row['shadow_cpu_during_live_s']} s",
                      flush=True)  # fmt: skip
            results.extend(rows)
    report = {
        "summary": summarise(results),
        "series": results,
        "settings": {k: str(v) for k, v in vars(args).items()} | {"shadow": shadow},
        "elapsed_s": round(time.monotonic() - started),
        "load_average": os.getloadavg(),
    }
    print(json.dumps(report["summary"], indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
