"""Who may associate: our AE title, the peers allow-list, loopback while it is empty."""

from __future__ import annotations

from appliance.config import DicomConfig, Peer
from appliance.ingest.policy import CALLED_AE_NOT_RECOGNIZED, CALLING_AE_NOT_RECOGNIZED, AssociationPolicy


def test_without_peers_only_loopback_may_connect() -> None:
    policy = AssociationPolicy(DicomConfig())
    assert policy.check("SCANSIDE", "ANY", "127.0.0.1") is None
    assert policy.check("SCANSIDE", "ANY", "::1") is None
    rejection = policy.check("SCANSIDE", "CT1", "10.0.0.5")
    assert rejection is not None and rejection.reason == CALLING_AE_NOT_RECOGNIZED
    assert "dicom.peers" in rejection.explanation


def test_the_called_title_must_be_ours() -> None:
    rejection = AssociationPolicy(DicomConfig()).check("PACS", "CT1", "127.0.0.1")
    assert rejection is not None
    assert (rejection.result, rejection.source, rejection.reason) == (1, 1, CALLED_AE_NOT_RECOGNIZED)


def test_a_peer_must_match_title_and_network() -> None:
    policy = AssociationPolicy(DicomConfig(peers=(Peer("CT_ROOM1", "10.20.30.0/24"),)))
    assert policy.check("SCANSIDE", "CT_ROOM1", "10.20.30.7") is None
    assert policy.check("SCANSIDE", "CT_ROOM1", "10.20.31.7") is not None
    assert policy.check("SCANSIDE", "CT_ROOM2", "10.20.30.7") is not None
    assert policy.check("SCANSIDE", "CT_ROOM1", "127.0.0.1") is not None
