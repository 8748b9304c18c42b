"""``scanside simulate``: render synthetic chest CT studies, write them as DICOM, optionally send.

The demo's scanner: ``scanside simulate --out /tmp/sim --send 127.0.0.1:11112`` writes a study
(plus its ``truth.json``) and C-STOREs it to a running appliance. ``--follow-up`` also renders
the same patient a year (``--interval-days``) later, for the follow-up comparison.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from appliance.errors import ConfigError, SendError
from appliance.simulate import (
    SimulatedStudy,
    send_datasets,
    simulate_study,
    study_datasets,
    write_series,
)
from appliance.simulate.followup import simulate_follow_up

NAME = "simulate"
HELP = "generate synthetic chest CT studies with known nodules (DICOM + truth.json)"


def _within(low: float, high: float, kind: type[int] | type[float] = int) -> Any:
    """An argparse type taking a number from ``low`` to ``high``: a bad value is one usage line."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be {low:g} to {high:g}, got {text}")
        return value

    return parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    parser.add_argument("--seed", type=int, default=1, help="seed of the first study (default 1)")
    parser.add_argument(
        "--studies",
        type=_within(1, 10_000),
        default=1,
        help="number of studies (seeds seed, seed+1, ...)",
    )
    parser.add_argument(
        "--slices", type=_within(1, 2000), help="number of slices (default: drawn, 100-400)"
    )
    parser.add_argument(
        "--thickness",
        type=_within(0.5, 10.0, float),
        help="slice thickness in mm (default: drawn)",
    )
    parser.add_argument(
        "--rows", type=_within(64, 2048), default=512, help="rows and columns (default 512)"
    )
    parser.add_argument(
        "--nodules", type=_within(0, 20), help="number of nodules (default: drawn, 0-4)"
    )
    parser.add_argument(
        "--suspicious", action="store_true", help="make the first nodule look Lung-RADS 4"
    )
    parser.add_argument(
        "--follow-up",
        action="store_true",
        help="also render each study's follow-up: the same patient later, nodules grown, shrunk, "
        "gone or new, with follow_up.json (docs/simulator.md)",
    )
    parser.add_argument(
        "--interval-days", type=int, default=365, help="days from study to follow-up (default 365)"
    )
    parser.add_argument(
        "--breathing",
        action="store_true",
        help="with --follow-up: render the follow-up at a different inspiration (z scaled "
        "0.95-1.05 about the lung apex, in-plane 0.98-1.02; docs/simulator.md)",
    )
    parser.add_argument("--send", metavar="HOST:PORT", help="C-STORE each study to this SCP")
    parser.add_argument("--ae-title", default="SCANSIDE", help="called AE title for --send")


def _parse_peer(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise SendError(f"--send must be HOST:PORT, got {text!r}")
    return host, int(port)


def _studies(args: argparse.Namespace, seed: int) -> list[tuple[SimulatedStudy, dict[str, Any]]]:
    """The seed's study, and with ``--follow-up`` its follow-up with how the two relate."""
    render: dict[str, Any] = {
        "slices": args.slices, "slice_thickness_mm": args.thickness, "rows": args.rows,
        "nodules": args.nodules, "suspicious": args.suspicious,
    }  # fmt: skip
    if not args.follow_up:
        return [(simulate_study(seed, **render), {})]
    if args.interval_days < 1:
        raise ConfigError("--interval-days must be at least 1")
    prior, follow, truth = simulate_follow_up(
        seed, interval_days=args.interval_days, breathing=args.breathing, **render
    )
    return [(prior, {}), (follow, {"follow_up_of": seed, **truth.to_json()})]


def run(args: argparse.Namespace) -> int:
    if args.suspicious and args.nodules == 0:
        raise ConfigError("--suspicious makes the first nodule suspicious: give --nodules 1 to 20")
    if args.rows % 2:
        raise ConfigError(f"--rows must be even (64 to 2048), got {args.rows}")
    peer = _parse_peer(args.send) if args.send else None
    failed = False
    for seed in range(args.seed, args.seed + args.studies):
        started = time.perf_counter()
        for study, relation in _studies(args, seed):
            folder = write_series(study, args.out)
            if relation:
                (folder / "follow_up.json").write_text(json.dumps(relation, indent=2) + "\n")
            summary: dict[str, Any] = {
                "seed": seed,
                "visit": study.visit,
                "folder": str(folder),
                "slices": study.geometry.shape[0],
                "nodules": [n.to_json() for n in study.nodules],
                **relation,
            }
            if peer is not None:
                datasets = study_datasets(study)
                summary["sent"] = send_datasets(datasets, *peer, called_ae=args.ae_title)
            summary["seconds"] = round(time.perf_counter() - started, 2)
            print(json.dumps(summary))
            if args.suspicious and not study.nodules:
                print(
                    f"seed {seed}: no room for a suspicious nodule in this study's lungs; "
                    "try another --seed, or more --slices or --rows",
                    file=sys.stderr,
                )
                failed = True
    return 1 if failed else 0
