"""The analysis dispatcher: a Service component that turns queued jobs into catalogued findings.

``scanside serve`` adds an :class:`AnalysisDispatcher` to the :class:`~appliance.service.Service`.
For each of ``inference.workers`` worker processes (:mod:`appliance.inference.worker`) it runs one
thread that:

1. claims the oldest queued ``analyse_series`` job (:func:`appliance.catalogue.jobs.claim_next`);
2. reads the series' files (the latest version of each SOP instance) and its attributes from
   the catalogue (:mod:`appliance.catalogue.series_inputs`);
3. routes the series to a model (:meth:`ModelRepository.route`); none applies -> the job is
   ``skipped`` with the reasons;
4. analyses it in the worker process, apart from the receiver, with ``inference.job_timeout_s``;
5. compares it with the patient's latest earlier analysed chest CT
   (:func:`appliance.inference.priors.compare_with_priors`: tracks, growth, follow-up Lung-RADS),
   writes the result (:func:`appliance.catalogue.findings.record_analysis`), finishes the job and
   calls ``on_analysed(analysis)`` (where the results publisher plugs in);
6. queues a ``shadow_analysis`` job per shadow version of that model
   (``inference.shadow_versions``). Those run on a worker of their own
   (:class:`~appliance.inference.worker.WorkerProcess` with ``shadow=True``: lowest CPU priority),
   by a thread that starts one only while no live job is running or queued, and that worker is
   paused (``SIGSTOP``) from the moment a live job is claimed until no live job runs, so a live
   series never waits for, nor shares the CPU with, a shadow version (:class:`LiveGate`). Its
   answer is kept apart (:func:`appliance.catalogue.shadow.record_shadow_analysis`): no priors,
   no triage, no ``on_analysed``, so it reaches neither the worklist nor PACS nor the RIS;
7. switches a model's live version when the API asks (:meth:`AnalysisDispatcher.switch_live`):
   atomically, and for the next series, without a restart;
8. on an error, a crash or a timeout, records the failure: the job is retried until
   ``inference.max_attempts`` tries were made (default 2: retried once), then stays ``failed``
   with the reason.

A job interrupted by :meth:`AnalysisDispatcher.stop` stays ``running`` and is requeued when the
dispatcher starts again (:func:`appliance.catalogue.jobs.requeue_interrupted`); that try still
counts as one attempt.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from appliance.catalogue import jobs
from appliance.catalogue.database import Database
from appliance.catalogue.findings import FinishedJob, record_analysis
from appliance.catalogue.series_inputs import routing_row, series_paths
from appliance.catalogue.shadow import record_shadow_analysis
from appliance.config import AppConfig
from appliance.errors import ScanSideError
from appliance.findings import SeriesAnalysis
from appliance.inference.model_switch import Audit, Choose, Switched, switch_live
from appliance.inference.pacs_priors import MoveTarget, issuer_of, remote_priors
from appliance.inference.priors import Remote, compare_with_priors
from appliance.inference.repository import SeriesAttributes, parse_version_ref, repository_for
from appliance.inference.worker import (
    DEFAULT_ENTRY,
    WorkerFailure,
    WorkerProcess,
    WorkerSettings,
    WorkerStopped,
    WorkRequest,
)
from appliance.layout import DataLayout
from appliance.watchdog import Heartbeats

__all__ = ["AnalysisDispatcher", "LiveGate", "series_attributes", "series_files"]

log = logging.getLogger(__name__)
_IDLE_ALLOWANCE_S = 60.0
"""Slack on each analysis thread's heartbeat: a catalogue query may wait on the writer."""

OnAnalysed = Callable[[SeriesAnalysis], None]


def series_files(db: Database, series_uid: str, data_dir: Path) -> list[str]:
    """Absolute paths of the series' instances, the latest version of each SOP instance."""
    return [str(data_dir / path) for path in series_paths(db, series_uid)]


def series_attributes(db: Database, series_uid: str) -> SeriesAttributes:
    """What routing looks at, from the catalogue's ``series`` row (and its study's)."""
    row = routing_row(db, series_uid)
    if row is None:
        return SeriesAttributes(modality="")
    return SeriesAttributes(
        modality=row.modality or "",
        body_part=row.body_part or "",
        series_description=row.description or "",
        slice_count=int(row.instance_count or 0),
        slice_thickness_mm=float(row.slice_thickness_mm or 0.0),
        protocol_name=row.protocol_name or "",
        study_description=row.study_description or "",
    )


class LiveGate:
    """Counts the live analyses running; while there is one, the shadow worker is paused.

    A live thread wraps each live job in :meth:`live`: the first one in pauses the shadow
    worker before its series is sent to its own worker, the last one out resumes it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._shadows: list[WorkerProcess] = []

    def add_shadow_worker(self, worker: WorkerProcess) -> None:
        with self._lock:
            self._shadows.append(worker)
            if self._running:
                worker.pause()

    @property
    def busy(self) -> bool:
        """Whether a live analysis is running now."""
        return self._running > 0

    @contextlib.contextmanager
    def live(self) -> Iterator[None]:
        with self._lock:
            self._running += 1
            if self._running == 1:
                for worker in self._shadows:
                    worker.pause()
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                if self._running == 0:
                    for worker in self._shadows:
                        worker.resume()


@dataclasses.dataclass
class _Counters:
    done: int = 0
    failed_tries: int = 0
    skipped: int = 0
    last_error: str | None = None
    running: dict[int, str] = dataclasses.field(default_factory=dict)


class AnalysisDispatcher:
    """Claims analysis jobs and runs them in worker processes (see the module doc)."""

    name = "analysis"

    def __init__(
        self,
        db: Database,
        config: AppConfig,
        *,
        on_analysed: OnAnalysed | None = None,
        entry: str = DEFAULT_ENTRY,
        poll_interval_s: float = 0.5,
        heartbeats: Heartbeats | None = None,
    ) -> None:
        self.db = db
        self.heartbeats = heartbeats
        self.config = config
        self.on_analysed = on_analysed
        self.poll_interval_s = poll_interval_s
        self.repository = repository_for(config.inference)
        cache = DataLayout.at(config.storage.data_dir).run / "tensorrt-cache"
        self._settings = WorkerSettings(config.inference, str(cache), entry)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._workers: list[WorkerProcess] = []
        self._shadow_worker: WorkerProcess | None = None
        self.gate = LiveGate()
        self._models_lock = threading.Lock()
        """Held while the live versions are read for a job, and across a switch."""
        self._counters = _Counters()
        self._lock = threading.Lock()

    def start(self) -> None:
        requeued = jobs.requeue_interrupted(self.db)
        if requeued:
            log.info("requeued %d analysis job(s) interrupted by a restart", requeued)
        self._stop.clear()
        for n in range(self.config.inference.workers):
            self._start_thread(WorkerProcess(self._settings), f"analysis-{n}", self._loop)
        if self.config.inference.shadow_versions:
            shadow = WorkerProcess(dataclasses.replace(self._settings, shadow=True))
            self._shadow_worker = shadow
            self.gate.add_shadow_worker(shadow)
            self._start_thread(shadow, "analysis-shadow", self._shadow_loop)

    def _start_thread(
        self, worker: WorkerProcess, name: str, loop: Callable[[WorkerProcess, str], None]
    ) -> None:
        worker.start()
        thread = threading.Thread(target=loop, args=(worker, name), name=name, daemon=True)
        self._workers.append(worker)
        self._threads.append(thread)
        thread.start()

    def stop(self) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.stop()
        for thread in self._threads:
            thread.join(timeout=10)
        self._threads.clear()
        self._workers.clear()
        self._shadow_worker = None

    def status(self) -> dict[str, Any]:
        with self._lock:
            c = self._counters
            shadow = self._shadow_worker
            return {
                "workers": len([w for w in self._workers if w is not shadow]),
                "worker_pids": [w.pid for w in self._workers if w is not shadow],
                "worker_restarts": sum(w.restarts for w in self._workers),
                "running": dict(c.running),
                "done": c.done,
                "skipped": c.skipped,
                "failed_tries": c.failed_tries,
                "shadow_worker_pid": shadow.pid if shadow is not None else None,
                "shadow_paused": shadow.paused if shadow is not None else False,
                "shadow_pauses": shadow.pauses if shadow is not None else 0,
                "last_error": c.last_error,
                "jobs": jobs.counts_by_state(self.db),
            }

    def switch_live(self, name: str, choose: Choose, audit: Audit) -> Switched:
        """Switch ``name``'s live version inside the running service
        (:func:`appliance.inference.model_switch.switch_live`) and read the repository again,
        both under the lock a live job takes to read its version: a job that started before
        finishes with the old version, the next series is analysed by the new one (its worker
        loads it on first use), and no series sees the pointer switched but not the routing."""
        with self._models_lock:
            done = switch_live(self.config.inference, name, choose, audit)
            if done.changed:
                self.repository = repository_for(self.config.inference)
        if done.changed:
            log.info("%s %s is live (was %s)", name, done.after, done.before)
        return done

    def _loop(self, worker: WorkerProcess, name: str) -> None:
        """A live thread: live analyses only, each inside :meth:`LiveGate.live`."""
        while not self._stop.is_set():
            self._beat(name, self.poll_interval_s + _IDLE_ALLOWANCE_S)
            job = self._claim(jobs.ANALYSE_SERIES)
            if job is None:
                self._stop.wait(self.poll_interval_s)
                continue
            self._beat(name, self.config.inference.job_timeout_s * 2 + _IDLE_ALLOWANCE_S)
            with self.gate.live():
                self._run(job, worker)
        if self.heartbeats is not None:
            self.heartbeats.forget(name)

    def _shadow_loop(self, worker: WorkerProcess, name: str) -> None:
        """The shadow thread: a shadow job starts only while no live job runs or waits; a live
        job claimed meanwhile pauses its worker (the thread beats while it waits paused)."""
        while not self._stop.is_set():
            self._beat(name, self.poll_interval_s + _IDLE_ALLOWANCE_S)
            job = None
            if not self.gate.busy and not self._live_waiting():
                job = self._claim(jobs.SHADOW_ANALYSIS)
            if job is None:
                self._stop.wait(self.poll_interval_s)
                continue
            self._beat(name, self.config.inference.job_timeout_s * 2 + _IDLE_ALLOWANCE_S)
            self._run(job, worker)
        if self.heartbeats is not None:
            self.heartbeats.forget(name)

    def _claim(self, kind: str) -> jobs.Job | None:
        try:
            return jobs.claim_next(self.db, kind)
        except ScanSideError:
            log.exception("cannot claim analysis jobs")
            return None

    def _live_waiting(self) -> bool:
        try:
            return jobs.has_queued(self.db, jobs.ANALYSE_SERIES)
        except ScanSideError:
            log.exception("cannot read the analysis queue")
            return True

    def _beat(self, name: str, within_s: float) -> None:
        """Tell the systemd watchdog this thread is alive (see :mod:`appliance.watchdog`)."""
        if self.heartbeats is not None:
            self.heartbeats.beat(name, within_s=within_s)

    def _run(self, job: jobs.Job, worker: WorkerProcess) -> None:
        series_uid = job.series_uid or ""
        with self._lock:
            self._counters.running[job.job_id] = series_uid
        try:
            if job.kind == jobs.SHADOW_ANALYSIS:
                self._analyse_shadow(job, series_uid, worker)
            else:
                self._analyse(job, series_uid, worker)
        except WorkerStopped:
            log.info(
                "analysis job %d interrupted by shutdown; requeued at the next start", job.job_id
            )
        except (WorkerFailure, ScanSideError) as exc:
            self._failed(job, str(exc))
        finally:
            with self._lock:
                self._counters.running.pop(job.job_id, None)

    def _analyse(self, job: jobs.Job, series_uid: str, worker: WorkerProcess) -> None:
        attributes = series_attributes(self.db, series_uid)
        with self._models_lock:  # the live versions now; a switch waits for this line
            repository = self.repository
        models = repository.route(attributes, self.config.inference.enabled_models)
        if not models:
            reasons = {
                m.name: m.routing.reasons_to_skip(attributes)
                for m in (repository.get(n) for n in repository.names())
            }
            jobs.skip(self.db, job.job_id, f"no model applies to this series: {reasons}")
            with self._lock:
                self._counters.skipped += 1
            return
        files = series_files(self.db, series_uid, DataLayout.at(self.config.storage.data_dir).root)
        request = WorkRequest(tuple(files), models[0].name, models[0].version)
        analysis = worker.run(request, self.config.inference.job_timeout_s)
        analysis = compare_with_priors(
            self.db, analysis, self.config.followup, remote=self._remote_priors(files)
        )
        self._queue_shadows(analysis)  # before the finish: the queue is never seen empty between
        record_analysis(
            self.db,
            analysis,
            self.config.triage,
            job=FinishedJob(job.job_id, {
                "model": analysis.model_name,
                "model_version": analysis.model_version,
                "findings": len(analysis.findings),
                "lung_rads": analysis.lung_rads,
                "timings_s": analysis.timings_s,
                "preprocessing": analysis.preprocessing,
                "micronodules_not_reported": analysis.micronodules,
                "mode": analysis.mode,
                "limitations": list(analysis.limitations),
                "validation_warnings": list(analysis.validation_warnings),
                "inputs": analysis.inputs,
                "comparison": analysis.comparison,
            }),
        )  # fmt: skip
        with self._lock:
            self._counters.done += 1
        self._publish(analysis)

    def _queue_shadows(self, analysis: SeriesAnalysis) -> None:
        """Queue each shadow version of the model that analysed the series."""
        for manifest in self.repository.shadows(analysis.model_name):
            jobs.enqueue(
                self.db,
                jobs.SHADOW_ANALYSIS,
                study_uid=analysis.study_uid,
                series_uid=analysis.series_uid,
                model=f"{manifest.name}@{manifest.version}",
            )

    def _analyse_shadow(self, job: jobs.Job, series_uid: str, worker: WorkerProcess) -> None:
        """Run a shadow version and keep its answer apart: no priors, no triage, no publishing
        (:mod:`appliance.catalogue.shadow`)."""
        name, version = parse_version_ref(job.model or "", f"job {job.job_id}")
        with self._models_lock:
            live = self.repository.get(name).version
        if version == live:
            jobs.skip(self.db, job.job_id, f"{name} {version} was promoted and is live now")
            return
        files = series_files(self.db, series_uid, DataLayout.at(self.config.storage.data_dir).root)
        request = WorkRequest(tuple(files), name, version)
        thread = threading.current_thread().name
        within_s = self.config.inference.job_timeout_s * 2 + _IDLE_ALLOWANCE_S
        analysis = worker.run(
            request,
            self.config.inference.job_timeout_s,
            while_paused=lambda: self._beat(thread, within_s),  # a pause has no time limit
        )
        record_shadow_analysis(self.db, analysis)
        jobs.finish(
            self.db,
            job.job_id,
            {
                "model": analysis.model_name,
                "model_version": analysis.model_version,
                "shadow": True,
                "findings": len(analysis.findings),
                "lung_rads": analysis.lung_rads,
                "timings_s": analysis.timings_s,
            },
        )
        with self._lock:
            self._counters.done += 1

    def _remote_priors(self, files: list[str]) -> Remote | None:
        """The PACS asked for priors (``followup.pacs_priors``), or None. A C-MOVE sends to our
        own Storage SCP, where the moved instances are found through the catalogue; the
        series' own IssuerOfPatientID (from its first file) makes the query issuer-aware."""
        names = self.config.followup.pacs_priors
        if not names:
            return None
        pacs = tuple(d for d in self.config.pacs.destinations if d.name in names)
        root = DataLayout.at(self.config.storage.data_dir).root
        move_to = MoveTarget(
            self.config.dicom.ae_title,
            lambda series_uid: [Path(f) for f in series_files(self.db, series_uid, root)],
        )
        return remote_priors(
            pacs, calling_ae=self.config.dicom.ae_title,
            timeout_s=self.config.followup.pacs_timeout_s, move_to=move_to,
            issuer=issuer_of(Path(files[0])) if files else "",
        )  # fmt: skip

    def _publish(self, analysis: SeriesAnalysis) -> None:
        if self.on_analysed is None:
            return
        try:
            self.on_analysed(analysis)
        except Exception as exc:  # the job is done; a publishing failure is reported, not retried
            log.exception("on_analysed failed for series %s", analysis.series_uid)
            with self._lock:
                self._counters.last_error = f"publishing {analysis.series_uid}: {exc}"

    def _failed(self, job: jobs.Job, reason: str) -> None:
        state = jobs.fail(
            self.db, job.job_id, reason, max_attempts=self.config.inference.max_attempts
        )
        log.warning(
            "analysis job %d (series %s) failed, now %s: %s",
            job.job_id,
            job.series_uid,
            state,
            reason,
        )
        with self._lock:
            self._counters.failed_tries += 1
            self._counters.last_error = reason
