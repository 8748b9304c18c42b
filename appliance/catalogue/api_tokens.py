"""The ``api_tokens`` table: storing, finding, revoking and listing API tokens by their hash.

The rules (roles, names, generating the token, hashing it) are :mod:`appliance.api.tokens`'s;
this module only reads and writes the rows. The catalogue keeps a token's SHA-256, never the
token, and nothing here returns the hash.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from appliance.catalogue.database import Database

__all__ = ["LiveToken", "TokenInfo", "add_token", "list_tokens", "live_token", "revoke_named"]


@dataclasses.dataclass(frozen=True)
class LiveToken:
    """A token that has not been revoked: who holds it and with which role."""

    token_id: int
    name: str
    role: str


@dataclasses.dataclass(frozen=True)
class TokenInfo:
    """A token as an admin sees it: its id, holder, role and dates (never its hash)."""

    token_id: int
    name: str
    role: str
    created_at: datetime
    revoked_at: datetime | None


def add_token(db: Database, name: str, role: str, token_sha256: str) -> None:
    """Store a new token's hash for ``name`` with ``role``."""
    db.execute(
        "INSERT INTO api_tokens (name, role, token_sha256) VALUES (?, ?, ?)",
        [name, role, token_sha256],
    )


def live_token(db: Database, token_sha256: str) -> LiveToken | None:
    """The token with this hash, unless it is revoked or unknown."""
    rows = db.execute(
        "SELECT token_id, name, role FROM api_tokens WHERE token_sha256 = ? AND revoked_at IS NULL",
        [token_sha256],
    )
    if not rows:
        return None
    token_id, name, role = rows[0]
    return LiveToken(int(token_id), str(name), str(role))


def revoke_named(db: Database, name: str) -> int:
    """Revoke every live token called ``name``; returns how many."""
    rows = db.execute(
        "UPDATE api_tokens SET revoked_at = current_timestamp "
        "WHERE name = ? AND revoked_at IS NULL RETURNING token_id",
        [name],
    )
    return len(rows)


def list_tokens(db: Database) -> list[TokenInfo]:
    """Every token, oldest first."""
    rows = db.execute(
        "SELECT token_id, name, role, created_at, revoked_at FROM api_tokens ORDER BY token_id"
    )
    return [TokenInfo(*row) for row in rows]
