"""``scanside models compare LIVE SHADOW``: how a shadow version's answers differ from the live
version's on the series both analysed (``docs/models.md``). ``promote``, ``rollback`` and
``versions`` (which version is live) are in :mod:`appliance.cli.commands._model_switch`.

While ``scanside serve`` runs it owns the catalogue, so the comparison comes from its API
(``GET /api/v1/models/compare``, with the local admin token); otherwise the catalogue file is
opened read-only. Text by default; ``--json`` or ``--csv FILE`` (one row per series) to export.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

import httpx

from appliance.api.local import read_local_admin_token, running_api_trust, running_api_url
from appliance.catalogue.database import open_database
from appliance.cli.commands import _model_switch
from appliance.cli.options import add_common_options, config_from_args
from appliance.errors import ScanSideError
from appliance.layout import DataLayout
from appliance.monitoring.agreement import agreement

NAME = "models"
HELP = "model versions: compare LIVE SHADOW, promote NAME@VERSION, rollback NAME, versions [NAME]"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    compare = sub.add_parser("compare", help="agreement of SHADOW with LIVE (versions)")
    add_common_options(compare)
    compare.add_argument("live", help="the live version, e.g. 0.2.3")
    compare.add_argument("shadow", help="the shadow version, e.g. 0.2.4")
    compare.add_argument("--model", default="lung_nodule", help="model name (lung_nodule)")
    compare.add_argument("--since", type=date.fromisoformat, help="series analysed since DATE")
    out = compare.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON (with every series)")
    out.add_argument("--csv", metavar="FILE", help="write one row per series to FILE")
    promote = sub.add_parser(
        "promote", help="make an installed version live (checked, audited, atomic)"
    )
    add_common_options(promote)
    promote.add_argument("version", help="NAME@VERSION, e.g. lung_nodule@0.2.4")
    rollback = sub.add_parser("rollback", help="make the previous live version live again")
    add_common_options(rollback)
    rollback.add_argument("name", help="the model, e.g. lung_nodule")
    listing = sub.add_parser("versions", help="installed versions: live, shadow, history")
    add_common_options(listing)
    listing.add_argument("name", nargs="?", help="the model (default: every model)")


def _query(args: argparse.Namespace, fmt: str) -> dict[str, str]:
    params = {"model": args.model, "live": args.live, "shadow": args.shadow, "format": fmt}
    if args.since:
        params["since"] = args.since.isoformat()
    return params


def _from_api(url: str, layout: DataLayout, args: argparse.Namespace, fmt: str) -> str:
    token = read_local_admin_token(layout)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    verify = running_api_trust(layout)
    try:
        response = httpx.get(
            f"{url}/api/v1/models/compare",
            params=_query(args, fmt),
            headers=headers,
            timeout=60,
            verify=True if verify is None else verify,
        )
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise ScanSideError(f"the service at {url} did not answer: {exc}", title="Compare") from exc
    return response.text


def _from_file(layout: DataLayout, args: argparse.Namespace, fmt: str) -> str:
    config = config_from_args(args)
    with open_database(layout.catalogue, read_only=True) as db:
        result = agreement(
            db, args.model, args.live, args.shadow, since=args.since, triage=config.triage
        )
    return result.to_csv() if fmt == "csv" else json.dumps(result.to_json(), default=str)


def run(args: argparse.Namespace) -> int:
    if args.action == "promote":
        return _model_switch.promote(args)
    if args.action == "rollback":
        return _model_switch.rollback(args)
    if args.action == "versions":
        return _model_switch.versions(args)
    config = config_from_args(args)
    layout = DataLayout.at(config.storage.data_dir)
    fmt = "csv" if args.csv else "json"
    url = running_api_url(layout)
    text = _from_api(url, layout, args, fmt) if url else _from_file(layout, args, fmt)
    if args.csv:
        with open(args.csv, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return 0
    data = json.loads(text)
    if args.json:
        print(json.dumps(data, indent=2, default=str))
    else:
        _print_text(data)
    return 0


def _print_text(data: dict[str, Any]) -> None:
    print(
        f"{data['model']} {data['shadow']} (shadow) against {data['live']} (live): "
        f"{data['series']} series both analysed"
    )
    print(
        f"findings: {data['findings_live']} live, {data['findings_shadow']} shadow; "
        f"{data['matched']} matched, {data['only_live']} only live, "
        f"{data['only_shadow']} only shadow"
    )
    size = data["diameter_difference_mm"]
    print(
        f"diameter, shadow minus live: mean {size['mean']} mm, median |d| {size['median_abs']} mm"
    )
    for key, what in (("lung_rads_changed", "Lung-RADS"), ("priority_changed", "priority")):
        print(f"{what} changed in {len(data[key])} series")
        for change in data[key]:
            print(f"  study {change['study_uid']}: {change['live']} -> {change['shadow']}")
    times = data["seconds_per_series"]
    print(f"seconds per series: live {times['live']}, shadow {times['shadow']}")
