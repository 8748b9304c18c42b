"""``scanside models promote NAME@VERSION`` / ``rollback NAME`` / ``versions``: which installed
version of a model is live (``docs/models.md``).

The switch itself is one atomic replacement of the model's ``LIVE`` pointer
(:mod:`appliance.inference.live_version`, whose docstring says why ``kill -9`` cannot leave a
mixture). Around it this module:

* refuses while ``scanside serve`` runs on the data directory (it holds the catalogue): the
  service and its worker processes load the live version when they start, and a worker
  restarted after the switch would otherwise analyse with another version than the rest of the
  service. Stop it, promote, start it: the next series is analysed by the new live version;
* refuses when ``inference.live_versions`` pins the model (the configuration wins over the
  pointer, so the promotion would do nothing);
* checks every file of the version against its manifest's sha256 before the switch and refuses
  a damaged or replaced one, saying what to do;
* appends one ``audit_log`` row per promotion, rollback or refusal (action ``model.promote`` /
  ``model.rollback``, method ``CLI``, path ``models/NAME``, ``version=...&previous=...`` in
  ``query_string``, the operating-system user as ``token_name``, status 200 done, 409 refused).
  The row is written after the switch; if the process is killed between the two, the pointer
  itself still says who switched and when (``changed_by``, ``changed_at``).

Findings already stored are never re-analysed: they keep the version that produced them.
"""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from appliance.catalogue import audit_log
from appliance.catalogue.database import Database, open_database
from appliance.cli.options import config_from_args
from appliance.config import AppConfig
from appliance.errors import CatalogueError, ModelError, ScanSideError
from appliance.inference.live_version import (
    LivePointer,
    pause_for_test,
    read_pointer,
    write_pointer,
)
from appliance.inference.repository import ModelRepository, parse_version_ref, repository_for
from appliance.layout import DataLayout

__all__ = ["audit", "open_catalogue", "promote", "rollback", "versions"]

REFUSED = 409
DONE = 200


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def open_catalogue(config: AppConfig, title: str = "Live version not changed") -> Database:
    """The catalogue, or a refusal saying to stop the service that holds it."""
    layout = DataLayout.at(config.storage.data_dir)
    try:
        return open_database(layout.catalogue)
    except CatalogueError as exc:
        raise ScanSideError(
            "the ScanSide service is running on this data directory (it holds the catalogue). "
            "Stop it (systemctl stop scanside), run this command again, then start it "
            "(systemctl start scanside): the service loads the live version when it starts. "
            f"({exc})",
            title=title,
        ) from exc


def _refuse_pinned(config: AppConfig, name: str) -> None:
    for ref in config.inference.live_versions:
        if parse_version_ref(ref, "inference.live_versions")[0] == name:
            raise ScanSideError(
                f"the configuration pins {ref} as live (inference.live_versions), and it wins "
                f"over a promotion: remove {name} from inference.live_versions, or change it "
                "there",
                title="Live version not changed",
            )


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


def _verified(
    db: Database, repository: ModelRepository, action: str, *, name: str, version: str, live: str
) -> None:
    """Check the version's files, auditing and refusing when one fails."""
    manifest = repository.get_version(name, version)
    try:
        manifest.verify_files()
    except ModelError as exc:
        audit(db, action, name, f"version={version}&previous={live}&refused=checksum", REFUSED)
        raise ScanSideError(
            f"{name} {version} was not made live: {exc}. {name} {live} is still live and "
            f"nothing was changed. Copy {name} {version} again from its release into "
            f"{manifest.folder} (or ask whoever installed it), then run the command again.",
            title="Model version refused",
        ) from exc


def _switch(config: AppConfig, name: str, action: str, choose: Any) -> tuple[str, str]:
    """Switch ``name``'s live version to what ``choose(pointer, live)`` returns."""
    _refuse_pinned(config, name)
    with open_catalogue(config) as db:
        repository = repository_for(config.inference)
        live = repository.get(name).version
        folder = repository.model_folder(name)
        pointer = read_pointer(folder) or LivePointer(version=live)
        after: LivePointer = choose(pointer, live)
        if after.version == live:
            return live, live
        _verified(db, repository, action, name=name, version=after.version, live=live)
        write_pointer(folder, after)
        pause_for_test("before-audit")
        audit(db, action, name, f"version={after.version}&previous={live}", DONE)
    return live, after.version


def _say_switched(name: str, before: str, after: str) -> None:
    if before == after:
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

    def choose(pointer: LivePointer, live: str) -> LivePointer:
        if version == live:
            return pointer
        return pointer.switched_to(version, by=_user(), action="promote")

    before, after = _switch(config, name, "model.promote", choose)
    _say_switched(name, before, after)
    return 0


def rollback(args: argparse.Namespace) -> int:
    config = config_from_args(args)

    def choose(pointer: LivePointer, live: str) -> LivePointer:
        return pointer.rolled_back(by=_user())

    before, after = _switch(config, args.name, "model.rollback", choose)
    _say_switched(args.name, before, after)
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
