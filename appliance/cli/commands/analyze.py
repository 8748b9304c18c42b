"""``scanside analyze PATH``: analyse a folder of DICOM files without a running service.

For a site trying ScanSide on its own images, for scripts and for the tests: every series under
PATH is routed to a model of the repository, analysed by the same pipeline the service runs
(:mod:`appliance.inference.pipeline`), and reported per series with its UIDs, findings (the
cohort fixture's fields plus ``center_mm``) and the study's triage priority. ``--out DIR`` also
writes each analysed series' DICOM SR, SEG and text summary there
(:func:`appliance.results.files.write_result_files`). Nothing is written to the catalogue.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pydicom

from appliance.cli.options import add_common_options, config_from_args
from appliance.config import AppConfig
from appliance.errors import ScanSideError
from appliance.findings import Finding, SeriesAnalysis
from appliance.inference.pipeline import ProbabilityModel, SeriesFiles, analyse_folder
from appliance.inference.repository import SeriesAttributes
from appliance.inference.runtime import InferenceRuntime
from appliance.priority import Priority, prioritise
from appliance.results.files import write_result_files

NAME = "analyze"
HELP = "find and measure lung nodules in a folder of DICOM files (no service needed)"

COHORT_FIELDS = (
    "finding_id", "kind", "lobe", "side", "long_axis_mm", "short_axis_mm", "diameter_mm",
    "volume_mm3", "mean_hu", "attenuation", "solid_component_mm", "margin", "calcified",
    "lung_rads", "confidence",
)  # fmt: skip


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_options(parser)
    parser.add_argument(
        "path", metavar="PATH", help="a DICOM file or a folder (searched recursively)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--models-dir", metavar="DIR", help="model repository (inference.models_dir)"
    )
    parser.add_argument("--out", metavar="DIR", help="also write DICOM SR, SEG and a summary here")
    parser.add_argument(
        "--model",
        metavar="NAME",
        help="analyse every series with this model, without routing (for series whose headers "
        "name no body part or a plain description, e.g. 'lung_nodule')",
    )


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding with the cohort fixture's fields, ``center_mm`` and the margin score."""
    data = {name: getattr(finding, name) for name in COHORT_FIELDS}
    data["center_mm"] = [round(v, 2) for v in finding.center_mm]
    data["spiculation_score"] = finding.spiculation_score
    return data


def _router(runtime: InferenceRuntime, config: AppConfig, forced: str | None = None) -> Any:
    if forced is not None:
        model = runtime.nodule_model(forced)  # an unknown name stops here, naming those found
        return lambda header, slices: model

    def select(header: pydicom.Dataset, slices: int) -> ProbabilityModel | str:
        attributes = SeriesAttributes.from_header(header, slice_count=slices)
        repository = runtime.repository
        models = repository.route(attributes, config.inference.enabled_models)
        if models:
            return runtime.nodule_model(models[0].name)
        reasons = {
            name: repository.get(name).routing.reasons_to_skip(attributes)
            for name in repository.names()
        }
        return f"no model applies to this series: {reasons}"

    return select


def _series_json(
    series: SeriesFiles,
    analysis: SeriesAnalysis | None,
    skipped: str | None,
    priority: Priority | None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "study_uid": series.study_uid,
        "series_uid": series.series_uid,
        "files": len(series.files),
    }
    if analysis is None:
        return data | {"analysed": False, "reason": skipped}
    # the analysis' own JSON, with the study's priority and the findings in the cohort's fields
    return (
        data
        | analysis.to_json()
        | {
            "analysed": True,
            "priority": priority.priority if priority else None,
            "priority_reason": priority.reason if priority else None,
            "findings": [finding_json(f) for f in analysis.findings],
        }
    )


def _study_priorities(
    results: list[tuple[SeriesFiles, SeriesAnalysis | None, str | None]], config: AppConfig
) -> dict[str, Priority]:
    """Each study's priority over the findings of all its analysed series."""
    by_study: dict[str, list[Finding]] = {}
    for _, analysis, _ in results:
        if analysis is not None:
            by_study.setdefault(analysis.study_uid, []).extend(analysis.findings)
    return {uid: prioritise(findings, config.triage) for uid, findings in by_study.items()}


def _print_text(report: list[dict[str, Any]]) -> None:
    for series in report:
        print(
            f"series {series['series_uid']} (study {series['study_uid']}, {series['files']} files)"
        )
        if not series["analysed"]:
            print(f"  not analysed: {series['reason']}")
            continue
        why = series["priority_reason"]
        print(f"  Lung-RADS {series['lung_rads']}, priority {series['priority']} ({why})")
        for sentence in series["limitations"]:
            print(f"  {sentence}")
        for sentence in series["validation"]["warnings"]:
            print(f"  {sentence}")
        done = series["preprocessing"]
        if done.get("smoothing_sigma_voxels"):
            print(
                f"  image noise {done['input_noise_hu']} HU, above what the model was trained on:"
                f" smoothed in-plane to {done['noise_after_hu']} HU before the model"
            )
        for f in series["findings"]:
            print(
                f"  {f['kind']} {f['lobe'] or '?'} {f['diameter_mm']} mm ({f['long_axis_mm']} x "
                f"{f['short_axis_mm']}), {f['attenuation']}, {f['margin']}"
                f"{', calcified' if f['calcified'] else ''}, Lung-RADS {f['lung_rads']}, "
                f"confidence {f['confidence']}"
            )
        if series["micronodules_not_reported"]:
            print(
                f"  {series['micronodules_not_reported']} micronodule(s) (long axis under the "
                "model's minimum) not reported"
            )


def run(args: argparse.Namespace) -> int:
    if not Path(args.path).exists():
        raise ScanSideError(
            f"{args.path} does not exist: give a DICOM file or a folder of them "
            "(scanside simulate --out DIR writes one)",
            title="No such file or folder",
        )
    config = config_from_args(args, inference={"models_dir": args.models_dir})
    runtime = InferenceRuntime.from_config(config)
    results = analyse_folder(args.path, _router(runtime, config, args.model))
    priorities = _study_priorities(results, config)
    report = []
    for series, analysis, skipped in results:
        priority = priorities.get(analysis.study_uid) if analysis else None
        report.append(_series_json(series, analysis, skipped, priority))
        if args.out and analysis is not None:
            written = write_result_files(
                analysis, Path(args.out), priority=priority.priority if priority else None
            )
            report[-1]["result_files"] = [str(p) for p in written]
    if args.json:
        print(json.dumps({"series": report}, indent=2))
    else:
        _print_text(report)
    return 0
