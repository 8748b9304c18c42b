"""The fuzz targets, for a bounded time in every test run, and every past finding replayed.

A longer run is ``python -m tests.fuzz TARGET --seconds 3600`` (``docs/fuzzing.md``). Inputs
that once broke a target live in ``findings/<target>/`` and must stay harmless.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.run import run
from tests.fuzz.targets import TARGETS

FINDINGS = Path(__file__).parent / "findings"
SECONDS = 3.0

# pydicom warns about every odd value it is fed; what the targets do with it is what counts.
pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_the_target_holds_its_contract_for_a_few_seconds(target: str) -> None:
    result = run(target, seconds=SECONDS, seed=0)
    assert result.finding is None, f"{result.summary()}; input {result.finding_input[:200]!r}"
    assert result.runs > 10


@pytest.mark.parametrize(
    "finding",
    sorted(FINDINGS.glob("*/*.bin")),
    ids=lambda path: f"{path.parent.name}/{path.stem}",
)
def test_a_past_finding_stays_fixed(finding: Path) -> None:
    TARGETS[finding.parent.name](finding.read_bytes())
