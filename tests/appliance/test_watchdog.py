"""systemd ``Type=notify``: READY when started, WATCHDOG only while no thread has hung.

A real datagram socket plays systemd's ``$NOTIFY_SOCKET``; the service is the real one, and the
hang is real too: the DICOM accept loop blocks on a lock the test holds while a connection
arrives.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from appliance.watchdog import Heartbeats, Watchdog, notify
from tests.appliance.ingest.conftest import Running, make_config
from tests.conftest import REPO, free_port


@pytest.fixture
def systemd_socket(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    path = str(tmp_path / "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(0.1)
    yield sock, path
    sock.close()


def _messages(sock: socket.socket, seconds: float) -> list[str]:
    got: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            got.append(sock.recv(256).decode())
        except TimeoutError:
            continue
    return got


def test_notify_reaches_systemds_socket_and_is_silent_outside_systemd(
    systemd_socket: tuple[socket.socket, str],
) -> None:
    sock, path = systemd_socket
    assert notify("READY=1", {"NOTIFY_SOCKET": path})
    assert sock.recv(64) == b"READY=1"
    assert not notify("READY=1", {})


def test_no_watchdog_is_run_unless_systemd_asks_for_one() -> None:
    assert Watchdog(Heartbeats(), environ={}).interval_s is None
    other_pid = {"NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"}
    assert Watchdog(Heartbeats(), environ=other_pid).interval_s is None


def test_the_watchdog_stops_when_the_dicom_listener_hangs(
    tmp_path: Path, systemd_socket: tuple[socket.socket, str]
) -> None:
    sock, path = systemd_socket
    running = Running(make_config(tmp_path / "data"))
    scp = running.parts.scp
    scp.listener_beat_s = 1.0
    watchdog = Watchdog(
        running.service.heartbeats, environ={"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "400000"}
    )
    watchdog.start()
    try:
        assert _messages(sock, 1.0).count("WATCHDOG=1") >= 3  # petted every 0.2 s
        # The accept loop blocks on the SCP's lock as soon as a connection arrives: hung.
        with scp._lock, socket.create_connection(("127.0.0.1", running.port), timeout=5):
            time.sleep(1.5)  # past the listener's 1 s allowance
            _messages(sock, 0.3)  # what was petted before the allowance ran out
            assert _messages(sock, 1.0) == []
            assert watchdog.status()["overdue"] == ["dicom listener"]
        assert "WATCHDOG=1" in _messages(sock, 2.0)  # the loop came round again
    finally:
        watchdog.stop()
        running.close()


def test_scanside_serve_says_ready_and_pets_the_watchdog(
    tmp_path: Path, systemd_socket: tuple[socket.socket, str]
) -> None:
    sock, path = systemd_socket
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "NOTIFY_SOCKET": path,
        "WATCHDOG_USEC": "1000000",
        "SCANSIDE_STORAGE__MIN_FREE_MB": "1",
        "SCANSIDE_STORAGE__WARN_FREE_MB": "1",
    }
    env.pop("SCANSIDE_CONFIG", None)
    command = [sys.executable, "-m", "appliance", "serve", "--data-dir", str(tmp_path / "d")]
    command += ["--port", str(free_port()), "--http-port", str(free_port())]
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        got: list[str] = []
        deadline = time.monotonic() + 60
        while "READY=1" not in got and process.poll() is None and time.monotonic() < deadline:
            got += _messages(sock, 0.5)
        assert "READY=1" in got, f"exit status {process.poll()}"
        assert "WATCHDOG=1" in got + _messages(sock, 2.0)
        process.terminate()
        assert process.wait(timeout=60) == 0
        assert "STOPPING=1" in _messages(sock, 0.5)
    finally:
        if process.poll() is None:
            process.kill()


def test_a_notify_socket_nobody_reads_costs_missed_pets_not_a_hang(tmp_path: Path) -> None:
    """Found by ``bench/attack_rerun.py``, whose notify socket was read only now and then: once
    its queue was full, ``notify`` blocked for ever, and so did the service's stop."""
    address = str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as unread:
        unread.bind(address)
        started = time.monotonic()
        sent = [notify("WATCHDOG=1", {"NOTIFY_SOCKET": address}) for _ in range(20)]
        took = time.monotonic() - started
    assert sent[0] is True
    assert sent[-1] is False  # the queue (10 datagrams on Linux) is full: given up, logged
    assert took < 10
