"""What a part of the running appliance is, and what it is added to.

A :class:`Component` is anything the service starts and stops (the Storage SCP, the completion
monitor, the analysis dispatcher, the outbox senders). A :class:`ComponentHost` is what builds
components and runs them: the catalogue they share, the configuration, the data directory and
the heartbeats of the watchdog. :class:`appliance.service.Service` is the host;
:func:`appliance.ingest.assembly.add_ingest` needs only this description of it, so the receiving
side does not import the service that sits above it.
"""

from __future__ import annotations

from typing import Any, Protocol

from appliance.catalogue.database import Database
from appliance.config import AppConfig
from appliance.layout import DataLayout
from appliance.watchdog import Heartbeats

__all__ = ["Component", "ComponentHost"]


class Component(Protocol):
    """A part of the running service."""

    name: str

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def status(self) -> dict[str, Any]: ...


class ComponentHost(Protocol):
    """What components are built from and added to (:class:`appliance.service.Service`)."""

    @property
    def config(self) -> AppConfig: ...

    @property
    def layout(self) -> DataLayout: ...

    @property
    def db(self) -> Database: ...

    @property
    def heartbeats(self) -> Heartbeats:
        """Where long-running threads say they are alive (see :mod:`appliance.watchdog`)."""
        ...

    def add(self, component: Component) -> None:
        """Run ``component`` with the others: started in the order added, stopped in reverse."""
        ...
