"""Worker entry functions for the dispatcher tests, run in real spawned worker processes."""

from __future__ import annotations

import os
import time
from typing import Any

from appliance.findings import SeriesAnalysis
from appliance.inference.worker import WorkRequest, analyse_request

CRASH_MARK = "crash-me"


def crash_on_marked_series(request: WorkRequest, runtime: Any) -> SeriesAnalysis:
    """Kill the worker process outright (as a segfault in native code would) for marked series."""
    if any(CRASH_MARK in f for f in request.files):
        os._exit(3)
    return analyse_request(request, runtime)


def hang(request: WorkRequest, runtime: Any) -> SeriesAnalysis:
    """Never finish (a stuck model)."""
    time.sleep(3600)
    raise AssertionError("unreachable")


SLOW_SHADOW_FLAG = "SCANSIDE_TEST_SLOW_SHADOW"
SLOW_LIVE_FLAG = "SCANSIDE_TEST_SLOW_LIVE"


def _while_exists(flag: str | None) -> None:
    deadline = time.monotonic() + 60
    while flag and os.path.exists(flag) and time.monotonic() < deadline:
        time.sleep(0.1)


def slow_shadow(request: WorkRequest, runtime: Any) -> SeriesAnalysis:
    """A shadow version that works while the file named by ``$SCANSIDE_TEST_SLOW_SHADOW``
    exists, and a live one while ``$SCANSIDE_TEST_SLOW_LIVE``'s does (each at most a minute),
    so a test can send a live series while a shadow runs, and look while both are at work."""
    shadow = request.model_version not in (None, runtime.repository.get(request.model_name).version)
    _while_exists(os.environ.get(SLOW_SHADOW_FLAG if shadow else SLOW_LIVE_FLAG))
    return analyse_request(request, runtime)
