"""Sending one HL7 v2 message over MLLP and reading its acknowledgement.

MLLP (HL7 v2 Minimal Lower Layer Protocol, Release 2) frames a message as ``<VT> message <FS><CR>``
on a TCP connection and the receiver answers with an ACK in the same frame. The framing is three
bytes, but the HL7 libraries' clients have no time limits (python-hl7's ``MLLPClient`` blocks on
connect and receive for ever), and the outbox sender must never hang on a silent RIS; so the
exchange is done here on a plain socket with a timeout on connect and on the answer, and the
answer is parsed with hl7apy (:func:`read_ack`).

Used by :class:`appliance.results.channels.Hl7Sender`.
"""

from __future__ import annotations

import dataclasses
import socket

from hl7apy.exceptions import HL7apyException
from hl7apy.parser import parse_message

from appliance.errors import SendError

__all__ = ["Ack", "MllpError", "exchange", "read_ack"]

START_BLOCK = b"\x0b"
END_BLOCK = b"\x1c\x0d"
_MAX_ANSWER = 1 << 20


class MllpError(SendError):
    """No acknowledgement came back: no connection, a timeout, a closed connection, garbage."""


@dataclasses.dataclass(frozen=True)
class Ack:
    """The receiver's verdict on one message (MSA-1, MSA-2, MSA-3 or ERR-8)."""

    code: str
    """AA/CA accepted; AE/CE application error; AR/CR rejected."""
    control_id: str
    text: str

    @property
    def accepted(self) -> bool:
        return self.code in ("AA", "CA")


def exchange(host: str, port: int, message: str, *, timeout_s: float) -> str:
    """Send ``message`` (ER7, segments ending in CR) framed in MLLP; return the answer's text."""
    where = f"{host}:{port}"
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.sendall(START_BLOCK + message.encode("utf-8") + END_BLOCK)
            answer = _receive_frame(sock, where)
    except TimeoutError as exc:
        raise MllpError(f"no answer from {where} within {timeout_s:g} s") from exc
    except OSError as exc:
        raise MllpError(f"cannot reach the MLLP listener at {where}: {exc}") from exc
    return answer


def _receive_frame(sock: socket.socket, where: str) -> str:
    buffer = b""
    while END_BLOCK not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise MllpError(f"{where} closed the connection without an acknowledgement")
        buffer += chunk
        if len(buffer) > _MAX_ANSWER:
            raise MllpError(f"{where} sent more than {_MAX_ANSWER} bytes without ending a frame")
    start = buffer.find(START_BLOCK)
    if start < 0:
        raise MllpError(f"{where} answered without an MLLP start block")
    return buffer[start + 1 : buffer.index(END_BLOCK, start)].decode("utf-8", "replace")


def read_ack(answer: str, where: str) -> Ack:
    """The ACK in ``answer``; MllpError when it is not an HL7 acknowledgement."""
    text = answer.replace("\r\n", "\r").replace("\n", "\r").strip("\r")
    try:
        parsed = parse_message(text, find_groups=False)
        msa = parsed.msa
        code = str(msa.msa_1.value).strip()
        control_id = str(msa.msa_2.value).strip()
        reason = str(msa.msa_3.value or "").strip()
        if not reason and "ERR" in [child.name for child in parsed.children]:
            err = parsed.err
            reason = str(err.err_8.value or err.err_7.value or "").strip()
    except (HL7apyException, AttributeError, IndexError, KeyError) as exc:
        raise MllpError(f"{where} answered with something that is not an HL7 ACK: {exc}") from exc
    if not code:
        raise MllpError(f"{where} answered with an ACK without MSA-1")
    return Ack(code=code, control_id=control_id, text=reason)
