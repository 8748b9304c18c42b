"""Patient and study attributes that results inherit from the source images, made valid.

highdicom copies the Patient and General Study modules of the analysed images into the SR and
the SEG, as DICOM asks. Real scanners' and anonymisers' output is not always valid, and a result
must not fail validation (or a PACS's checks) for someone else's error. Two problems are handled,
both seen in the real Lung-PET-CT-Dx series:

- an optional reference sequence (Referenced Study / Performed Procedure Step) whose items lack
  the Type 1 Referenced SOP Class UID: such items are dropped, since the reference cannot be
  interpreted without it (an optional sequence left empty is removed, a Type 2 one stays);
- a Patient's Name in the retired single-component form: kept as received (it identifies the
  patient in the PACS), without highdicom's warning about it.

Called by :mod:`appliance.results.sr` and :mod:`appliance.results.seg`.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator

from pydicom.dataset import Dataset

__all__ = ["drop_incomplete_references", "inheriting_patient_name"]

_REFERENCE_SEQUENCES = ("ReferencedStudySequence", "ReferencedPerformedProcedureStepSequence")
_TYPE_2 = {"ReferencedPerformedProcedureStepSequence"}  # SR Document Series: present, may be empty


def drop_incomplete_references(dataset: Dataset) -> list[str]:
    """Remove reference items without a Referenced SOP Class UID; return what was removed."""
    removed: list[str] = []
    for keyword in _REFERENCE_SEQUENCES:
        if keyword not in dataset:
            continue
        items = dataset[keyword].value
        kept = [
            item
            for item in items
            if item.get("ReferencedSOPClassUID") and item.get("ReferencedSOPInstanceUID")
        ]
        if len(kept) != len(items):
            removed.append(f"{keyword}: {len(items) - len(kept)} item(s)")
        if kept or keyword in _TYPE_2:
            dataset[keyword].value = kept
        else:
            del dataset[keyword]  # an optional sequence may not be empty
    return removed


@contextlib.contextmanager
def inheriting_patient_name() -> Iterator[None]:
    """Build a result from images whose Patient's Name has a single component, quietly."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore",
            message=r"The string .* is unlikely to represent the intended person name",
            category=UserWarning,
        )
        yield
