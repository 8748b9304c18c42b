"""The api_tokens rows: a token is found by its hash until it is revoked, revoking by name
revokes every live token of that name, and the list never carries the hash."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from appliance.catalogue import api_tokens
from appliance.catalogue.api_tokens import LiveToken, TokenInfo
from appliance.catalogue.database import open_database


def test_a_stored_token_is_found_by_its_hash_until_revoked(tmp_path: Path) -> None:
    with open_database(tmp_path / "c.duckdb") as db:
        api_tokens.add_token(db, "dr-who", "clinician", "a" * 64)
        api_tokens.add_token(db, "dr-who", "admin", "b" * 64)
        found = api_tokens.live_token(db, "a" * 64)
        assert found == LiveToken(found.token_id if found else 0, "dr-who", "clinician")
        assert api_tokens.live_token(db, "c" * 64) is None
        assert api_tokens.revoke_named(db, "dr-who") == 2
        assert api_tokens.revoke_named(db, "dr-who") == 0
        assert api_tokens.live_token(db, "a" * 64) is None


def test_the_list_names_each_token_oldest_first_without_its_hash(tmp_path: Path) -> None:
    with open_database(tmp_path / "c.duckdb") as db:
        api_tokens.add_token(db, "scanner-room", "technologist", "a" * 64)
        api_tokens.add_token(db, "leaver", "clinician", "b" * 64)
        api_tokens.revoke_named(db, "leaver")
        listed = api_tokens.list_tokens(db)
    assert [(t.name, t.role, t.revoked_at is None) for t in listed] == [
        ("scanner-room", "technologist", True),
        ("leaver", "clinician", False),
    ]
    assert listed[0].token_id < listed[1].token_id
    assert "token_sha256" not in {f.name for f in dataclasses.fields(TokenInfo)}
    assert dataclasses.is_dataclass(listed[0])
