"""Server-side TLS contexts for ScanSide's listeners, built one way: TLS 1.2 or later.

Both the DICOM-TLS port (:mod:`appliance.ingest.scp`) and the HTTP API (``scanside serve``,
``[http.tls]``) serve TLS. Python's default server context would still accept TLS 1.0 and 1.1
where the system's OpenSSL allows them; this one never does. The configuration check
(:mod:`appliance.config`) builds the same context before anything starts, so a certificate that
does not load, or a key that is not its key, stops the start naming the setting.
"""

from __future__ import annotations

import ssl

__all__ = ["MINIMUM_VERSION", "TlsSetupError", "server_context"]

MINIMUM_VERSION = ssl.TLSVersion.TLSv1_2


class TlsSetupError(ValueError):
    """The certificate, its key or the CA bundle cannot be loaded (the message says which)."""


def server_context(certificate: str, private_key: str, ca_certificates: str = "") -> ssl.SSLContext:
    """A TLS 1.2+ server context holding ``certificate`` (PEM chain) and ``private_key``;
    with ``ca_certificates``, clients must present a certificate signed by one of them."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = MINIMUM_VERSION
    try:
        context.load_cert_chain(certificate, private_key)
    except (ssl.SSLError, OSError) as exc:
        raise TlsSetupError(
            f"cannot load the certificate {certificate} with the key {private_key}: {exc} "
            "(both must be PEM files, and the key must be the certificate's)"
        ) from exc
    if ca_certificates:
        try:
            context.load_verify_locations(cafile=ca_certificates)
        except (ssl.SSLError, OSError) as exc:
            raise TlsSetupError(f"cannot load the CA bundle {ca_certificates}: {exc}") from exc
        context.verify_mode = ssl.CERT_REQUIRED
    return context
