"""Writing the results of one analysed series into a folder: SR, SEG and text summary.

``scanside analyze PATH --out DIR`` calls :func:`write_result_files`; the publisher calls it
to file results under the data directory before they go to the outbox. The SEG is made first
(when some finding has a mask) so the SR's measurement groups can point at its segments;
without it, each finding's region in the SR is a 3D point at its centre.

File names are ``<series UID>.sr.dcm``, ``<series UID>.seg.dcm`` and ``<series UID>.txt``:
one set per series, a newer analysis replacing the older files.
"""

from __future__ import annotations

from pathlib import Path

from appliance.findings import SeriesAnalysis
from appliance.results.durable import dicom_bytes, safe_stem, write_durably
from appliance.results.seg import build_seg
from appliance.results.sources import read_source_headers
from appliance.results.sr import build_sr
from appliance.results.summary import render_summary

__all__ = ["write_result_files"]


def write_result_files(
    analysis: SeriesAnalysis, out_dir: str | Path, *, priority: str | None = None
) -> list[Path]:
    """Write the SR, the SEG (if any finding has a mask) and the summary; return their paths.

    Raises :class:`~appliance.errors.ResultsError` when the source images cannot be read or a
    finding cannot be coded; nothing half-written is left behind.
    """
    folder = Path(out_dir)
    stem = safe_stem(analysis.series_uid)
    sources = read_source_headers(analysis)
    seg = build_seg(analysis, sources) if analysis.findings else None
    sr = build_sr(analysis, sources, segmentation=seg)
    written = [write_durably(folder / f"{stem}.sr.dcm", dicom_bytes(sr))]
    if seg is not None:
        written.append(write_durably(folder / f"{stem}.seg.dcm", dicom_bytes(seg)))
    summary = render_summary(analysis, priority=priority, sources=sources)
    written.append(write_durably(folder / f"{stem}.txt", summary.encode("ascii", "replace")))
    return written
