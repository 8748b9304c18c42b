"""Who may open an association: the allow-list of ``dicom.peers`` and our AE title.

A request is accepted only when it calls our AE title and its calling AE title and source
address match one ``[[dicom.peers]]`` entry; while no peer is listed, only loopback may connect
(any calling title). Refusals carry the A-ASSOCIATE-RJ reason of PS3.8 9.3.4: "called AE title
not recognized" (result 1, source 1, reason 7) or "calling AE title not recognized" (1, 1, 3),
the closest reason the standard has for a known title calling from an unknown address, or for
a peer listed ``tls_only`` calling in plain text.
"""

from __future__ import annotations

import dataclasses
import ipaddress

from appliance.config import DicomConfig

__all__ = ["AssociationPolicy", "Rejection"]

REJECTED_PERMANENT = 0x01
SERVICE_USER = 0x01
CALLING_AE_NOT_RECOGNIZED = 0x03
CALLED_AE_NOT_RECOGNIZED = 0x07


@dataclasses.dataclass(frozen=True)
class Rejection:
    """An A-ASSOCIATE-RJ (result, source, reason) and the explanation written to the log."""

    result: int
    source: int
    reason: int
    explanation: str


class AssociationPolicy:
    def __init__(self, config: DicomConfig) -> None:
        self.ae_title = config.ae_title.strip()
        self.peers = config.peers

    def address_listed(self, address: str) -> bool:
        """True when some ``[[dicom.peers]]`` entry covers ``address`` (loopback while none is
        listed): a connection from elsewhere can only ever be rejected."""
        if not self.peers:
            return _is_loopback(address)
        return any(peer.covers(address) for peer in self.peers)

    def check(
        self, called_ae: str, calling_ae: str, address: str, *, tls: bool = False
    ) -> Rejection | None:
        """None to accept, else the reason to reject; ``tls`` says whether the connection is
        TLS (a ``tls_only`` peer is admitted only then)."""
        called, calling = called_ae.strip(), calling_ae.strip()
        if called != self.ae_title:
            return Rejection(
                REJECTED_PERMANENT,
                SERVICE_USER,
                CALLED_AE_NOT_RECOGNIZED,
                f"{calling!r} from {address} called AE title {called!r}, ours is {self.ae_title!r}",
            )
        if not self.peers:
            if _is_loopback(address):
                return None
            return Rejection(
                REJECTED_PERMANENT,
                SERVICE_USER,
                CALLING_AE_NOT_RECOGNIZED,
                f"{calling!r} from {address}: no [[dicom.peers]] are configured, so only loopback "
                "may connect; add this modality to dicom.peers",
            )
        matching = [peer for peer in self.peers if peer.allows(calling, address)]
        if any(tls or not peer.tls_only for peer in matching):
            return None
        if matching:
            return Rejection(
                REJECTED_PERMANENT,
                SERVICE_USER,
                CALLING_AE_NOT_RECOGNIZED,
                f"{calling!r} from {address} is listed tls_only in [[dicom.peers]] and came in "
                "plain text; it must use the TLS port",
            )
        return Rejection(
            REJECTED_PERMANENT,
            SERVICE_USER,
            CALLING_AE_NOT_RECOGNIZED,
            f"{calling!r} from {address} matches no [[dicom.peers]] entry (AE title and address)",
        )

    def admitting_peer(self, calling_ae: str, address: str, *, tls: bool = False) -> int | None:
        """The index of the first ``[[dicom.peers]]`` entry that admits ``calling_ae`` from
        ``address`` (over TLS or not), whose ``max_associations`` then applies; None when
        none does (or none is listed: loopback only)."""
        for index, peer in enumerate(self.peers):
            if peer.allows(calling_ae, address) and (tls or not peer.tls_only):
                return index
        return None


def _is_loopback(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return bool(ip.is_loopback or (mapped is not None and mapped.is_loopback))
