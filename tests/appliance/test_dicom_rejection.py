"""Telling a peer's rejection from no answer, every time, whatever pynetdicom reports.

The peer is ScanSide's own Storage SCP with an allow-list that leaves the caller out, on
loopback, so the A-ASSOCIATE-RJ comes back within a millisecond: that is when pynetdicom's
requestor can report the rejection as an abort. Sixty tries see it happen (about 1 in 30).
The outbox, priors from PACS and ``scanside import`` all word their errors from this.
"""

from __future__ import annotations

from pathlib import Path

from pynetdicom import AE
from pynetdicom.sop_class import Verification  # type: ignore[attr-defined]

from appliance.config import PacsDestination
from appliance.dicom_rejection import rejection_reason
from appliance.results.sender import refusal
from tests.appliance.ingest.conftest import Running, make_config
from tests.conftest import free_port


def _caller() -> AE:
    ae = AE(ae_title="SCANSIDE_OUT")
    ae.add_requested_context(Verification)
    return ae


def test_a_fast_rejection_is_a_rejection_with_its_reason_every_time(tmp_path: Path) -> None:
    config = make_config(
        tmp_path, dicom={"peers": [{"ae_title": "CT_ROOM1", "address": "127.0.0.1"}]}
    )
    running = Running(config)
    ae = _caller()
    try:
        reasons = set()
        for _ in range(60):
            assoc = ae.associate("127.0.0.1", running.port, ae_title="SCANSIDE")
            assert not assoc.is_established
            reasons.add(rejection_reason(assoc))
    finally:
        running.close()
    assert reasons == {
        "Rejected Permanent, source Service User, reason: Calling AE title not recognised"
    }


def test_a_peer_that_is_not_there_has_no_rejection() -> None:
    assoc = _caller().associate("127.0.0.1", free_port(), ae_title="SCANSIDE")
    assert not assoc.is_established
    assert rejection_reason(assoc) is None


def test_the_outbox_tells_the_technologist_to_check_the_ae_titles(tmp_path: Path) -> None:
    running = Running(make_config(tmp_path))
    destination = PacsDestination(
        name="pacs", ae_title="NOT_US", host="127.0.0.1", port=running.port
    )
    try:
        assoc = _caller().associate("127.0.0.1", running.port, ae_title="NOT_US")
        said = refusal(assoc, destination)
    finally:
        running.close()
    assert said == (
        f"pacs (NOT_US@127.0.0.1:{running.port}) rejected the association: Rejected Permanent, "
        "source Service User, reason: Called AE title not recognised (check the AE titles on "
        "both sides)"
    )
