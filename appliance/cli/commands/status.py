"""``scanside status``: counts of patients, studies, series, instances and jobs, free disk, and
each model's drift (``docs/drift.md``): the status view of the health snapshot
(:mod:`appliance.health`), printed.

While ``scanside serve`` runs it owns the catalogue, so the snapshot comes from its API
(``GET /api/v1/status``, with the local admin token when ``run/local-admin.token`` exists);
otherwise it is taken here from the catalogue file, opened read-only. Either way the same
module computed it; this command only prints it.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

import httpx

from appliance import runinfo
from appliance.api.local import trust, url_for
from appliance.catalogue.database import open_database
from appliance.cli.options import add_common_options, config_from_args
from appliance.errors import ScanSideError
from appliance.health.probe import Sources, take_snapshot
from appliance.health.snapshot import HealthSnapshot
from appliance.health.views import status_json
from appliance.layout import DataLayout

NAME = "status"
HELP = "show what the appliance holds (counts, jobs, disk, model drift); --json for scripts"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_options(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")


def _from_api(layout: DataLayout, info: runinfo.RunInfo) -> dict[str, Any]:
    headers = {}
    token = runinfo.admin_token(layout)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    url = f"{url_for(info.http_host, info.http_port, info.http_scheme)}/api/v1/status"
    try:
        response = httpx.get(
            url, headers=headers, timeout=10.0, verify=trust(info.http_certificate)
        )
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise ScanSideError(
            f"the service (pid {info.pid}) did not answer {url}: {exc}", title="Status unavailable"
        ) from exc
    data: dict[str, Any] = response.json()
    data["running"] = True
    return data


def _from_file(layout: DataLayout, args: argparse.Namespace) -> dict[str, Any]:
    config = config_from_args(args)
    if not layout.catalogue.exists():
        print(
            f"note: no catalogue in {layout.root} (storage.data_dir): nothing was received "
            "there; run this where the appliance runs or give its --data-dir or --config",
            file=sys.stderr,
        )
        snapshot = take_snapshot(Sources(config, layout, None), datetime.now())
    else:
        with open_database(layout.catalogue, read_only=True) as db:
            snapshot = take_snapshot(Sources(config, layout, db), datetime.now())
    for note in snapshot.notes:  # an older catalogue, read without migrating it
        print(f"note: {note}", file=sys.stderr)
    return {"running": False, **_status_of(snapshot)}


def _status_of(snapshot: HealthSnapshot) -> dict[str, Any]:
    """What the command shows of a snapshot taken here: the service's status view less its
    version and components (no service runs)."""
    status = status_json(snapshot)
    return {key: status[key] for key in ("catalogue", "storage", "drift")}


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    layout = DataLayout.at(config.storage.data_dir)
    info = runinfo.read_running(layout)
    data = _from_api(layout, info) if info is not None else _from_file(layout, args)
    if args.json:
        print(json.dumps(data, indent=2, default=str))
        return 0
    _print_text(data)
    return 0


def _print_text(data: dict[str, Any]) -> None:
    print("service:", "running" if data.get("running") else "not running")
    catalogue = data.get("catalogue") or {}
    for key in ("patients", "studies", "series", "instances"):
        print(f"{key}: {catalogue.get(key, 0)}")
    for key in ("series_by_state", "jobs"):
        states = catalogue.get(key) or {}
        print(f"{key.replace('_', ' ')}: " + ", ".join(f"{k} {v}" for k, v in states.items()))
    storage = data.get("storage") or {}
    print(
        f"free disk: {storage.get('free_mb', '?')} MiB "
        f"(refusing below {storage.get('min_free_mb', '?')})"
    )
    for report in data.get("drift") or []:
        _print_drift(report)


def _print_drift(report: dict[str, Any]) -> None:
    model = report["model"]
    print(
        f"drift of {model['name']} {model['version']}: {report['state'].upper()} "
        f"(window {report['window_series']} series, reference {report['reference_series']}; "
        f"{report['outside_validation_share']:.0%} outside validation)"
    )
    for s in report["statistics"]:
        mark = "DRIFT" if s["flagged"] else "ok"
        print(f"  {s['name']:<20} {s['value']:>8g}  (flagged at {s['threshold']:g})  {mark}")
