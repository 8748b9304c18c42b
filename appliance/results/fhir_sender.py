"""The FHIR sender: a service component that POSTs queued transaction Bundles to each FHIR server.

A Bundle counts as delivered when the server answers 2xx with a ``transaction-response`` Bundle
whose every entry has a 2xx status (HTTP 200/201: created, updated, or found by a conditional
create). No connection, no answer within ``fhir.timeout_s``, any other status (with the
server's OperationOutcome diagnostics in the reason) or an answer that is not a transaction
response are failed tries, retried with ``fhir.retry_*`` until ``fhir.max_attempts``.

Exactly once: a Bundle marked sent is never sent again. One whose answer was lost is POSTed
again unchanged; that is harmless because the Bundle is built to be replayed (conditional
creates for Patient and ImagingStudy, conditional updates for the DiagnosticReport and its
Observations: :mod:`appliance.results.fhir`), so the server still holds one of each.
``scanside serve`` adds it as ``fhir-sender``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from appliance.catalogue.database import Database
from appliance.catalogue.outbox import OutboxRow
from appliance.config import AppConfig, FhirDestination
from appliance.layout import DataLayout
from appliance.results.delivery import ChannelSender, DeliveryFailed

__all__ = ["FhirSender"]

FHIR_JSON = "application/fhir+json"


class FhirSender(ChannelSender[FhirDestination]):
    """``start()``, ``stop()``, ``status()``, ``wake()``, ``run_once()``: see ChannelSender."""

    name = "fhir-sender"

    def __init__(
        self, db: Database, layout: DataLayout, config: AppConfig, *, poll_interval_s: float = 5.0
    ) -> None:
        super().__init__(
            db,
            layout,
            config.fhir,
            config.fhir.destinations,
            channel="fhir",
            poll_interval_s=poll_interval_s,
            stop_timeout_s=config.fhir.timeout_s + 5.0,
        )
        self.timeout_s = config.fhir.timeout_s

    def deliver(self, destination: FhirDestination, item: OutboxRow) -> str | None:
        where = f"{destination.name} ({destination.base_url})"
        try:
            body = self.outbox.file(item).read_bytes()
            headers = _headers(destination)
        except OSError as exc:
            raise DeliveryFailed(f"cannot read {exc.filename}: {exc.strerror}") from exc
        try:
            response = httpx.post(
                destination.base_url, content=body, headers=headers, timeout=self.timeout_s
            )
        except httpx.TimeoutException as exc:
            raise DeliveryFailed(f"no answer from {where} within {self.timeout_s:g} s") from exc
        except httpx.HTTPError as exc:
            raise DeliveryFailed(f"cannot reach {where}: {exc}") from exc
        if not response.is_success:
            raise DeliveryFailed(
                f"{where} answered HTTP {response.status_code}{_diagnostics(response)}",
                status=response.status_code,
            )
        _check_transaction_response(response, where, expected=_entry_count(body))
        return None


def _headers(destination: FhirDestination) -> dict[str, str]:
    headers = {"Content-Type": FHIR_JSON, "Accept": FHIR_JSON}
    if destination.token_file:
        token = Path(destination.token_file).read_text(encoding="utf-8").strip()
        headers["Authorization"] = f"Bearer {token}"
    return headers


def _entry_count(body: bytes) -> int:
    return len(json.loads(body).get("entry", []))


def _json(response: httpx.Response) -> dict[str, Any] | None:
    try:
        value = response.json()
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _diagnostics(response: httpx.Response) -> str:
    """``: <issue diagnostics>`` from an OperationOutcome answer, else the start of the body."""
    outcome = _json(response)
    if outcome is not None and outcome.get("resourceType") == "OperationOutcome":
        texts = [
            str(issue.get("diagnostics") or issue.get("details", {}).get("text") or "")
            for issue in outcome.get("issue", [])
        ]
        joined = "; ".join(t for t in texts if t)
        return f": {joined}" if joined else ""
    text = response.text.strip()
    return f": {text[:200]}" if text else ""


def _check_transaction_response(response: httpx.Response, where: str, *, expected: int) -> None:
    answer = _json(response)
    if answer is None or answer.get("type") != "transaction-response":
        raise DeliveryFailed(f"{where} answered without a transaction-response Bundle")
    statuses = [str(e.get("response", {}).get("status", "")) for e in answer.get("entry", [])]
    if len(statuses) != expected or not all(s.startswith("2") for s in statuses):
        raise DeliveryFailed(
            f"{where} did not take every entry: {len(statuses)} of {expected} answered, "
            f"statuses {statuses}"
        )
