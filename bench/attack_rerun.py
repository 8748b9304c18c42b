"""The outside re-run: every attack of docs/security.md, against a real `scanside serve`.

Starts `python -m appliance serve` in its own process, with a temporary data directory and a
configuration that lists a scanner (STORESCU at 127.0.0.1), a TLS-only peer and a hostile but
listed sender (FLOODER at 127.0.0.3), turns on DICOM-TLS with client certificates, and hands it
a systemd notify socket with a watchdog. Then it repeats, over real sockets from loopback
addresses (127.0.0.2 plays an unlisted host), each attack the threat table names, with dcmtk's
storescu/echoscu as the scanner and pynetdicom or raw PDUs as the attacker, and prints one
line per attack: what was tried, what a safe appliance must answer, what it answered. Exit
status 1 when any attack succeeded. The service is reached only over its ports, /proc and its
notify socket (the script borrows the tests' file builders, not the service's code).

    PYTHONPATH=. python bench/attack_rerun.py            # about 2 minutes on 2 cores
    PYTHONPATH=. python bench/attack_rerun.py --markdown # the table for docs/security.md

Needs dcmtk (storescu, echoscu) and openssl. The disk attack runs a second service on
/dev/shm when it has room (a shared disk's free space moves under other programs' writes). Not
re-run here: the offline run (10 minutes under strace: `bench/offline_run.py`), a hung thread
(needs a hang inside the service: `tests/appliance/test_watchdog.py`) and the systemd IP
firewall (needs a live systemd: `tests/appliance/test_network_policy.py`).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import warnings
import zlib
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path

import httpx
from pydicom.filereader import read_dataset, read_file_meta_info
from pydicom.uid import (
    CTImageStorage,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    MRImageStorage,
    generate_uid,
)
from pynetdicom import AE, _config
from pynetdicom.dsutils import encode

from appliance.ingest.store import part10_header
from tests.appliance.ingest.conftest import ct_slice, write_series
from tests.appliance.ingest.raw_pdus import (
    ACCEPTED,
    REJECTED,
    associate_rq,
    association_answer,
    c_store_rq,
    p_data,
    read_pdu,
)
from tests.appliance.ingest.test_decode_cpu import _wide_sequence
from tests.certificates import self_signed

REPO = Path(__file__).resolve().parents[1]
HOSTILE, FLOODER = "127.0.0.2", "127.0.0.3"
DCMTK_ENV = {**os.environ, "TCP_NODELAY": "1"}
_config.STORE_SEND_CHUNKED_DATASET = True  # send files as they are, never re-encoded
_RELEASE = bytes((0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0))


@dataclasses.dataclass
class Row:
    threat: str
    attack: str
    expected: str
    observed: str = ""
    ok: bool = False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Target:
    """`scanside serve` in a subprocess, reached only over its ports, /proc and notify socket."""

    def __init__(self, work: Path, min_free_mb: int = 1) -> None:
        self.work = work
        self.port, self.tls_port, self.http_port = _free_port(), _free_port(), _free_port()
        key, cert = self_signed(work, "scanside")
        self.client_key, self.client_cert = self_signed(work, "modality")
        self.server_cert = cert
        config = work / "scanside.toml"
        config.write_text(
            f"""
[dicom]
port = {self.port}
network_timeout_s = 15.0
max_dataset_mb = 16
max_inflight_mb = 64
max_inflation_ratio = 1032
[[dicom.peers]]
ae_title = "STORESCU"
address = "127.0.0.1"
[[dicom.peers]]
ae_title = "TLS_ONLY"
address = "127.0.0.1"
tls_only = true
[[dicom.peers]]
ae_title = "FLOODER"
address = "{FLOODER}"
[dicom.tls]
enabled = true
port = {self.tls_port}
certificate = "{cert}"
private_key = "{key}"
ca_certificates = "{self.client_cert}"
[storage]
data_dir = "{work / "data"}"
min_free_mb = {min_free_mb}
warn_free_mb = {min_free_mb}
[http]
port = {self.http_port}
[completion]
default_quiet_s = 600.0
"""
        )
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(str(work / "notify"))
        self.notify.settimeout(0.5)
        env = {k: v for k, v in os.environ.items() if not k.startswith("SCANSIDE_")}
        env.update(
            PYTHONPATH=str(REPO),
            NOTIFY_SOCKET=str(work / "notify"),
            WATCHDOG_USEC="2000000",
            SCANSIDE_CONFIG=str(config),
        )
        self.log = (work / "serve.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "appliance", "serve"],
            cwd=REPO,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.messages: list[str] = []
        self._lock = threading.Lock()
        # Read the notify socket all the time, as systemd does: a full queue would block the
        # service's next notification.
        threading.Thread(target=self._read_notifications, daemon=True).start()
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 120
        while "READY=1" not in self.received():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"serve did not start:\n{(self.work / 'serve.log').read_text()}")
            time.sleep(0.2)

    def _read_notifications(self) -> None:
        while True:
            try:
                message = self.notify.recv(4096).decode()
            except TimeoutError:
                continue
            except OSError:
                return  # closed
            with self._lock:
                self.messages.append(message)

    def received(self) -> list[str]:
        """The notifications so far."""
        with self._lock:
            return list(self.messages)

    def threads(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("Threads:"):
                return int(line.split()[1])
        return 0

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> tuple[int | None, float]:
        """SIGTERM, as systemd stops it: (exit status, seconds it took); killed after 90 s."""
        started = time.monotonic()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                self.process.kill()  # reported: the caller checks how long the stop took
                self.process.wait()
        self.log.close()
        self.notify.close()
        return self.process.returncode, time.monotonic() - started


# --- peers -------------------------------------------------------------------------------


def echoscu(target: Target, aet: str = "STORESCU") -> bool:
    tool = shutil.which("echoscu") or "echoscu"
    args = [tool, "-aet", aet, "-aec", "SCANSIDE", "127.0.0.1", str(target.port)]
    done = subprocess.run(args, env=DCMTK_ENV, capture_output=True, timeout=60, check=False)
    return done.returncode == 0


def storescu(target: Target, folder: Path, extra: tuple[str, ...] = (), port: int = 0) -> bool:
    tool = shutil.which("storescu") or "storescu"
    args = [tool, "-aet", "STORESCU", "-aec", "SCANSIDE", "+sd", "+r", *extra]
    args += ["127.0.0.1", str(port or target.port), str(folder)]
    done = subprocess.run(args, env=DCMTK_ENV, capture_output=True, timeout=300, check=False)
    return done.returncode == 0


def store(target: Target, path: Path) -> str:
    """One C-STORE of ``path`` with pynetdicom as the scanner: '0x....', or why there was none."""
    meta = read_file_meta_info(path)
    ae = AE(ae_title="STORESCU")
    ae.add_requested_context(meta.MediaStorageSOPClassUID, meta.TransferSyntaxUID)
    ae.dimse_timeout = ae.network_timeout = 120
    assoc = ae.associate("127.0.0.1", target.port, ae_title="SCANSIDE")
    if not assoc.is_established:
        return "rejected" if assoc.is_rejected else "no association"
    try:
        status = assoc.send_c_store(path)
        return f"0x{status.Status:04X}" if "Status" in status else "no answer"
    finally:
        if assoc.is_established:
            assoc.release()


def _file(
    work: Path, name: str, syntax: str, data: bytes, uid: str, sop: str = CTImageStorage
) -> Path:
    path = work / name
    path.write_bytes(part10_header(sop, uid, syntax) + data)
    return path


def _slice(rows: int = 16) -> tuple[bytes, str]:
    ds = ct_slice(generate_uid(), generate_uid(), 0, rows=rows)
    raw = encode(ds, False, True)
    assert raw is not None
    return raw, str(ds.SOPInstanceUID)


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def raw_store(target: Target, context: str, command: bytes, data: bytes) -> str:
    """A C-STORE over raw PDUs (implicit VR little endian): the status, or what happened."""
    with socket.create_connection(("127.0.0.1", target.port), timeout=30) as sock:
        sock.sendall(associate_rq(abstract=context, calling="STORESCU"))
        if read_pdu(sock)[0] != 0x02:
            return "rejected"
        sock.sendall(p_data(1, 0x03, command) + p_data(1, 0x02, data))
        kind, body = read_pdu(sock)
        if kind != 0x04:
            return f"PDU 0x{kind:02X}"
        with contextlib.suppress(OSError):
            sock.sendall(_RELEASE)
            read_pdu(sock)
    answer = read_dataset(BytesIO(body[6:]), is_implicit_VR=True, is_little_endian=True)
    return f"0x{int(answer.Status):04X}"


def _connect_from(address: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((address, 0))
    sock.settimeout(10)
    sock.connect(("127.0.0.1", port))
    return sock


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    sock.settimeout(seconds)
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return False
    except OSError:
        return True
    return True


# --- the attacks -------------------------------------------------------------------------


def lockout(target: Target, work: Path) -> list[Row]:
    row = Row(
        "lock the scanner out by holding connections",
        "300 sockets from an unlisted host (150 idle, 150 trickling an A-ASSOCIATE-RQ a byte "
        "every 0.5 s); meanwhile the scanner echoes and stores 3 times",
        "every echo and store succeeds; fewer than 16 extra threads",
    )
    write_series(work / "lockout", 3)
    before = target.threads()
    sockets: list[socket.socket] = []
    stop = threading.Event()
    request = associate_rq()

    def trickle() -> None:
        offset = 0
        while not stop.wait(0.5):
            for sock in sockets[150:]:
                with contextlib.suppress(OSError):
                    sock.send(request[offset % len(request) : offset % len(request) + 1])
            offset += 1

    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                sockets.append(_connect_from(HOSTILE, target.port))
        thread = threading.Thread(target=trickle, daemon=True)
        thread.start()
        results = [echoscu(target) and storescu(target, work / "lockout") for _ in range(3)]
        extra = target.threads() - before
    finally:
        stop.set()
        for sock in sockets:
            sock.close()
    row.observed = f"{sum(results)}/3 echo+store succeeded, {extra} extra threads"
    row.ok = all(results) and extra < 16
    time.sleep(3)  # the unlisted places the 300 held come free, so the timeout, not the cap, acts
    silent = _connect_from(HOSTILE, target.port)
    started = time.monotonic()
    cut = _closed_within(silent, 10)
    took = time.monotonic() - started
    silent.close()
    second = Row(
        "lock the scanner out by holding connections",
        "one silent socket from an unlisted host",
        "closed within unlisted_request_timeout_s (2 s) + 1 s",
        f"closed after {took:.1f} s" if cut else "still open after 10 s",
        cut and took < 3.0,
    )
    return [row, second]


_ANSWERS = {ACCEPTED: "accepted", REJECTED: "rejected", 0x07: "aborted", 0: "closed"}


def impersonation(target: Target, _work: Path) -> list[Row]:
    """Each answer is read off the wire (``association_answer``): pynetdicom's requestor can
    report a rejection that comes back within a millisecond as an abort."""
    rows = []
    for attack, calling, bind in (
        ("a listed AE title (STORESCU) from an unlisted address", "STORESCU", HOSTILE),
        ("an unlisted AE title (INTRUDER) from the scanner's address", "INTRUDER", "127.0.0.1"),
        ("the TLS-only peer's AE title in plain text", "TLS_ONLY", "127.0.0.1"),
    ):
        kind, body = association_answer(
            target.port, calling=calling, abstract=CTImageStorage, bind=bind
        )
        answer = _ANSWERS.get(kind, f"PDU type 0x{kind:02X}")
        if kind == REJECTED:
            answer += f" (reason {body[3]})"
        rows.append(
            Row(
                "associate as someone else",
                attack,
                "association rejected",
                answer,
                kind == REJECTED,
            )
        )
    return rows


def _frames_file(work: Path, frames: bytes, pixel_bytes: int, name: str) -> Path:
    ds = ct_slice(generate_uid(), generate_uid(), 0)
    ds.NumberOfFrames = "99"
    ds.PixelData = ds.PixelData[:pixel_bytes]
    raw = encode(ds, False, True)
    assert raw is not None
    at = raw.index(b"IS\x02\x0099")
    raw = raw[: at + 4] + frames + raw[at + 6 :]
    return _file(work, name, ExplicitVRLittleEndian, raw, str(ds.SOPInstanceUID))


def wrong_acknowledgement(target: Target, work: Path) -> list[Row]:
    rows = []
    for frames, pixels, what in (
        (b"0 ", 170, 'NumberOfFrames "0" and pixel data cut short'),
        (b"-1", 170, 'NumberOfFrames "-1" and pixel data cut short'),
        (b"2 ", 512, "2 frames declared, 1 sent"),
    ):
        answer = store(target, _frames_file(work, frames, pixels, f"frames{len(rows)}.dcm"))
        rows.append(
            Row(
                "make ScanSide acknowledge what it did not keep whole",
                what,
                "refused (not 0x0000)",
                answer,
                answer.startswith("0x") and answer != "0x0000",
            )
        )
    return rows


def mismatches(target: Target, _work: Path) -> list[Row]:
    rows = []
    ds = ct_slice(generate_uid(), generate_uid(), 0)
    ds.SOPClassUID = MRImageStorage
    data = encode(ds, True, True)
    assert data is not None
    answer = raw_store(target, CTImageStorage, c_store_rq(CTImageStorage, ds.SOPInstanceUID), data)
    rows.append(
        Row(
            "store under the cover of another class or instance",
            "an MR data set on a CT context",
            "0xA900 (refused)",
            answer,
            answer == "0xA900",
        )
    )
    ds = ct_slice(generate_uid(), generate_uid(), 0)
    data = encode(ds, True, True)
    assert data is not None
    answer = raw_store(target, CTImageStorage, c_store_rq(CTImageStorage, generate_uid()), data)
    rows.append(
        Row(
            "store under the cover of another class or instance",
            "the command names instance X, the data set holds Y",
            "refused, not 0x0000",
            answer,
            answer.startswith("0x") and answer != "0x0000",
        )
    )
    return rows


def memory(target: Target, work: Path) -> list[Row]:
    raw, uid = _slice(rows=3300)  # 20.8 MiB, over max_dataset_mb = 16
    big = _file(work, "big.dcm", ExplicitVRLittleEndian, raw, uid)
    zeros, uid = _slice(rows=4096)  # 32 MiB of zeros, deflated to about 32 KiB
    bomb = _file(work, "bomb.dcm", DeflatedExplicitVRLittleEndian, _deflate(zeros), uid)
    before = target.rss_mb()
    answers = [store(target, big) for _ in range(4)]
    started = time.monotonic()
    bomb_answer = store(target, bomb)
    bomb_s = time.monotonic() - started
    grown = target.rss_mb() - before
    return [
        Row(
            "exhaust memory",
            "four 20.8 MiB data sets (max_dataset_mb = 16)",
            "0xA700 each, RSS +<200 MiB",
            f"{', '.join(sorted(set(answers)))}; RSS +{grown:.0f} MiB",
            set(answers) == {"0xA700"} and grown < 200,
        ),
        Row(
            "inflate a deflate bomb",
            f"{bomb.stat().st_size // 1024} KiB deflating to 32 MiB of zeros",
            "0xA700 within 5 s",
            f"{bomb_answer} in {bomb_s:.1f} s",
            bomb_answer == "0xA700" and bomb_s < 5,
        ),
    ]


def cpu(target: Target, work: Path) -> list[Row]:
    zeros = b"\0" * (8 * 1024 * 1024)
    junk = _file(work, "junk.dcm", ImplicitVRLittleEndian, zeros, generate_uid())
    started = time.monotonic()
    junk_answer = store(target, junk)
    junk_s = time.monotonic() - started
    wide, uid = _wide_sequence(300_000)
    costly = _file(work, "costly.dcm", DeflatedExplicitVRLittleEndian, _deflate(wide), uid)
    started = time.monotonic()
    costly_answer = store(target, costly)
    costly_s = time.monotonic() - started
    return [
        Row(
            "burn CPU on junk",
            "8 MiB of zeros as a data set (a million empty elements)",
            "refused within 5 s",
            f"{junk_answer} in {junk_s:.1f} s",
            junk_answer.startswith("0xC") and junk_s < 5,
        ),
        Row(
            "burn CPU with a data set costly to decode",
            f"{costly.stat().st_size // 1024} KiB deflated, 300,000 sequence items",
            "0xC217 after max_decode_cpu_s (5 s)",
            f"{costly_answer} in {costly_s:.1f} s",
            costly_answer == "0xC217",
        ),
    ]


def traversal(target: Target, work: Path) -> list[Row]:
    raw, uid = _slice()
    evil = "../../../../../tmp/scanside-evil-" + uid[-8:]
    data = raw.replace(uid.encode(), evil.encode()[: len(uid)].ljust(len(uid), b"1"))
    answer = raw_store(target, CTImageStorage, c_store_rq(CTImageStorage, evil), data)
    outside = list(Path("/tmp").glob("scanside-evil-*")) + list(work.glob("**/*evil*"))
    return [
        Row(
            "write outside the store",
            "a SOP Instance UID of ../../../../../tmp/...",
            "nothing written outside the store",
            f"{answer}; {len(outside)} files outside",
            not outside,
        )
    ]


def malformed(target: Target, _work: Path) -> list[Row]:
    request = associate_rq()
    broken = request.replace(b"\x30\x00\x00\x11", b"\x30\x00\x0e\x11", 1)
    attempts = {
        "data before any request": p_data(1, 0x02, b"\0" * 64),
        "an A-ASSOCIATE-RQ pynetdicom chokes on": broken,
        "a PDU announcing 4 GiB": struct.pack(">BBL", 0x04, 0, 0xFFFFFFF0),
        "random bytes": os.urandom(4096),
        "a truncated PDU header": b"\x01\x00\x00",
    }
    for payload in attempts.values():
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", target.port), timeout=5) as sock,
        ):
            sock.sendall(payload)
            sock.shutdown(socket.SHUT_WR)
            with contextlib.suppress(OSError):
                read_pdu(sock)
    ds = ct_slice(generate_uid(), generate_uid(), 0)
    placeholder = str(ds.SOPInstanceUID)[:-1] + "7"
    ds.SOPInstanceUID = placeholder
    data = encode(ds, True, True)
    assert data is not None
    command = c_store_rq(CTImageStorage, placeholder)
    command = command.replace(placeholder.encode(), placeholder[:-1].encode() + b"\xe9")
    answer = raw_store(target, CTImageStorage, command, data)
    echo = echoscu(target)
    return [
        Row(
            "crash the acceptor",
            ", ".join(attempts) + ", a non-ASCII byte in a command UID",
            "each answered or aborted; the service still echoes",
            f"non-ASCII UID answered {answer}; echo {'ok' if echo else 'failed'}; "
            f"{'alive' if target.alive() else 'DEAD'}",
            echo and target.alive() and answer.startswith("0x"),
        )
    ]


def tls(target: Target, work: Path) -> list[Row]:
    write_series(work / "tls", 2)
    certs = (
        "+tls",
        str(target.client_key),
        str(target.client_cert),
        "+cf",
        str(target.server_cert),
    )
    with_cert = storescu(target, work / "tls", certs, port=target.tls_port)
    _, stranger = self_signed(work, "stranger")
    stranger_ok = storescu(
        target,
        work / "tls",
        ("+tls", str(work / "stranger.key"), str(stranger), "+cf", str(target.server_cert)),
        port=target.tls_port,
    )
    plain_on_tls = storescu(target, work / "tls", port=target.tls_port)
    old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    old.check_hostname, old.verify_mode = False, ssl.CERT_NONE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        old.minimum_version = old.maximum_version = ssl.TLSVersion.TLSv1_1
    old.set_ciphers("DEFAULT:@SECLEVEL=0")  # so that this client, at least, offers TLS 1.1
    try:
        with socket.create_connection(("127.0.0.1", target.tls_port), timeout=5) as raw_sock:
            old.wrap_socket(raw_sock).close()
        tls11 = True
    except (ssl.SSLError, OSError):
        tls11 = False
    return [
        Row(
            "walk around TLS",
            "storescu with the CA's client certificate / another certificate / plain text "
            "on the TLS port / a TLS 1.1 handshake",
            "only the first gets through",
            f"{with_cert} / {stranger_ok} / {plain_on_tls} / {tls11}",
            with_cert and not stranger_ok and not plain_on_tls and not tls11,
        )
    ]


def api(target: Target, _work: Path) -> list[Row]:
    base = f"http://127.0.0.1:{target.http_port}/api/v1"
    anonymous = httpx.get(f"{base}/status", timeout=10).status_code
    forged = httpx.get(f"{base}/status", headers={"Authorization": "Bearer forged"}, timeout=10)
    return [
        Row(
            "use the API without a token",
            "GET /api/v1/status with no token, with a forged one",
            "401 both",
            f"{anonymous}, {forged.status_code}",
            anonymous == 401 and forged.status_code == 401,
        )
    ]


def flood(target: Target, work: Path) -> list[Row]:
    wide, uid = _wide_sequence(300_000)
    costly = _file(work, "flood.dcm", DeflatedExplicitVRLittleEndian, _deflate(wide), uid)
    command = [sys.executable, "-m", "tests.appliance.ingest.flood", "--port", str(target.port)]
    command += ["--file", str(costly), "--bind", FLOODER, "--associations", "8", "--seconds", "20"]
    flooder = subprocess.Popen(
        command,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    took = []
    try:
        time.sleep(4)
        for i in range(3):
            write_series(work / f"flood{i}", 10, rows=512)
            started = time.monotonic()
            ok = storescu(target, work / f"flood{i}")
            took.append(time.monotonic() - started if ok else float("inf"))
    finally:
        flooder.kill()
        flooder.wait()
    return [
        Row(
            "starve the other senders' decoding",
            "a listed sender floods costly data sets on "
            "8 associations; the scanner sends ten 512x512 slices, 3 times",
            "each stored in under 4 s",
            ", ".join(f"{t:.1f} s" for t in took),
            max(took) < 4,
        )
    ]


def watchdog(target: Target, _work: Path) -> list[Row]:
    before = target.received().count("WATCHDOG=1")
    time.sleep(3)
    pets = target.received().count("WATCHDOG=1") - before
    return [
        Row(
            "hang the service unnoticed",
            "listen on its notify socket (WatchdogSec 2 s) for 3 s",
            "READY=1 at start, then WATCHDOG=1 about every second",
            f"{pets} WATCHDOG=1 in 3 s",
            pets >= 2,
        )
    ]


def disk(_target: Target, work: Path) -> list[Row]:
    """A second service whose disk reserve is 70 MiB below the free space: of six 15 MiB data
    sets, those that would cross the reserve must be refused, leaving nothing partial. On
    /dev/shm when it has room (elsewhere, other programs' writes move the free space)."""
    shm = Path("/dev/shm")  # a tmpfs few programs write to: its free space holds still
    quiet = shm.is_dir() and shutil.disk_usage(shm).free > 512 * 2**20
    folder = Path(tempfile.mkdtemp(prefix="scanside-disk-", dir=shm if quiet else work))
    paths = []
    for i in range(6):
        raw, uid = _slice(rows=2800)  # 15 MiB
        paths.append(_file(folder, f"fill{i}.dcm", ExplicitVRLittleEndian, raw, uid))
    os.sync()  # the files' blocks allocated, so that the free space below counts them
    free = shutil.disk_usage(folder).free // 2**20
    reserve = free - 70
    target = Target(folder, min_free_mb=reserve)
    try:
        answers = [store(target, path) for path in paths]
        left = shutil.disk_usage(folder).free // 2**20
        stored = sum(p.stat().st_size for p in (folder / "data").rglob("*.dcm")) // 2**20
        partial = list((folder / "data" / "tmp").glob("*"))
    finally:
        target.stop()
    reasons = (folder / "serve.log").read_text().count("below storage.min_free_mb")
    shutil.rmtree(folder, ignore_errors=True)
    return [
        Row(
            "fill the disk",
            "six 15 MiB data sets to a service whose storage.min_free_mb is 70 MiB under the "
            "free space",
            "0xA700 once the next one would cross the reserve; at most 70 MiB stored; "
            "nothing partial",
            f"{', '.join(answers)} ({reasons} for the reserve); {stored} MiB stored; "
            f"{len(partial)} partial files (free space {free} -> {left} MiB on {folder.parent})",
            "0xA700" in answers and reasons >= 1 and stored <= 70 and not partial,
        )
    ]


ATTACKS: list[Callable[[Target, Path], list[Row]]] = [
    lockout,
    impersonation,
    wrong_acknowledgement,
    mismatches,
    memory,
    cpu,
    flood,
    traversal,
    malformed,
    tls,
    api,
    watchdog,
    disk,
]


@contextlib.contextmanager
def _target() -> Iterator[tuple[Target, Path]]:
    with tempfile.TemporaryDirectory(prefix="scanside-attack-rerun-") as folder:
        work = Path(folder)
        target = Target(work)
        try:
            yield target, work
        finally:
            target.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--markdown", action="store_true", help="print a markdown table")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    with _target() as (target, work):
        for attack in ATTACKS:
            try:
                found = attack(target, work)
            except Exception as exc:  # an attack that breaks the script is reported, not hidden
                found = [
                    Row(
                        attack.__name__,
                        "(the attack itself failed)",
                        "-",
                        f"{type(exc).__name__}: {exc}",
                    )
                ]
            rows += found
            for row in found:
                print(
                    f"{'PASS' if row.ok else 'FAIL'}  {row.threat}: {row.attack} -> {row.observed}",
                    file=sys.stderr,
                    flush=True,
                )
            if not target.alive():
                rows.append(
                    Row("the service", "(after " + attack.__name__ + ")", "alive", "exited")
                )
                break
        code, took = target.stop()
        rows.append(
            Row(
                "keep the service from stopping",
                "SIGTERM after all the attacks above",
                "exits 0 within the unit's TimeoutStopSec (60 s)",
                f"exit status {code} after {took:.1f} s",
                code == 0 and took < 60,
            )
        )
    if args.markdown:
        print("| threat | attack | a safe appliance | observed | |")
        print("| --- | --- | --- | --- | --- |")
        for row in rows:
            verdict = "pass" if row.ok else "**FAIL**"
            print(f"| {row.threat} | {row.attack} | {row.expected} | {row.observed} | {verdict} |")
    else:
        for row in rows:
            print(f"{'pass' if row.ok else 'FAIL'}\t{row.threat}\t{row.attack}\t{row.observed}")
    failed = sum(not row.ok for row in rows)
    print(f"{len(rows) - failed} of {len(rows)} attacks held", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
