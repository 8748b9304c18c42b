"""The system screen lists the RIS and the EHR beside the PACS, with their state."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.console import Console

from appliance.health.snapshot import HealthSnapshot
from appliance.tui.app import _system_table


def test_the_system_table_shows_the_ris_and_the_ehr_beside_the_pacs() -> None:
    system = {
        "pacs": [{"name": "main-pacs", "reachable": True, "last_contact_at": None}],
        "message_destinations": [
            {"name": "ris", "kind": "hl7", "reachable": False, "pending": 2},
            {"name": "ehr", "kind": "fhir", "reachable": None},
        ],
    }
    console = Console(width=120, record=True)
    console.print(_system_table(HealthSnapshot.from_json(system), datetime.now(UTC)))
    lines = console.export_text().splitlines()

    assert any("PACS" in line and "main-pacs reachable" in line for line in lines)
    assert any(
        "RIS (HL7)" in line and "ris UNREACHABLE" in line and "pending 2" in line for line in lines
    )
    assert any("EHR (FHIR)" in line and "ehr not tried yet" in line for line in lines)
