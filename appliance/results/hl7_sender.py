"""The HL7 sender: a service component that delivers queued ORU^R01 messages to each RIS over MLLP.

A message counts as delivered when the listener answers with an ACK for *this* message (MSA-2 =
its MSH-10) whose MSA-1 is AA or CA (original or enhanced mode). An AE/CE (application error),
an AR/CR (rejected), no connection, no answer within ``hl7.timeout_s``, or an answer that is not
an ACK are failed tries, retried with ``hl7.retry_*`` until ``hl7.max_attempts``; the reason
(with the listener's MSA-3 / ERR text) is in the outbox row and the status.

Exactly once: a message marked sent is never sent again. A message whose ACK was lost (the
appliance stopped, the connection broke after sending) is sent again with the same MSH-10, which
is how HL7 v2 receivers recognise and drop a duplicate (HL7 v2.5.1 chapter 2, 2.10.1: the
message control ID identifies the message). ``scanside serve`` adds it as ``hl7-sender``.
"""

from __future__ import annotations

from appliance.catalogue.database import Database
from appliance.catalogue.outbox import OutboxRow
from appliance.config import AppConfig, Hl7Destination
from appliance.layout import DataLayout
from appliance.results.delivery import ChannelSender, DeliveryFailed
from appliance.results.mllp import MllpError, exchange, read_ack

__all__ = ["Hl7Sender"]


class Hl7Sender(ChannelSender[Hl7Destination]):
    """``start()``, ``stop()``, ``status()``, ``wake()``, ``run_once()``: see ChannelSender."""

    name = "hl7-sender"

    def __init__(
        self, db: Database, layout: DataLayout, config: AppConfig, *, poll_interval_s: float = 5.0
    ) -> None:
        super().__init__(
            db,
            layout,
            config.hl7,
            config.hl7.destinations,
            channel="hl7",
            poll_interval_s=poll_interval_s,
            stop_timeout_s=2 * config.hl7.timeout_s + 5.0,
        )
        self.timeout_s = config.hl7.timeout_s

    def deliver(self, destination: Hl7Destination, item: OutboxRow) -> str | None:
        where = f"{destination.name} ({destination.host}:{destination.port})"
        try:
            message = (
                self.outbox.file(item).read_bytes().decode("utf-8")
            )  # keep the CRs: no read_text
        except OSError as exc:
            raise DeliveryFailed(
                f"cannot read the queued message {self.outbox.file(item)}: {exc}"
            ) from exc
        try:
            ack = read_ack(
                exchange(destination.host, destination.port, message, timeout_s=self.timeout_s),
                where,
            )
        except MllpError as exc:
            raise DeliveryFailed(str(exc)) from exc
        if ack.control_id != item.sop_instance_uid:
            raise DeliveryFailed(
                f"{where} acknowledged message {ack.control_id!r}, not {item.sop_instance_uid!r}"
            )
        if not ack.accepted:
            meaning = "rejected" if ack.code in ("AR", "CR") else "application error"
            detail = f": {ack.text}" if ack.text else ""
            raise DeliveryFailed(f"{where} answered {ack.code} ({meaning}){detail}")
        return None if ack.code == "AA" else f"accepted ({ack.code})"
