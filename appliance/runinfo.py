"""The running service's address card: ``run/service.json`` in the data directory.

``scanside serve`` writes it once listening (pid, DICOM and HTTP ports, AE title, whether the API
speaks HTTPS and with which certificate) and removes it
on a clean stop. ``scanside import`` and ``scanside status`` read it to learn whether a service
owns the catalogue (DuckDB allows one process) and how to reach it. A card left behind by a
killed service is recognised by its dead pid.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from appliance.layout import DataLayout

__all__ = ["RunInfo", "read_running", "remove", "write"]

TOKEN_FILE = "local-admin.token"  # noqa: S105 - a file name, not a secret


@dataclasses.dataclass(frozen=True)
class RunInfo:
    pid: int
    ae_title: str
    dicom_port: int
    http_port: int
    http_host: str = "127.0.0.1"
    http_scheme: str = "http"
    """``https`` when the API serves TLS (``[http.tls]``)."""
    http_certificate: str = ""
    """The API's certificate file then, which local tools trust (see
    :func:`appliance.api.local.trust`)."""


def _path(layout: DataLayout) -> Path:
    return layout.run / "service.json"


def write(layout: DataLayout, info: RunInfo) -> None:
    layout.run.mkdir(parents=True, exist_ok=True)
    temp = _path(layout).with_suffix(".tmp")
    temp.write_text(json.dumps(dataclasses.asdict(info)), encoding="utf-8")
    os.replace(temp, _path(layout))


def remove(layout: DataLayout) -> None:
    _path(layout).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_running(layout: DataLayout) -> RunInfo | None:
    """The card of a live service on this data directory, or None."""
    try:
        data = json.loads(_path(layout).read_text(encoding="utf-8"))
        info = RunInfo(**data)
    except (FileNotFoundError, ValueError, TypeError):
        return None
    return info if _alive(info.pid) else None


def admin_token(layout: DataLayout) -> str | None:
    """The local admin token the API writes (``run/local-admin.token``), if any."""
    try:
        return (layout.run / TOKEN_FILE).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None
