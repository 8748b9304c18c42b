"""``scanside status``: counts of patients, studies, series, instances and jobs, free disk, and
each model's drift (``docs/drift.md``).

While ``scanside serve`` runs it owns the catalogue, so the figures come from its API
(``GET /api/v1/status``, with the local admin token when ``run/local-admin.token`` exists);
otherwise the catalogue file is opened read-only.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import httpx

from appliance import runinfo
from appliance.api.local import trust, url_for
from appliance.catalogue.counts import catalogue_counts, empty_counts
from appliance.catalogue.database import Database, open_database
from appliance.cli.options import add_common_options, config_from_args
from appliance.config import MonitoringConfig
from appliance.errors import CatalogueError, ScanSideError
from appliance.ingest.disk import disk_status
from appliance.layout import DataLayout
from appliance.monitoring.drift import drift_report

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
        counts, drift = empty_counts().to_json(), []
    else:
        with open_database(layout.catalogue, read_only=True) as db:
            counts = catalogue_counts(db).to_json()
            drift = _drift(db, config.monitoring)
    return {
        "running": False,
        "catalogue": counts,
        "storage": disk_status(layout, config.storage),
        "drift": drift,
    }


def _drift(db: Database, settings: MonitoringConfig) -> list[dict[str, Any]]:
    try:
        return [r.to_json() for r in drift_report(db, settings)]
    except CatalogueError as exc:  # a catalogue of an older schema, opened without migrating
        print(f"note: drift not available: {exc.message}", file=sys.stderr)
        return []


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
