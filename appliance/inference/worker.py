"""The analysis worker process: loads models once, then analyses one series per request.

:class:`WorkerProcess` is the parent's handle (used by :mod:`appliance.inference.dispatcher`):
it starts a ``spawn`` child, sends it a :class:`WorkRequest` over a pipe and waits for the
answer, the child's death or a timeout, whichever comes first. A child that dies (a crash in
native code, out of memory, ``os._exit``) or overruns is killed and replaced, so the receiver
and the other workers never notice; the request comes back as :class:`WorkerFailure` with the
reason. The child keeps one :class:`~appliance.inference.runtime.InferenceRuntime`, so ONNX
Runtime sessions are built on its first job and reused for all later ones.

A *shadow* worker (``WorkerSettings.shadow``) runs shadow versions only: its child lowers its
own CPU priority to the lowest (``nice`` 19) and loads the shadow versions, and the parent can
:meth:`WorkerProcess.pause` it (``SIGSTOP``) while a live analysis runs and
:meth:`WorkerProcess.resume` it (``SIGCONT``) after, so a live series never shares the CPU with
a shadow version and the shadow's work is kept, not thrown away (docs/models.md). Time paused
does not count against the job's timeout.

What the child runs for a request is the *entry* function named ``"module:function"``
(default :func:`analyse_request`); tests name other real functions to make a worker crash or hang.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import importlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from appliance.config import InferenceConfig
from appliance.errors import AnalysisError, ScanSideError
from appliance.findings import SeriesAnalysis
from appliance.inference.repository import parse_version_ref
from appliance.inference.runtime import InferenceRuntime
from appliance.inference.unreported import analyse_with_candidates

__all__ = [
    "DEFAULT_ENTRY",
    "WorkRequest",
    "WorkerFailure",
    "WorkerProcess",
    "WorkerStopped",
    "analyse_request",
]

log = logging.getLogger(__name__)

DEFAULT_ENTRY = "appliance.inference.worker:analyse_request"
_STOP = None
SHADOW_NICENESS = 19
"""How much a shadow worker lowers its CPU priority (``os.nice``): the lowest."""
_PR_SET_PDEATHSIG = 1


@dataclasses.dataclass(frozen=True)
class WorkRequest:
    """One series to analyse with one model."""

    files: tuple[str, ...]
    model_name: str
    model_version: str | None = None
    """The version to run (the dispatcher names it, live or shadow: a worker's repository may
    predate a promotion); None: the live version as the worker's repository says."""


class WorkerFailure(AnalysisError):
    """The worker could not produce an analysis: it raised, died or overran its time."""


class WorkerStopped(WorkerFailure):
    """The service is stopping: the job was interrupted, not failed (it is requeued at start)."""


@dataclasses.dataclass(frozen=True)
class WorkerSettings:
    """What a worker child needs to build its runtime (picklable, for ``spawn``)."""

    inference: InferenceConfig
    cache_dir: str
    entry: str = DEFAULT_ENTRY
    shadow: bool = False
    """A worker for shadow versions: lowest CPU priority, loads ``inference.shadow_versions``."""


def analyse_request(request: WorkRequest, runtime: Any) -> SeriesAnalysis:
    """The default entry: the named model from the runtime, then the analysis pipeline, keeping
    the detection candidates it did not report (for later follow-ups' "present on the prior")."""
    model = runtime.nodule_model(request.model_name, request.model_version)
    return analyse_with_candidates(request.files, model)


def _resolve(entry: str) -> Callable[[WorkRequest, Any], SeriesAnalysis]:
    module, _, name = entry.partition(":")
    function: Callable[[WorkRequest, Any], SeriesAnalysis] = getattr(
        importlib.import_module(module), name
    )
    return function


def _preload(runtime: InferenceRuntime, config: InferenceConfig) -> None:
    """Build the sessions now, so the first study does not wait for them. A model that fails
    to load is logged here and fails its jobs with the reason later."""
    try:
        names = runtime.repository.names()
    except ScanSideError as exc:
        log.error("model repository cannot be read: %s", exc.message)
        return
    for name in names:
        if config.enabled_models and name not in config.enabled_models:
            continue
        try:
            runtime.nodule_model(name)
        except ScanSideError as exc:
            log.error("model %s cannot be loaded: %s", name, exc.message)


def _preload_shadows(runtime: InferenceRuntime, config: InferenceConfig) -> None:
    """The shadow worker's :func:`_preload`: each ``inference.shadow_versions`` entry."""
    for reference in config.shadow_versions:
        try:
            runtime.nodule_model(*parse_version_ref(reference, "inference.shadow_versions"))
        except ScanSideError as exc:
            log.error("shadow version %s cannot be loaded: %s", reference, exc.message)


def _become_shadow() -> None:
    """Lowest CPU priority; and on Linux, die with the parent: a child paused by ``SIGSTOP``
    would otherwise outlive a service killed with ``kill -9`` (it never reads the closed pipe)."""
    os.nice(SHADOW_NICENESS)
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before the call
            os._exit(1)


def _child(conn: multiprocessing.connection.Connection, settings: WorkerSettings) -> None:
    """The child's loop: one request in, ``("ok", analysis)`` or ``("error", reason)`` out."""
    if settings.shadow:
        _become_shadow()
    runtime = InferenceRuntime(config=settings.inference, cache_dir=Path(settings.cache_dir))
    if settings.shadow:
        _preload_shadows(runtime, settings.inference)
    else:
        _preload(runtime, settings.inference)
    entry = _resolve(settings.entry)
    while True:
        request = conn.recv()
        if request is _STOP:
            return
        try:
            conn.send(("ok", entry(request, runtime)))
        except ScanSideError as exc:
            conn.send(("error", f"{exc.title}: {exc.message}"))
        except Exception as exc:  # any bug in one analysis fails that job, not the worker
            log.error("analysis failed:\n%s", traceback.format_exc())
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class WorkerProcess:
    """A spawned child that analyses one request at a time (see the module doc)."""

    def __init__(self, settings: WorkerSettings) -> None:
        self.settings = settings
        self._context = multiprocessing.get_context("spawn")
        self._process: BaseProcess | None = None
        self._conn: multiprocessing.connection.Connection | None = None
        self._stopping = False
        self.restarts = 0
        self._signals = threading.Lock()
        """Held while the child is signalled or replaced (pause/resume come from other threads)."""
        self._paused = False
        self._busy = False
        self.pauses = 0
        """Times :meth:`pause` stopped the child in the middle of an analysis."""

    def start(self) -> None:
        parent, child = self._context.Pipe()
        name = "scanside-shadow" if self.settings.shadow else "scanside-analysis"
        process = self._context.Process(
            target=_child, args=(child, self.settings), name=name, daemon=True
        )
        process.start()
        child.close()
        with self._signals:
            self._process, self._conn = process, parent
            if self._paused:  # replaced while paused: the new child waits too
                self._signal(signal.SIGSTOP)

    def pause(self) -> None:
        """Stop the child where it is (``SIGSTOP``) until :meth:`resume`; it keeps its memory
        and its work. Pausing a paused worker does nothing."""
        with self._signals:
            if self._paused:
                return
            self._paused = True
            self._signal(signal.SIGSTOP)
            if self._busy:
                self.pauses += 1

    def resume(self) -> None:
        """Let a paused child go on (``SIGCONT``)."""
        with self._signals:
            if self._paused:
                self._paused = False
                self._signal(signal.SIGCONT)

    @property
    def paused(self) -> bool:
        return self._paused

    def _signal(self, signum: int) -> None:
        if self._process is not None and self._process.pid is not None:
            with contextlib.suppress(ProcessLookupError):  # died: the sentinel says so
                os.kill(self._process.pid, signum)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def run(
        self,
        request: WorkRequest,
        timeout_s: float,
        *,
        while_paused: Callable[[], None] | None = None,
    ) -> SeriesAnalysis:
        """Analyse in the child; raise :class:`WorkerFailure` if it errs, dies or overruns
        ``timeout_s`` (time paused not counted), and :class:`WorkerStopped` if :meth:`stop`
        interrupted it. ``while_paused`` is called at each poll while the child is paused (the
        caller's heartbeat: a pause may outlast any timeout)."""
        if self._stopping:
            raise WorkerStopped("the analysis service is stopping")
        if self._process is None or not self._process.is_alive():
            self._replace()
        assert self._conn is not None and self._process is not None
        self._busy = True
        try:
            return self._run(request, timeout_s, while_paused)
        finally:
            self._busy = False

    def _run(
        self, request: WorkRequest, timeout_s: float, while_paused: Callable[[], None] | None
    ) -> SeriesAnalysis:
        assert self._conn is not None and self._process is not None
        self._conn.send(request)
        ready = self._wait(timeout_s, while_paused)
        if self._stopping:
            raise WorkerStopped("the analysis was interrupted because the service is stopping")
        if self._conn in ready:
            try:
                status, value = self._conn.recv()
            except EOFError:
                status, value = "died", None
            if status == "ok":
                return value  # type: ignore[no-any-return]
            if status == "error":
                raise WorkerFailure(str(value))
        if not ready:
            self._replace()
            raise WorkerFailure(f"the analysis took longer than {timeout_s:g} s and was stopped")
        self._process.join(timeout=5)
        code = self._process.exitcode
        self._replace()
        raise WorkerFailure(f"the analysis worker process died (exit code {code})")

    def _wait(
        self, timeout_s: float, while_paused: Callable[[], None] | None, poll_s: float = 0.5
    ) -> list[Any]:
        """Wait for the child's answer or death, up to ``timeout_s`` of time not paused."""
        assert self._conn is not None and self._process is not None
        waited: list[multiprocessing.connection.Connection | int] = [
            self._conn,
            self._process.sentinel,
        ]
        left = timeout_s
        while True:
            began = time.monotonic()
            ready = multiprocessing.connection.wait(waited, max(min(poll_s, left), 0.0))
            if ready or self._stopping:
                return ready
            if not self._paused:
                left -= time.monotonic() - began
            elif while_paused is not None:
                while_paused()
            if left <= 0:
                return ready

    def _replace(self) -> None:
        self._kill()
        self.restarts += 1
        self.start()

    def _kill(self) -> None:
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()  # SIGKILL ends a paused child too
            self._process.join(timeout=10)
        if self._conn is not None:
            self._conn.close()
        with self._signals:
            self._process, self._conn = None, None

    def stop(self, timeout_s: float = 5.0) -> None:
        """Ask the child to finish (after its current job, at most ``timeout_s``), then make sure
        it has. A job it was running ends in :class:`WorkerStopped`."""
        self._stopping = True
        self.resume()  # a paused child could not read the request to stop
        if self._process is not None and self._conn is not None and self._process.is_alive():
            with contextlib.suppress(BrokenPipeError, OSError):  # gone already: reaped below
                self._conn.send(_STOP)
            deadline = time.monotonic() + timeout_s
            while self._process.is_alive() and time.monotonic() < deadline:
                self._process.join(timeout=0.1)
        self._kill()
