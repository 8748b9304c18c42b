"""Making another installed version of a model live: the checks and the switch, for the CLI
(``scanside models promote`` / ``rollback``, service stopped) and the API (``POST
/api/v1/models/{name}/promote`` / ``rollback``, inside the running service).

The switch itself is one atomic replacement of the model's ``LIVE`` pointer
(:mod:`appliance.inference.live_version`, whose docstring says why ``kill -9`` cannot leave a
mixture). Around it, :func:`switch_live`:

* refuses when ``inference.live_versions`` pins the model (the configuration wins over the
  pointer, so the promotion would do nothing);
* checks every file of the version against its manifest's sha256 before the switch and refuses
  a damaged or replaced one, saying what to do;
* hands each outcome to the caller's ``audit`` (``version=...&previous=...``, with
  ``&refused=checksum`` and status 409 for a refusal, 200 when done), written after the
  switch: if the process is killed between the two, the pointer itself still says who switched
  and when (``changed_by``, ``changed_at``).

Who runs the analysis decides when the switch takes effect: the CLI refuses while the service
runs, and the running service switches under its dispatcher's lock and reloads its repository
before the next series (:meth:`appliance.inference.dispatcher.AnalysisDispatcher.switch_live`).
Findings already stored are never re-analysed: they keep the version that produced them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from appliance.config import InferenceConfig
from appliance.errors import ModelError, ScanSideError
from appliance.inference.live_version import (
    LivePointer,
    pause_for_test,
    read_pointer,
    write_pointer,
)
from appliance.inference.repository import ModelRepository, parse_version_ref, repository_for

__all__ = [
    "DONE",
    "REFUSED",
    "Audit",
    "SwitchRefused",
    "Switched",
    "promote_to",
    "roll_back",
    "switch_live",
]

REFUSED = 409
DONE = 200

Audit = Callable[[str, int], None]
"""Called with the outcome as ``query_string`` (``version=...&previous=...``) and a status."""
Choose = Callable[[LivePointer, str], LivePointer]
"""From the current pointer and live version, the pointer after the switch."""


class SwitchRefused(ScanSideError):
    """The live version was not changed, and the message says why and what to do."""

    title = "Live version not changed"


@dataclasses.dataclass(frozen=True)
class Switched:
    """What a switch did: ``before == after`` when nothing changed."""

    name: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _refuse_pinned(config: InferenceConfig, name: str) -> None:
    for ref in config.live_versions:
        if parse_version_ref(ref, "inference.live_versions")[0] == name:
            raise SwitchRefused(
                f"the configuration pins {ref} as live (inference.live_versions), and it wins "
                f"over a promotion: remove {name} from inference.live_versions, or change it "
                "there"
            )


def _verified(
    repository: ModelRepository, audit: Audit, name: str, version: str, live: str
) -> None:
    """Check the version's files, auditing and refusing when one fails."""
    manifest = repository.get_version(name, version)
    try:
        manifest.verify_files()
    except ModelError as exc:
        audit(f"version={version}&previous={live}&refused=checksum", REFUSED)
        raise SwitchRefused(
            f"{name} {version} was not made live: {exc}. {name} {live} is still live and "
            f"nothing was changed. Copy {name} {version} again from its release into "
            f"{manifest.folder} (or ask whoever installed it), then run the command again.",
            title="Model version refused",
        ) from exc


def switch_live(config: InferenceConfig, name: str, choose: Choose, audit: Audit) -> Switched:
    """Switch ``name``'s live version to what ``choose(pointer, live)`` returns (see the
    module doc); the repository is read afresh, so a version installed since is found."""
    _refuse_pinned(config, name)
    repository = repository_for(config)
    try:
        live = repository.get(name).version
        folder = repository.model_folder(name)
        pointer = read_pointer(folder) or LivePointer(version=live)
        after = choose(pointer, live)
        if after.version != live:
            repository.get_version(name, after.version)
    except ModelError as exc:  # no such model or version, nothing to roll back to
        raise SwitchRefused(str(exc)) from exc
    if after.version == live:
        return Switched(name, live, live)
    _verified(repository, audit, name, after.version, live)
    write_pointer(folder, after)
    pause_for_test("before-audit")
    audit(f"version={after.version}&previous={live}", DONE)
    return Switched(name, live, after.version)


def promote_to(version: str, by: str) -> Choose:
    """``choose`` for a promotion of ``version`` by ``by``."""

    def choose(pointer: LivePointer, live: str) -> LivePointer:
        if version == live:
            return pointer
        return pointer.switched_to(version, by=by, action="promote")

    return choose


def roll_back(by: str) -> Choose:
    """``choose`` for a rollback to the previous live version (refused when there is none)."""

    def choose(pointer: LivePointer, live: str) -> LivePointer:
        return pointer.rolled_back(by=by)

    return choose
