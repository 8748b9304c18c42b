"""``scanside systemd network-policy``: write the unit's IP firewall from the configuration.

The shipped unit denies every address but loopback (``IPAddressDeny=any``); this command writes
the drop-in that allows the configured peers and destinations
(:mod:`appliance.network_policy`), after the same checks ``scanside serve`` makes. Run it as
root after installing or changing the configuration, then ``systemctl daemon-reload`` and
restart the service.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from appliance.cli.options import add_common_options, config_from_args
from appliance.network_policy import DEFAULT_PATH, network_policy

NAME = "systemd"
HELP = "write the systemd drop-in that lets the service reach only its configured peers"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_options(parser)
    parser.add_argument("what", choices=("network-policy",), help="the drop-in to write")
    parser.add_argument(
        "--output",
        metavar="FILE",
        default=str(DEFAULT_PATH),
        help=f"where to write it ('-': standard output; default {DEFAULT_PATH})",
    )


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (mode 0644), never leaving a half-written drop-in."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(name, 0o644)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    text = network_policy(config_from_args(args))
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    path = Path(args.output)
    _write_atomically(path, text)
    print(f"wrote {path}; apply it with: systemctl daemon-reload && systemctl restart scanside")
    return 0
