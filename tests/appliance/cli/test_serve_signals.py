"""`scanside serve` stops on SIGTERM even when it arrives before uvicorn handles signals."""

from __future__ import annotations

import signal
import time
from typing import Any

from appliance.cli.commands.serve import _run_until_signalled


class EarlySignalServer:
    """A server whose run() is signalled before it could install handlers of its own (the
    window between serve's handler and uvicorn's), then serves until asked to exit."""

    def __init__(self) -> None:
        self.should_exit = False
        self.served_s = 0.0

    def run(self) -> None:
        signal.raise_signal(signal.SIGTERM)
        start = time.monotonic()
        while not self.should_exit and time.monotonic() - start < 5.0:
            time.sleep(0.01)
        self.served_s = time.monotonic() - start


def test_a_sigterm_before_uvicorn_took_the_signals_still_stops_the_server() -> None:
    before = signal.getsignal(signal.SIGTERM)
    server: Any = EarlySignalServer()
    _run_until_signalled(server)
    assert server.should_exit
    assert server.served_s < 1.0  # not the 5 s it would serve on, deaf to the signal
    assert signal.getsignal(signal.SIGTERM) is before  # serve's handler is taken back
