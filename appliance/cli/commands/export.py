"""``scanside export``: a de-identified research export of a cohort, into a folder.

The cohort is a question (``--question "..."``, answered by the query engine) or a file of Study
Instance UIDs (``--studies FILE``). While ``scanside serve`` runs it owns the catalogue, so the
export is asked of its admin API route (``POST /api/v1/exports``, with the local admin token)
and written by the service; otherwise it runs here on the catalogue file. Prints what was
written (files, findings, refused objects, size, time) and where the pseudonym map is kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
from pathlib import Path
from typing import Any

import httpx

from appliance import runinfo
from appliance.api.local import trust, url_for
from appliance.catalogue.database import open_database
from appliance.cli.options import add_common_options, config_from_args
from appliance.errors import ConfigError, ExportError
from appliance.export.cohort import read_study_file, studies_of_answer
from appliance.export.exporter import export_cohort
from appliance.layout import DataLayout

NAME = "export"
HELP = "write a de-identified research export of a cohort (images, SR, SEG, findings table)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cohort = parser.add_mutually_exclusive_group(required=True)
    cohort.add_argument("--question", help="the cohort, as a question in quotes")
    cohort.add_argument("--studies", type=Path, metavar="FILE", help="one Study UID per line")
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="new or empty folder"
    )
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="date the question counts from")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    add_common_options(parser)


def _local(
    layout: DataLayout, args: argparse.Namespace, studies: list[str] | None
) -> dict[str, Any]:
    with open_database(layout.catalogue) as db:
        if studies is None:
            from query.engine import QueryEngine  # noqa: PLC0415 - loads onnxruntime only here

            as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
            studies = studies_of_answer(QueryEngine(db).answer(args.question, as_of))
        report = export_cohort(
            db, layout, studies, args.out, requested_by=getpass.getuser(), question=args.question
        )
    return report.to_json()


def _remote(
    layout: DataLayout, info: runinfo.RunInfo, args: argparse.Namespace, studies: list[str] | None
) -> dict[str, Any]:
    token = runinfo.admin_token(layout)
    if not token:
        raise ExportError("the service runs but its local admin token is missing")
    body = {"out": str(args.out.resolve()), "question": args.question, "studies": studies}
    body["as_of"] = args.as_of
    url = f"{url_for(info.http_host, info.http_port, info.http_scheme)}/api/v1/exports"
    try:
        response = httpx.post(
            url,
            json=body,
            headers={"Authorization": f"Bearer {token}"},
            timeout=3600.0,
            verify=trust(info.http_certificate),
        )
    except httpx.HTTPError as exc:
        raise ExportError(f"the service (pid {info.pid}) did not answer {url}: {exc}") from exc
    if response.status_code != 201:
        detail = response.json().get("detail", response.text) if response.content else ""
        raise ExportError(f"the service refused the export ({response.status_code}): {detail}")
    data: dict[str, Any] = response.json()
    return data


def run(args: argparse.Namespace) -> int:
    if args.as_of:
        try:
            dt.date.fromisoformat(args.as_of)
        except ValueError as exc:
            raise ConfigError(f"--as-of {args.as_of!r} is not a date (YYYY-MM-DD)") from exc
    layout = DataLayout.at(config_from_args(args).storage.data_dir)
    studies = read_study_file(args.studies) if args.studies else None
    info = runinfo.read_running(layout)
    report = _remote(layout, info, args, studies) if info else _local(layout, args, studies)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(
        f"exported {report['studies']} studies to {report['out_dir']}: {report['files']} DICOM "
        f"files, {report['findings']} findings, {len(report['refused'])} refused, "
        f"{report['size_bytes'] / 1e6:.1f} MB in {report['seconds']:.1f} s"
    )
    for refused in report["refused"]:
        print(f"  refused {refused['path']}: {refused['reason']}")
    print(f"pseudonym map (stays on this machine, service user only): {report['map_path']}")
    return 0
