"""``scanside models promote NAME@VERSION`` / ``rollback NAME`` / ``versions``: which installed
version of a model is live (``docs/models.md``).

The checks and the atomic switch are :mod:`appliance.inference.model_switch`'s (shared with the
API). Around them this module:

* refuses while ``scanside serve`` runs on the data directory (it holds the catalogue, so the
  audit row could not be written): switch inside the running service with the API instead, or
  stop it, promote, start it;
* appends one ``audit_log`` row per promotion, rollback or refusal (action ``model.promote`` /
  ``model.rollback``, method ``CLI``, path ``models/NAME``, ``version=...&previous=...`` in
  ``query_string``, the operating-system user as ``token_name``, status 200 done, 409 refused).
"""

from __future__ import annotations

import argparse
import getpass

from appliance.catalogue import audit_log
from appliance.catalogue.database import Database, open_database
from appliance.cli.options import config_from_args
from appliance.config import AppConfig
from appliance.errors import CatalogueError, ScanSideError
from appliance.inference.live_version import read_pointer
from appliance.inference.model_switch import (
    Choose,
    Switched,
    promote_to,
    roll_back,
    switch_live,
)
from appliance.inference.repository import parse_version_ref, repository_for
from appliance.layout import DataLayout

__all__ = ["audit", "open_catalogue", "promote", "rollback", "versions"]


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


API_HINT = (
    " Or switch inside the running service, without stopping it: POST "
    "/api/v1/models/NAME/promote?version=VERSION (or /rollback) with an admin token "
    "(docs/models.md)."
)


def open_catalogue(
    config: AppConfig, title: str = "Live version not changed", hint: str = ""
) -> Database:
    """The catalogue, or a refusal saying to stop the service that holds it (and ``hint``)."""
    layout = DataLayout.at(config.storage.data_dir)
    try:
        return open_database(layout.catalogue)
    except CatalogueError as exc:
        raise ScanSideError(
            "the ScanSide service is running on this data directory (it holds the catalogue). "
            "Stop it (systemctl stop scanside), run this command again, then start it "
            f"(systemctl start scanside).{hint} ({exc})",
            title=title,
        ) from exc


def audit(db: Database, action: str, name: str, query: str, status: int) -> None:
    """One ``audit_log`` row for a command on model ``name`` (see the module doc)."""
    audit_log.append(
        db,
        action=action,
        method="CLI",
        path=f"models/{name}",
        status_code=status,
        client="cli",
        query_string=query,
        token_name=_user(),
    )


def _switch(config: AppConfig, name: str, action: str, choose: Choose) -> Switched:
    with open_catalogue(config, hint=API_HINT) as db:
        return switch_live(
            config.inference,
            name,
            choose,
            lambda query, status: audit(db, action, name, query, status),
        )


def _say_switched(done: Switched) -> None:
    name, before, after = done.name, done.before, done.after
    if not done.changed:
        print(f"{name} {after} is already the live version; nothing changed")
        return
    print(f"{name} {after} is live (was {before}).")
    print(
        f"Series already analysed keep their {before} findings "
        f"(re-analysing them is a separate, explicit step). "
        "If the service is installed, start it (systemctl start scanside): it analyses "
        f"the next series with {after}."
    )


def promote(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    name, version = parse_version_ref(args.version, "models promote")
    _say_switched(_switch(config, name, "model.promote", promote_to(version, _user())))
    return 0


def rollback(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    _say_switched(_switch(config, args.name, "model.rollback", roll_back(_user())))
    return 0


def versions(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    repository = repository_for(config.inference)
    names = [args.name] if args.name else repository.names()
    for name in names:
        live = repository.get(name).version
        shadows = {m.version for m in repository.shadows(name)}
        pointer = read_pointer(repository.model_folder(name))
        for version in repository.versions(name):
            mark = "live" if version == live else "shadow" if version in shadows else ""
            folder = repository.get_version(name, version).folder
            print(f"{name}@{version}\t{mark}\t{folder}")
        if pointer is not None and pointer.history:
            earlier = ", ".join(h["version"] for h in pointer.history)
            print(f"{name}: earlier live versions, oldest first: {earlier}")
    return 0
