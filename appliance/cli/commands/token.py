"""``scanside token``: create, list and revoke API tokens.

With the appliance stopped, this opens the catalogue directly. While ``scanside serve`` runs it
owns the catalogue (DuckDB allows one writer process), so ``create`` then goes through the API
with the local admin token that the running appliance left in its data directory; ``list``
and ``revoke`` need the appliance stopped (or the API: ``GET /api/v1/tokens``).
"""

from __future__ import annotations

import argparse
import getpass
import json

import httpx

from appliance.api import tokens
from appliance.api.local import api_url, read_local_admin_token, running_api_url
from appliance.catalogue.database import Database, open_database
from appliance.cli.options import add_common_options, config_from_args
from appliance.config import AppConfig
from appliance.errors import CatalogueError, ScanSideError
from appliance.layout import DataLayout

NAME = "token"
HELP = "create, list or revoke API tokens (roles: technologist, clinician, admin)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_options(parser)
    parser.add_argument("action", choices=("create", "list", "revoke"))
    parser.add_argument("--role", choices=tokens.ROLES, help="role of the new token (create)")
    parser.add_argument("--name", help="who holds the token (default: your user name)")


def _create_through_api(config: AppConfig, role: str, name: str) -> str:
    layout = DataLayout.at(config.storage.data_dir)
    admin = read_local_admin_token(layout)
    if admin is None:
        raise CatalogueError(
            "the catalogue is locked by another process but no running API left a local admin "
            f"token in {layout.run}; stop that process or create the token through the API"
        )
    try:
        response = httpx.post(
            f"{running_api_url(layout) or api_url(config.http)}/api/v1/tokens",
            json={"role": role, "name": name},
            headers={"Authorization": f"Bearer {admin}"},
            timeout=10.0,
        )
    except httpx.HTTPError as exc:
        raise ScanSideError(
            f"cannot reach the running API: {exc}", title="API unreachable"
        ) from exc
    if response.status_code != 201:
        raise ScanSideError(f"the API refused: {response.text}", title="Token not created")
    return str(response.json()["token"])


def _with_catalogue(config: AppConfig) -> Database:
    return open_database(DataLayout.at(config.storage.data_dir).catalogue)


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    name = args.name or getpass.getuser()
    if args.action == "create":
        if not args.role:
            raise ScanSideError(
                "--role is required: technologist, clinician or admin", title="Missing role"
            )
        try:
            with _with_catalogue(config) as db:
                token = tokens.create_token(db, args.role, name)
        except CatalogueError:
            token = _create_through_api(config, args.role, name)
        print(token)
        return 0
    with _with_catalogue(config) as db:
        if args.action == "list":
            print(json.dumps(tokens.list_tokens(db), indent=2, default=str))
        else:
            if not args.name:
                raise ScanSideError("--name is required to revoke", title="Missing name")
            print(f"revoked {tokens.revoke_named(db, args.name)} token(s) named {args.name!r}")
    return 0
