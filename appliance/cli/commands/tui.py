"""``scanside tui``: the technologist's terminal UI, connected to a running appliance's API.

The URL is ``--url``, else the one the running appliance wrote to its data directory, else
``http.port`` on loopback; the token is ``--token``, else ``$SCANSIDE_TOKEN``, else the local
admin token the running appliance left in its data directory. Works over SSH. Slice previews
use the terminal's graphics (sixel, kitty) when it has them, half-blocks otherwise: the
``tui.preview`` setting (``SCANSIDE_TUI__PREVIEW=auto|graphics|text``) chooses.
"""

from __future__ import annotations

import argparse
import os

from appliance.api.local import api_trust, api_url, running_api_trust, running_api_url
from appliance.cli.options import add_common_options, config_from_args
from appliance.layout import DataLayout

NAME = "tui"
HELP = "open the terminal UI (worklist, feed, system health, queries) of a running appliance"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_options(parser)
    parser.add_argument(
        "--url", help="API URL (default: the running appliance's, else http.port on loopback)"
    )
    parser.add_argument(
        "--token", help="API token (default: $SCANSIDE_TOKEN, else the local admin token)"
    )
    parser.add_argument(
        "--refresh", type=float, default=3.0, metavar="S", help="seconds between refreshes"
    )


def run(args: argparse.Namespace) -> int:
    from appliance.tui.app import ScanSideApp  # noqa: PLC0415 - Textual loads only for this command
    from appliance.tui.client import ApiClient, resolve_token, resolve_url  # noqa: PLC0415
    from appliance.tui.slice_view import resolve_graphics  # noqa: PLC0415

    config = config_from_args(args)
    layout = DataLayout.at(config.storage.data_dir)
    url = resolve_url(args.url, running_api_url(layout), api_url(config.http))
    running_trust = running_api_trust(layout)
    verify = running_trust if running_trust is not None else api_trust(config.http)
    token = resolve_token(args.token, os.environ, layout)
    graphics = resolve_graphics(config.tui.preview)  # asks the terminal: before Textual starts
    client = ApiClient(url, token, verify=verify)
    ScanSideApp(client, refresh_s=args.refresh, graphics=graphics).run()
    return 0
