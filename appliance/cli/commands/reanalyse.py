"""``scanside reanalyse --since DATE --model NAME@VERSION``: analyse again, on request, the series
a model analysed since DATE (``docs/models.md``).

Promoting a version never touches the series already analysed; this command is the explicit
step that does. With the live version (after ``scanside models promote``) each series' answer
replaces its findings exactly as a live analysis would (compared with priors, triaged, drift
monitoring row); with another installed version it is stored as that version's shadow analysis,
for ``scanside models compare``. Nothing is sent to PACS, the RIS or the EHR again unless
``--send`` asks: then each re-analysed series' results (SR, SEG, HL7 ORU, FHIR Bundle) are
written and queued in the outbox exactly as the service's publisher does after a live analysis,
and the service's senders deliver them when it starts again (the outbox is durable). Only the
live version's results can be sent: a shadow version's never leave the appliance.

It runs in this process, with the service stopped (the service holds the catalogue), and prints
one line per series. Resumable: each series is recorded as soon as it is analysed, and a series
already analysed by VERSION is skipped (:mod:`appliance.catalogue.reanalysis`), so a run that is
stopped (Ctrl-C, ``--limit``, a power cut) continues where it stopped when run again.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from appliance.catalogue.findings import record_analysis
from appliance.catalogue.reanalysis import series_to_reanalyse
from appliance.catalogue.shadow import record_shadow_analysis
from appliance.cli.commands._model_switch import audit, open_catalogue
from appliance.cli.options import add_common_options, config_from_args
from appliance.errors import ScanSideError
from appliance.inference.dispatcher import series_files
from appliance.inference.priors import compare_with_priors
from appliance.inference.repository import parse_version_ref, repository_for
from appliance.inference.runtime import InferenceRuntime
from appliance.inference.unreported import analyse_with_candidates
from appliance.layout import DataLayout
from appliance.results.publisher import ResultsPublisher

NAME = "reanalyse"
HELP = "analyse again the series a model analysed since DATE, with NAME@VERSION (resumable)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_options(parser)
    parser.add_argument(
        "--since", type=date.fromisoformat, required=True, help="series analysed since DATE"
    )
    parser.add_argument("--model", required=True, help="NAME@VERSION, e.g. lung_nodule@0.2.4")
    parser.add_argument("--limit", type=int, help="stop after this many series (resume later)")
    parser.add_argument(
        "--send",
        action="store_true",
        help="also queue each series' new results for PACS, the RIS and the EHR (live version "
        "only; the service delivers them when it starts)",
    )


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    name, version = parse_version_ref(args.model, "--model")
    root = DataLayout.at(config.storage.data_dir).root
    with open_catalogue(config, "Nothing re-analysed") as db:
        repository = repository_for(config.inference)
        repository.get_version(name, version).verify_files()
        live = repository.get(name).version == version
        if args.send and not live:
            raise ScanSideError(
                f"--send sends the live version's results only, and {name} {version} is not "
                f"live ({repository.get(name).version} is): a shadow version's results never "
                "leave the appliance. Promote it first, or leave out --send.",
                title="Nothing re-analysed",
            )
        publisher = ResultsPublisher(db, DataLayout.at(root), config) if args.send else None
        todo, done = series_to_reanalyse(db, name, version, args.since, live=live)
        role = "live: replaces the findings" if live else "not live: kept as a shadow analysis"
        print(
            f"{len(todo)} series analysed by {name} since {args.since} to analyse with "
            f"{version} ({role}); {done} already analysed by {version}, skipped"
        )
        if args.limit is not None:
            todo = todo[: args.limit]
        model = InferenceRuntime.from_config(config).nodule_model(name, version)
        failed, unsent = 0, 0
        for n, (series_uid, _study_uid) in enumerate(todo, 1):
            started = time.monotonic()
            try:
                analysis = analyse_with_candidates(series_files(db, series_uid, root), model)
                if live:
                    analysis = compare_with_priors(db, analysis, config.followup)
                    priority = record_analysis(db, analysis, config.triage).priority
                else:
                    record_shadow_analysis(db, analysis)
            except ScanSideError as exc:
                failed += 1
                print(f"[{n}/{len(todo)}] series {series_uid}: FAILED: {exc}", flush=True)
                continue
            sends = ""
            if publisher is not None:
                try:
                    sends = f", {len(publisher.publish(analysis, priority).queued)} send(s) queued"
                except ScanSideError as exc:  # recorded, so a second run would skip it
                    unsent += 1
                    sends = f", results NOT queued: {exc}"
            print(
                f"[{n}/{len(todo)}] series {series_uid}: {len(analysis.findings)} finding(s), "
                f"Lung-RADS {analysis.lung_rads or '-'} ({time.monotonic() - started:.1f} s)"
                f"{sends}",
                flush=True,
            )
        query = f"version={version}&since={args.since}&series={len(todo)}&failed={failed}"
        query += f"&send=1&unsent={unsent}" if args.send else ""
        audit(db, "model.reanalyse", name, query, 200 if not failed + unsent else 500)
    if unsent:
        print(
            f"the results of {unsent} series could not be queued (see above): their new "
            "findings are stored but not sent, and a second run skips them"
        )
    if failed:
        print(f"{failed} series failed; run the command again to retry them")
    return 1 if failed or unsent else 0
