"""The audit log reads back newest first, a page at a time, with its full length."""

from __future__ import annotations

from pathlib import Path

from appliance.catalogue import audit_log
from appliance.catalogue.database import open_database


def test_recent_rows_come_newest_first_with_the_total(tmp_path: Path) -> None:
    with open_database(tmp_path / "c.duckdb") as db:
        for n, status in enumerate((200, 403, 200)):
            audit_log.append(
                db, action="study.read", method="GET", path=f"/api/v1/studies/{n}",
                status_code=status, study_uid=str(n), token_id=7, token_name="dr-who",
                role="clinician",
            )  # fmt: skip
        page, total = audit_log.recent(db, limit=2, offset=1)
    assert total == 3
    assert [(r.study_uid, r.status_code) for r in page] == [("1", 403), ("0", 200)]
    assert page[0].audit_id > page[1].audit_id
    assert (page[0].token_name, page[0].role, page[0].client) == ("dr-who", "clinician", None)
