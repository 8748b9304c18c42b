"""Server-side TLS contexts for ScanSide's listeners, built one way: TLS 1.2 or later.

Both the DICOM-TLS port (:mod:`appliance.ingest.scp`, ``[dicom.tls]``) and the HTTP API
(``scanside serve``, ``[http.tls]``) serve TLS. Python's default server context would still
accept TLS 1.0 and 1.1 where the system's OpenSSL allows them; this one never does. The
configuration check (:mod:`appliance.config`) builds the same context for both sections before
anything starts, so a missing or unreadable file, a certificate that is not PEM or has expired,
a key that is not its key, or a CA bundle that does not load stops the start naming the setting
(:attr:`TlsSetupError.setting`), rather than the first handshake failing hours later.

The validity dates are read from the certificate's DER with a few lines of ASN.1 (the standard
library's ``ssl`` gives no public way to read a certificate file, and the run-time install
carries no ``cryptography``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import ssl

__all__ = ["MINIMUM_VERSION", "TlsSetupError", "certificate_validity", "server_context"]

MINIMUM_VERSION = ssl.TLSVersion.TLSv1_2

_PEM_CERTIFICATE = re.compile(
    rb"-----BEGIN CERTIFICATE-----\s*(.+?)\s*-----END CERTIFICATE-----", re.DOTALL
)


class TlsSetupError(ValueError):
    """The certificate, its key or the CA bundle cannot be used; ``setting`` names which
    (``certificate``, ``private_key`` or ``ca_certificates``), the message says why."""

    def __init__(self, message: str, setting: str) -> None:
        super().__init__(message)
        self.setting = setting


def _read(path: str, setting: str) -> bytes:
    if not path:
        raise TlsSetupError("is required when TLS is enabled", setting)
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError as exc:
        raise TlsSetupError(f"file not found: {path}", setting) from exc
    except PermissionError as exc:
        raise TlsSetupError(
            f"cannot read {path}: permission denied (the service's user must be able to read "
            "it, e.g. group scanside, mode 0640)",
            setting,
        ) from exc
    except OSError as exc:
        raise TlsSetupError(f"cannot read {path}: {exc.strerror or exc}", setting) from exc


def _der_element(der: bytes, offset: int) -> tuple[int, int, int]:
    """(tag, start of contents, end of contents) of the DER element at ``offset``."""
    tag, length = der[offset], der[offset + 1]
    offset += 2
    if length & 0x80:
        count = length & 0x7F
        if not 0 < count <= 4:
            raise ValueError("unsupported DER length")
        length = int.from_bytes(der[offset : offset + count], "big")
        offset += count
    if offset + length > len(der):
        raise ValueError("truncated DER")
    return tag, offset, offset + length


def _der_time(tag: int, text: bytes) -> dt.datetime:
    value = text.decode("ascii")
    if tag == 0x17:  # UTCTime, YYMMDDHHMMSSZ: 50-99 are 19xx (RFC 5280 4.1.2.5.1)
        year = int(value[:2])
        value = f"{1900 + year if year >= 50 else 2000 + year}{value[2:]}"
    elif tag != 0x18:  # GeneralizedTime, YYYYMMDDHHMMSSZ
        raise ValueError("a validity date is neither UTCTime nor GeneralizedTime")
    return dt.datetime.strptime(value, "%Y%m%d%H%M%SZ").replace(tzinfo=dt.UTC)


def certificate_validity(der: bytes) -> tuple[dt.datetime, dt.datetime]:
    """(notBefore, notAfter) of one DER certificate (RFC 5280 4.1); ValueError if malformed."""
    _, start, _ = _der_element(der, 0)  # Certificate ::= SEQUENCE
    _, offset, _ = _der_element(der, start)  # tbsCertificate ::= SEQUENCE
    if der[offset] == 0xA0:  # [0] version
        offset = _der_element(der, offset)[2]
    for _ in range(3):  # serialNumber, signature, issuer
        offset = _der_element(der, offset)[2]
    tag, start, _ = _der_element(der, offset)  # validity ::= SEQUENCE
    if tag != 0x30:
        raise ValueError("no validity where RFC 5280 puts it")
    tag, a, b = _der_element(der, start)
    not_before = _der_time(tag, der[a:b])
    tag, a, b = _der_element(der, b)
    return not_before, _der_time(tag, der[a:b])


def _check_certificates(pem: bytes, path: str, now: dt.datetime) -> None:
    """Every certificate of the chain in ``path`` must parse and be valid at ``now``."""
    blocks = _PEM_CERTIFICATE.findall(pem)
    if not blocks:
        raise TlsSetupError(
            f"cannot load the certificate {path}: no PEM certificate in it", "certificate"
        )
    for i, block in enumerate(blocks):
        which = "the certificate" if i == 0 else f"certificate {i + 1} of the chain"
        try:
            not_before, not_after = certificate_validity(base64.b64decode(block, validate=False))
        except (ValueError, IndexError, binascii.Error) as exc:
            raise TlsSetupError(
                f"cannot load the certificate {path}: {which} is not a valid X.509 "
                f"certificate ({exc})",
                "certificate",
            ) from exc
        if now > not_after:
            raise TlsSetupError(
                f"{which} in {path} expired on {not_after:%Y-%m-%d %H:%M} UTC: renew it",
                "certificate",
            )
        if now < not_before:
            raise TlsSetupError(
                f"{which} in {path} is not valid before {not_before:%Y-%m-%d %H:%M} UTC "
                "(is the clock right?)",
                "certificate",
            )


def server_context(
    certificate: str,
    private_key: str,
    ca_certificates: str = "",
    *,
    now: dt.datetime | None = None,
) -> ssl.SSLContext:
    """A TLS 1.2+ server context holding ``certificate`` (PEM chain) and ``private_key``;
    with ``ca_certificates``, clients must present a certificate signed by one of them.

    Raises :class:`TlsSetupError` naming the setting at fault (see the module doc); ``now``
    (default: the current time) is when every certificate of the chain must be valid.
    """
    _check_certificates(
        _read(certificate, "certificate"), certificate, now or dt.datetime.now(dt.UTC)
    )
    _read(private_key, "private_key")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = MINIMUM_VERSION
    try:
        # A password callback, so that an encrypted key fails here rather than making
        # OpenSSL prompt on a terminal a service does not have.
        context.load_cert_chain(certificate, private_key, password=lambda: b"")
    except (ssl.SSLError, OSError) as exc:
        raise TlsSetupError(
            f"cannot use the key {private_key} with the certificate {certificate}: {exc} "
            "(the key must be a PEM file, unencrypted, and the certificate's own key)",
            "private_key",
        ) from exc
    if ca_certificates:
        _read(ca_certificates, "ca_certificates")
        try:
            context.load_verify_locations(cafile=ca_certificates)
        except (ssl.SSLError, OSError) as exc:
            raise TlsSetupError(
                f"cannot load the CA bundle {ca_certificates}: {exc}", "ca_certificates"
            ) from exc
        context.verify_mode = ssl.CERT_REQUIRED
    return context
