"""What the outbox says when a destination turns the association down.

A destination that rejects the association must be reported as rejecting it, with the
reason, every time: "check the AE titles" is what the technologist has to do. The peer is
ScanSide's own Storage SCP with an allow-list that leaves our AE title out, on loopback, so
the A-ASSOCIATE-RJ comes back within a millisecond; that is when pynetdicom's requestor can
report the rejection as an abort.
"""

from __future__ import annotations

from pathlib import Path

from pynetdicom import AE
from pynetdicom.sop_class import Verification  # type: ignore[attr-defined]

from appliance.config import PacsDestination
from appliance.results.sender import refusal
from tests.appliance.ingest.conftest import Running, make_config


def test_a_fast_rejection_is_reported_as_a_rejection_with_its_reason_every_time(
    tmp_path: Path,
) -> None:
    config = make_config(
        tmp_path, dicom={"peers": [{"ae_title": "CT_ROOM1", "address": "127.0.0.1"}]}
    )
    running = Running(config)
    destination = PacsDestination(
        name="pacs", ae_title="SCANSIDE", host="127.0.0.1", port=running.port
    )
    ae = AE(ae_title="SCANSIDE_OUT")
    ae.add_requested_context(Verification)
    try:
        reasons = set()
        for _ in range(60):
            assoc = ae.associate("127.0.0.1", running.port, ae_title="SCANSIDE")
            assert not assoc.is_established
            reasons.add(refusal(assoc, destination))
    finally:
        running.close()
    assert reasons == {
        f"pacs (SCANSIDE@127.0.0.1:{running.port}) rejected the association: Rejected "
        "Permanent, source Service User, reason: Calling AE title not recognised (check the AE "
        "titles on both sides)"
    }
