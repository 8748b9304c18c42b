"""``scanside token``: create, list and revoke API tokens.

With the appliance stopped, this opens the catalogue directly. While ``scanside serve`` runs it
owns the catalogue (DuckDB allows one writer process, and another process cannot even read the
file), so every action then goes through the running service's API (``POST``/``GET
/api/v1/tokens``, ``DELETE /api/v1/tokens/{name}``) with the local admin token the running
appliance left in its data directory: a leaked token is revoked without stopping the appliance,
and the revocation is in the audit log.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
from typing import Any
from urllib.parse import quote

import httpx

from appliance.api import tokens
from appliance.api.local import (
    api_trust,
    api_url,
    read_local_admin_token,
    running_api_trust,
    running_api_url,
)
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


def _through_api(config: AppConfig, method: str, path: str, body: Any = None) -> Any:
    """Ask the running appliance, as its local admin, for ``method path`` (under /api/v1)."""
    layout = DataLayout.at(config.storage.data_dir)
    admin = read_local_admin_token(layout)
    if admin is None:
        raise CatalogueError(
            "the catalogue is locked by another process but no running API left a local admin "
            f"token in {layout.run}; stop that process or manage tokens through the API"
        )
    running_trust = running_api_trust(layout)
    verify = running_trust if running_trust is not None else api_trust(config.http)
    try:
        response = httpx.request(
            method,
            f"{running_api_url(layout) or api_url(config.http)}/api/v1{path}",
            json=body,
            headers={"Authorization": f"Bearer {admin}"},
            timeout=10.0,
            verify=verify,
        )
    except httpx.HTTPError as exc:
        raise ScanSideError(
            f"cannot reach the running API: {exc}", title="API unreachable"
        ) from exc
    if not response.is_success:
        detail = response.json().get("detail") if response.content else response.reason_phrase
        raise ScanSideError(f"the API refused: {detail}", title="Token not changed")
    return response.json()


def _create(config: AppConfig, role: str, name: str) -> str:
    try:
        with _with_catalogue(config) as db:
            return tokens.create_token(db, role, name)
    except CatalogueError:
        made = _through_api(config, "POST", "/tokens", {"role": role, "name": name})
        return str(made["token"])


def _list(config: AppConfig) -> list[dict[str, object]]:
    try:
        with _with_catalogue(config) as db:
            return [dataclasses.asdict(t) for t in tokens.list_tokens(db)]
    except CatalogueError:
        listed: list[dict[str, object]] = _through_api(config, "GET", "/tokens")
        return listed


def _revoke(config: AppConfig, name: str) -> int:
    try:
        with _with_catalogue(config) as db:
            return tokens.revoke_named(db, name)
    except CatalogueError:
        answer = _through_api(config, "DELETE", f"/tokens/{quote(name, safe='')}")
        return int(answer["revoked"])


def _with_catalogue(config: AppConfig) -> Database:
    return open_database(DataLayout.at(config.storage.data_dir).catalogue)


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    if args.action == "create":
        if not args.role:
            raise ScanSideError(
                "--role is required: technologist, clinician or admin", title="Missing role"
            )
        print(_create(config, args.role, args.name or getpass.getuser()))
    elif args.action == "list":
        print(json.dumps(_list(config), indent=2, default=str))
    else:
        if not args.name:
            raise ScanSideError("--name is required to revoke", title="Missing name")
        print(f"revoked {_revoke(config, args.name)} token(s) named {args.name!r}")
    return 0
