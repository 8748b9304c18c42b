"""A scanner simulator: synthetic chest CT studies with known nodules, as DICOM or as arrays.

It is the demo's scanner (``scanside simulate --send``), the tests' data and the reference
model's training data (``models/lung_nodule``). Entry points:

* :func:`simulate_study` renders a study (HU volume, geometry, per-nodule truth, nodule labels);
* :func:`write_series` writes it as a CT Image Storage series plus ``truth.json``;
* :func:`study_datasets` / :func:`send_datasets` send it by C-STORE over one association.
"""

from appliance.simulate.anatomy import LOBES, ChestAnatomy
from appliance.simulate.dicom_writer import SeriesUids, study_datasets, write_series
from appliance.simulate.geometry import ScanGeometry
from appliance.simulate.nodules import NoduleTruth
from appliance.simulate.sender import send_datasets
from appliance.simulate.study import PatientInfo, SimulatedStudy, simulate_study

__all__ = [
    "LOBES",
    "ChestAnatomy",
    "NoduleTruth",
    "PatientInfo",
    "ScanGeometry",
    "SeriesUids",
    "SimulatedStudy",
    "send_datasets",
    "simulate_study",
    "study_datasets",
    "write_series",
]
