"""``scanside serve``: run the appliance until SIGTERM or Ctrl-C.

Builds the :class:`~appliance.service.Service` with every component (receiving, outbox sender,
analysis dispatcher: see :mod:`appliance.assembly`), starts it, writes ``run/service.json`` so other
commands can find it, tells systemd it is ready (``Type=notify``, :mod:`appliance.watchdog`),
and serves the HTTP API with uvicorn in the foreground. uvicorn handles
SIGTERM/SIGINT; when it returns, the service stops in reverse order and the catalogue closes.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import logging
import os
import signal
import socket

import uvicorn

from appliance import runinfo, watchdog
from appliance.api.app import create_app
from appliance.assembly import build_appliance
from appliance.cli.options import add_common_options, config_from_args
from appliance.config import AppConfig, HttpConfig
from appliance.errors import ScanSideError
from appliance.network_policy import stale_policy_warning
from appliance.service import Service
from appliance.tls import server_context

NAME = "serve"
HELP = "run the appliance: DICOM receiver, analysis, results to PACS, HTTP API (until SIGTERM)"

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_options(parser)
    parser.add_argument("--port", type=int, metavar="N", help="DICOM port (dicom.port)")
    parser.add_argument("--ae-title", metavar="T", help="our AE title (dicom.ae_title)")
    parser.add_argument("--http-port", type=int, metavar="N", help="HTTP API port (http.port)")


def _run_until_signalled(server: uvicorn.Server) -> None:
    """Run uvicorn; on SIGTERM/SIGINT it stops serving, then we shut the service down.

    uvicorn captures the signals while it runs and re-raises them afterwards; with Python's
    default SIGTERM action that would end the process before the catalogue is closed, so a
    handler that only notes the signal is installed first (and restored after). It also asks
    the server to exit: a signal that arrives before uvicorn has put its own handlers in place
    would otherwise be noted and forgotten, and the service would run on.
    """
    received: list[int] = []

    def note(signum: int, _frame: object) -> None:
        received.append(signum)
        server.should_exit = True

    previous = {sig: signal.signal(sig, note) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        server.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if received:
        log.info("stopping on signal %s", signal.Signals(received[0]).name)


def _warn_if_exposed(http: HttpConfig) -> None:
    """Say so, loudly, when the API listens beyond loopback in plain HTTP: the configuration
    check refuses that unless ``http.allow_plain_http_on_network`` asks for it."""
    if http.tls.enabled or ipaddress.ip_address(http.bind_address).is_loopback:
        return
    log.warning(
        "http.bind_address is %s and http.allow_plain_http_on_network is set: the API "
        "(tokens and patient data) is reachable from the network over plain HTTP, without "
        "TLS; set http.tls.enabled = true with a certificate, or bind it to 127.0.0.1",
        http.bind_address,
    )


def _uvicorn_config(service: Service, http: HttpConfig) -> uvicorn.Config:
    """uvicorn for the API, over TLS 1.2+ when ``http.tls`` is enabled.

    uvicorn builds its own context from the files and takes no minimum version, so its context
    is replaced, once loaded, by :func:`appliance.tls.server_context` (the one the
    configuration check already loaded these files with).
    """
    tls = http.tls
    config = uvicorn.Config(
        create_app(service),
        host=http.bind_address,
        port=http.port,
        log_level="warning",
        lifespan="on",
        # No proxy stands in front of ScanSide: uvicorn's default would take
        # X-Forwarded-For from any loopback client as the address (and audit it).
        proxy_headers=False,
        ssl_certfile=tls.certificate if tls.enabled else None,
        ssl_keyfile=tls.private_key if tls.enabled else None,
    )
    if tls.enabled:
        config.load()
        config.ssl = server_context(tls.certificate, tls.private_key)
    return config


def _listen_ports(config: AppConfig) -> list[tuple[str, str, int, str]]:
    """(what, address, port, how to change it) of each port serve will listen on."""
    dicom, ports = config.dicom, []
    if dicom.plain_enabled:
        ports.append(("DICOM", dicom.bind_address, dicom.port, "--port N (dicom.port)"))
    if dicom.tls.enabled:
        ports.append(("DICOM TLS", dicom.bind_address, dicom.tls.port, "dicom.tls.port"))
    ports.append(("HTTP API", config.http.bind_address, config.http.port, "--http-port N"))
    return [p for p in ports if p[2] != 0]


def check_ports_free(config: AppConfig) -> None:
    """Stop with one line naming a port that another program already holds, and the fix."""
    for what, address, port, change in _listen_ports(config):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
            try:
                probe.bind((address, port))
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE:
                    raise ScanSideError(
                        f"cannot listen on {address}:{port} for the {what}: {exc.strerror}",
                        title="Port unavailable",
                    ) from exc
                raise ScanSideError(
                    f"the {what} port {port} is already in use (another ScanSide, storescp, a "
                    f"web server?): stop that program or pick a free port with {change}",
                    title="Port in use",
                ) from exc


def run(args: argparse.Namespace) -> int:
    config = config_from_args(
        args,
        dicom={"port": args.port, "ae_title": args.ae_title},
        http={"port": args.http_port},
    )
    check_ports_free(config)
    # pynetdicom logs every request at INFO; keep that for -vv (debug) only.
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        logging.getLogger("pynetdicom").setLevel(logging.WARNING)
    appliance = build_appliance(config)
    service, parts = appliance.service, appliance.ingest
    try:
        service.start()
        runinfo.write(
            service.layout,
            runinfo.RunInfo(
                pid=os.getpid(),
                ae_title=config.dicom.ae_title,
                dicom_port=parts.scp.ports.get("dicom", config.dicom.port),
                http_port=config.http.port,
                http_host=config.http.bind_address,
                http_scheme=config.http.scheme,
                http_certificate=config.http.tls.certificate if config.http.tls.enabled else "",
            ),
        )
        _warn_if_exposed(config.http)
        stale = stale_policy_warning(config)
        if stale is not None:  # a listed peer the firewall drops would only time out
            log.warning("%s", stale)
        watchdog.notify("READY=1")  # systemd Type=notify: started, the DICOM port is open
        print(
            f"ScanSide {config.dicom.ae_title} receiving on "
            + ", ".join(f"{label} port {port}" for label, port in parts.scp.ports.items())
            + ", "
            f"API on {config.http.scheme}://{config.http.bind_address}:{config.http.port}, "
            f"data in {service.layout.root}",
            flush=True,
        )
        server = uvicorn.Server(_uvicorn_config(service, config.http))
        _run_until_signalled(server)
        watchdog.notify("STOPPING=1")
    finally:
        runinfo.remove(service.layout)
        service.close()
        log.info("ScanSide stopped")
    return 0
