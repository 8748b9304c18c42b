"""The ``scanside`` command line: one sub-command per module in :mod:`appliance.cli.commands`.

Each command module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``; this module finds them, so adding a command never edits a central list.
Errors of type :class:`~appliance.errors.ScanSideError` are printed as ``title: message`` and
exit with status 2; a closed output pipe (``| head``) ends quietly with status 141 (as a
SIGPIPE would); anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from appliance import __version__
from appliance.cli import commands
from appliance.errors import ScanSideError

__all__ = ["build_parser", "main"]


def _command_modules() -> list[ModuleType]:
    modules = []
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "run"):
            modules.append(module)
    return modules


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scanside",
        description="ScanSide: receives images beside the scanner, finds and measures lung "
        "nodules, triages studies and answers cohort questions, offline.",
    )
    parser.add_argument("--version", action="version", version=f"scanside {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more logging (-vv: debug)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in _command_modules():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(int(args.verbose), 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        status = int(args._run(args))
        sys.stdout.flush()  # inside the try: a closed pipe shows here, not at interpreter exit
        return status
    except ScanSideError as exc:
        print(f"{exc.title}: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (``scanside query ... | head``): stop quietly, as cat does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
