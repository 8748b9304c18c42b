"""A real MLLP listener (hl7apy's ``MLLPServer``) started by a test, as the RIS.

It listens on a free loopback port in a thread of the test process, parses every message with
hl7apy under strict 2.5.1 validation, and answers as a RIS would: an ACK (MSA-1 ``AA``) for a
valid ORU^R01, ``AE`` with the reason for one it cannot take. Like a RIS with duplicate
detection, it files a message once per MSH-10 however often it arrives. A test can make it
answer ``AE`` or ``AR`` for the next N messages, or read a message and hang up without an ACK
(a lost acknowledgement), and can stop it and start it again on the same port.
"""

from __future__ import annotations

import threading
from typing import Any

from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.core import Message
from hl7apy.mllp import AbstractHandler, MLLPServer
from hl7apy.parser import parse_message

from tests.appliance.results.served import ThreadServed
from tests.conftest import free_port

__all__ = ["MllpListener"]

ORU = "ORU^R01^ORU_R01"


class MllpListener(ThreadServed):
    """``start()``, ``stop()``; ``filed`` holds one parsed message per MSH-10 accepted."""

    def __init__(self, port: int | None = None) -> None:
        super().__init__()
        self.port = port or free_port()
        self.arrivals: list[str] = []
        """MSH-10 of every message received, duplicates included."""
        self.filed: dict[str, Message] = {}
        """Accepted messages by MSH-10 (a duplicate is acknowledged but not filed again)."""
        self.answers: list[tuple[str, str]] = []
        """Queued answers for the next messages: (``AE``/``AR``/``hangup``, text)."""
        self._lock = threading.Lock()

    def start(self) -> MllpListener:
        self._serve(MLLPServer("127.0.0.1", self.port, {ORU: (_Handler, self)}, timeout=5))
        return self

    def receive(self, er7: str) -> tuple[str, str, str]:
        """File one message; return (MSA-1, control ID, text) to answer, or ``hangup``."""
        message = parse_message(er7, validation_level=VALIDATION_LEVEL.STRICT, find_groups=True)
        message.validate()
        control_id = str(message.msh.msh_10.value)
        with self._lock:
            self.arrivals.append(control_id)
            if self.answers:
                code, text = self.answers.pop(0)
                return code, control_id, text
            self.filed.setdefault(control_id, message)
        return "AA", control_id, ""


class _Handler(AbstractHandler):  # type: ignore[misc]
    def __init__(self, message: str, listener: MllpListener) -> None:
        super().__init__(message)
        self.listener = listener

    def reply(self) -> Any:
        code, control_id, text = self.listener.receive(self.incoming_message)
        if code == "hangup":
            raise ConnectionAbortedError("the test asked for no acknowledgement")
        ack = Message("ACK", version="2.5.1")
        ack.msh.msh_3 = "TEST-RIS"
        ack.msh.msh_9 = "ACK^R01^ACK"
        ack.msh.msh_10 = f"A{control_id}"[:20]
        ack.msh.msh_11 = "P"
        ack.msa.msa_1 = code
        ack.msa.msa_2 = control_id
        if text:
            ack.msa.msa_3 = text
        return ack.to_mllp()
