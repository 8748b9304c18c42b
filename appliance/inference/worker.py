"""The analysis worker process: loads models once, then analyses one series per request.

:class:`WorkerProcess` is the parent's handle (used by :mod:`appliance.inference.dispatcher`):
it starts a ``spawn`` child, sends it a :class:`WorkRequest` over a pipe and waits for the
answer, the child's death or a timeout, whichever comes first. A child that dies (a crash in
native code, out of memory, ``os._exit``) or overruns is killed and replaced, so the receiver
and the other workers never notice; the request comes back as :class:`WorkerFailure` with the
reason. The child keeps one :class:`~appliance.inference.runtime.InferenceRuntime`, so ONNX
Runtime sessions are built on its first job and reused for all later ones.

What the child runs for a request is the *entry* function named ``"module:function"``
(default :func:`analyse_request`); tests name other real functions to make a worker crash or hang.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import logging
import multiprocessing
import multiprocessing.connection
import time
import traceback
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from appliance.config import InferenceConfig
from appliance.errors import AnalysisError, ScanSideError
from appliance.findings import SeriesAnalysis
from appliance.inference.pipeline import analyse_series
from appliance.inference.runtime import InferenceRuntime

__all__ = [
    "DEFAULT_ENTRY",
    "WorkRequest",
    "WorkerFailure",
    "WorkerGaveWay",
    "WorkerProcess",
    "WorkerStopped",
    "analyse_request",
]

log = logging.getLogger(__name__)

DEFAULT_ENTRY = "appliance.inference.worker:analyse_request"
_STOP = None


@dataclasses.dataclass(frozen=True)
class WorkRequest:
    """One series to analyse with one model."""

    files: tuple[str, ...]
    model_name: str
    model_version: str | None = None
    """A shadow version to run; None: the model's live version."""


class WorkerFailure(AnalysisError):
    """The worker could not produce an analysis: it raised, died or overran its time."""


class WorkerStopped(WorkerFailure):
    """The service is stopping: the job was interrupted, not failed (it is requeued at start)."""


class WorkerGaveWay(WorkerFailure):
    """A shadow analysis was stopped so that a live one waiting could run (it is requeued)."""


@dataclasses.dataclass(frozen=True)
class WorkerSettings:
    """What a worker child needs to build its runtime (picklable, for ``spawn``)."""

    inference: InferenceConfig
    cache_dir: str
    entry: str = DEFAULT_ENTRY


def analyse_request(request: WorkRequest, runtime: Any) -> SeriesAnalysis:
    """The default entry: the named model from the runtime, then the analysis pipeline."""
    model = runtime.nodule_model(request.model_name, request.model_version)
    return analyse_series(request.files, model)


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


def _child(conn: multiprocessing.connection.Connection, settings: WorkerSettings) -> None:
    """The child's loop: one request in, ``("ok", analysis)`` or ``("error", reason)`` out."""
    runtime = InferenceRuntime(config=settings.inference, cache_dir=Path(settings.cache_dir))
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

    def start(self) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_child, args=(child, self.settings), name="scanside-analysis", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def run(
        self,
        request: WorkRequest,
        timeout_s: float,
        *,
        give_way: Callable[[], bool] | None = None,
        poll_s: float = 0.5,
    ) -> SeriesAnalysis:
        """Analyse in the child; raise :class:`WorkerFailure` if it errs, dies or overruns, and
        :class:`WorkerStopped` if :meth:`stop` interrupted it.

        ``give_way`` is asked every ``poll_s`` seconds while the child works; when it answers
        True the child is killed and replaced and :class:`WorkerGaveWay` is raised (a shadow
        analysis making room for a live one).
        """
        if self._stopping:
            raise WorkerStopped("the analysis service is stopping")
        if self._process is None or not self._process.is_alive():
            self._replace()
        assert self._conn is not None and self._process is not None
        self._conn.send(request)
        ready = self._wait(timeout_s, give_way, poll_s)
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
        self, timeout_s: float, give_way: Callable[[], bool] | None, poll_s: float
    ) -> list[Any]:
        """Wait for the child's answer or death, up to ``timeout_s``, giving way if asked."""
        assert self._conn is not None and self._process is not None
        waited: list[multiprocessing.connection.Connection | int] = [
            self._conn,
            self._process.sentinel,
        ]
        if give_way is None:
            return multiprocessing.connection.wait(waited, timeout_s)
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            ready = multiprocessing.connection.wait(waited, max(min(poll_s, left), 0.0))
            if ready or left <= poll_s or self._stopping:
                return ready
            if give_way():
                self._replace()
                raise WorkerGaveWay("the shadow analysis gave way to a live one")

    def _replace(self) -> None:
        self._kill()
        self.restarts += 1
        self.start()

    def _kill(self) -> None:
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(timeout=10)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None

    def stop(self, timeout_s: float = 5.0) -> None:
        """Ask the child to finish (after its current job, at most ``timeout_s``), then make sure
        it has. A job it was running ends in :class:`WorkerStopped`."""
        self._stopping = True
        if self._process is not None and self._conn is not None and self._process.is_alive():
            with contextlib.suppress(BrokenPipeError, OSError):  # gone already: reaped below
                self._conn.send(_STOP)
            deadline = time.monotonic() + timeout_s
            while self._process.is_alive() and time.monotonic() < deadline:
                self._process.join(timeout=0.1)
        self._kill()
