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
