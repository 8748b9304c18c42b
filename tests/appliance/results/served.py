"""A test peer served on a thread of the test process, that a test can stop and start again.

The RIS (:mod:`tests.appliance.results.mllp_listener`) and the EHR
(:mod:`tests.appliance.results.fhir_server`) are socketserver servers on a free loopback port;
both run ``serve_forever`` on a daemon thread and stop the same way, so that "the peer is down
for a while" is one ``stop()`` and ``start()`` on the same port.
"""

from __future__ import annotations

import threading
from socketserver import BaseServer

__all__ = ["ThreadServed"]


class ThreadServed:
    """``stop()``; a subclass's ``start()`` builds its server and hands it to :meth:`_serve`."""

    def __init__(self) -> None:
        self._server: BaseServer | None = None
        self._thread: threading.Thread | None = None

    def _serve(self, server: BaseServer) -> None:
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
