"""Waiting for a background sender: poll a condition until it holds, or fail saying which.

The sender tests (PACS, RIS, EHR) watch a service thread deliver; each waits the same way, so
a condition's docstring names what never became true when a wait times out.
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["wait_until"]


def wait_until(condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout_s} s: {condition.__doc__ or condition}")
        time.sleep(0.05)
