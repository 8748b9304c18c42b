"""The systemd unit's IP firewall, written from the validated configuration.

ScanSide makes no network request of its own (:mod:`appliance.offline`), and
``bench/offline_run.py`` checks that it does not; this module is what *enforces* it. The shipped
unit (``systemd/scanside.service``) sets ``IPAddressDeny=any`` with ``IPAddressAllow=localhost``,
so the kernel drops every packet to or from any other address, whatever a library may try. The
addresses the appliance must exchange packets with are in its configuration: the modalities of
``[[dicom.peers]]``, the PACS, RIS and EHR it sends results to, and ``network.allow`` (the API's
clients when it listens beyond loopback). :func:`network_policy` turns them into a drop-in,
``scanside systemd network-policy`` writes it to :data:`DEFAULT_PATH`, and ``scanside serve``
warns at start (:func:`stale_policy_warning`) when the drop-in there is missing or no longer
what the configuration gives, since a peer listed but not allowed would only time out.

Destinations must be addresses, not host names: the firewall holds addresses, and resolving a
name at each send would need DNS, which an offline appliance does not use.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

from appliance.config import AppConfig
from appliance.errors import ConfigError

__all__ = ["DEFAULT_PATH", "Allowed", "allowed_addresses", "network_policy", "stale_policy_warning"]

DEFAULT_PATH = Path("/etc/systemd/system/scanside.service.d/network.conf")
"""Where systemd reads a drop-in for ``scanside.service``."""

_LOOPBACK_NAMES = ("localhost",)


@dataclasses.dataclass(frozen=True)
class Allowed:
    """One ``IPAddressAllow=`` line and the setting it comes from."""

    network: str
    """An address or a network in systemd's syntax (``10.20.30.0/24``)."""
    reason: str
    """The configuration key and what it names, written as a comment above the line."""


def _address_of(host: str, key: str) -> str | None:
    """``host`` as an address; None for loopback (allowed anyway); ConfigError for a name."""
    if host.lower() in _LOOPBACK_NAMES:
        return None
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError as exc:
        raise ConfigError(
            f"{key}: {host!r} is a host name; the network policy allows addresses only (the "
            "unit denies every other address, DNS servers included): give its IP address"
        ) from exc
    return None if address.is_loopback else str(address)


def _destinations(config: AppConfig) -> list[Allowed]:
    found: list[Allowed] = []
    hosts = [("pacs", i, d.host, d.name) for i, d in enumerate(config.pacs.destinations)]
    hosts += [("hl7", i, d.host, d.name) for i, d in enumerate(config.hl7.destinations)]
    for section, i, host, name in hosts:
        key = f"{section}.destinations[{i}].host"
        address = _address_of(host, key)
        if address is not None:
            found.append(Allowed(address, f"{key} ({name})"))
    for i, fhir in enumerate(config.fhir.destinations):
        key = f"fhir.destinations[{i}].base_url"
        address = _address_of(urlsplit(fhir.base_url).hostname or "", key)
        if address is not None:
            found.append(Allowed(address, f"{key} ({fhir.name})"))
    return found


def allowed_addresses(config: AppConfig) -> list[Allowed]:
    """Every address or network besides loopback that the service must exchange packets with.

    Raises :class:`ConfigError` naming the key when a destination is a host name, or when the
    API listens beyond loopback and ``network.allow`` names none of its clients (the policy
    would then cut every client off).
    """
    http = config.http
    if not ipaddress.ip_address(http.bind_address).is_loopback and not config.network.allow:
        raise ConfigError(
            f"http.bind_address is {http.bind_address}, reachable from the network, but "
            "network.allow is empty: the policy would let no client reach the API. List the "
            "clients' addresses or networks in network.allow"
        )
    found = [
        Allowed(peer.address, f"dicom.peers[{i}] ({peer.ae_title})")
        for i, peer in enumerate(config.dicom.peers)
        if not ipaddress.ip_network(peer.address, strict=False).is_loopback
    ]
    found += _destinations(config)
    found += [Allowed(value, f"network.allow[{i}]") for i, value in enumerate(config.network.allow)]
    seen: set[str] = set()
    unique = []
    for allowed in found:
        network = str(ipaddress.ip_network(allowed.network, strict=False))
        if network not in seen:
            seen.add(network)
            unique.append(Allowed(network, allowed.reason))
    return unique


def network_policy(config: AppConfig) -> str:
    """The drop-in's text: deny every address, allow loopback and :func:`allowed_addresses`.

    The text depends on the configuration only (no date), so a start can compare it with the
    file installed.
    """
    lines = [
        "# Written by `scanside systemd network-policy` from the configuration",
        f"# ({config.source}). Write it again after changing dicom.peers, the pacs, hl7 or",
        "# fhir destinations or network.allow; edits by hand are overwritten.",
        "[Service]",
        "IPAddressDeny=any",
        "IPAddressAllow=localhost",
    ]
    for allowed in allowed_addresses(config):
        lines += [f"# {allowed.reason}", f"IPAddressAllow={allowed.network}"]
    return "\n".join(lines) + "\n"


def stale_policy_warning(config: AppConfig, path: Path = DEFAULT_PATH) -> str | None:
    """Why the installed drop-in may block a peer, or None when it matches the configuration.

    Only under systemd (``INVOCATION_ID`` set) is a missing drop-in worth a word: run by
    hand, nothing filters the service's packets.
    """
    if not path.exists() and "INVOCATION_ID" not in os.environ:
        return None
    try:
        expected = network_policy(config)
    except ConfigError as exc:
        return f"no network policy can be written for this configuration: {exc.message}"
    try:
        installed = path.read_text()
    except FileNotFoundError:
        if not allowed_addresses(config):
            return None
        return (
            f"{path} is missing: the unit lets only loopback through, so the peers and "
            "destinations configured cannot be reached; run `scanside systemd network-policy`"
        )
    except OSError as exc:
        return f"cannot read the network policy {path}: {exc}"
    if _policy_lines(installed) == _policy_lines(expected):
        return None
    return (
        f"{path} differs from what the configuration gives: a peer or destination may be "
        "blocked; run `scanside systemd network-policy` and restart the service"
    )


def _policy_lines(text: str) -> list[str]:
    """The settings of a drop-in, without its comments (they name the configuration's source)."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
