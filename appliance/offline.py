"""ScanSide makes no network request of its own: the switches its libraries need for that.

The appliance talks only to its own listeners' peers and its configured PACS. Some libraries
would phone home unless told not to, and they read the telling from the environment when they
are imported, so :func:`keep_offline` runs when ``appliance`` (and ``query``) is first imported,
before any of them: ONNX Runtime 1.32 otherwise resolves ``mobile.events.data.microsoft.com``
a few seconds after its first session, in the service and in every analysis worker, and its
``disable_telemetry_events()`` does not stop that (issue 18). The systemd unit sets the same
variables. ``tests/appliance/test_offline.py`` traces a real model load and fails on any
lookup or connection beyond loopback.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

__all__ = ["OFFLINE_ENVIRONMENT", "keep_offline"]

OFFLINE_ENVIRONMENT: dict[str, str] = {
    "ORT_DISABLE_TELEMETRY": "1",  # ONNX Runtime's 1DS telemetry (read at import)
    "HF_HUB_OFFLINE": "1",  # huggingface_hub, should anything pull it in
    "TRANSFORMERS_OFFLINE": "1",
}


def keep_offline(environ: MutableMapping[str, str] | None = None) -> None:
    """Set :data:`OFFLINE_ENVIRONMENT` in ``environ`` (the process environment by default),
    overriding what is there: no setting may turn the telemetry back on."""
    target = os.environ if environ is None else environ
    target.update(OFFLINE_ENVIRONMENT)
