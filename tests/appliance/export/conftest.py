"""Fixtures for the export tests: a data directory holding a real CT series and its results.

The 20 real Lung-PET-CT-Dx slices of the results tests are imported through ``scanside import``
(the receiver's own path, from a folder of links: the shared files are never copied or changed),
analysed by hand (the results tests' findings), recorded in the catalogue and published (SR, SEG).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from appliance.catalogue.database import Database, open_database
from appliance.catalogue.findings import record_analysis
from appliance.cli import main
from appliance.config import AppConfig, StorageConfig, TriageConfig
from appliance.findings import SeriesAnalysis
from appliance.layout import DataLayout
from appliance.results.publisher import ResultsPublisher
from tests.appliance.results import conftest as results

ct_series = results.ct_series
analysis_with_findings = results.analysis_with_findings


@pytest.fixture
def data_dir(tmp_path: Path, analysis_with_findings: SeriesAnalysis) -> Path:
    """A data directory with the series, its findings and its results; no connection open."""
    links = tmp_path / "links"
    links.mkdir()
    for source in analysis_with_findings.source_files:
        (links / Path(source).name).symlink_to(source)
    data = tmp_path / "data"
    assert main(["import", str(links), "--data-dir", str(data)]) == 0
    layout = DataLayout.at(data).create()
    with open_database(layout.catalogue) as db:
        record_analysis(db, analysis_with_findings, TriageConfig())
        ResultsPublisher(db, layout, AppConfig(storage=StorageConfig(data_dir=str(data)))).publish(
            analysis_with_findings
        )
    return data


@pytest.fixture
def exported_data(data_dir: Path) -> Iterator[tuple[Database, DataLayout]]:
    layout = DataLayout.at(data_dir)
    with open_database(layout.catalogue) as db:
        yield db, layout
