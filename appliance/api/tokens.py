"""API tokens: creating, checking and revoking them in the catalogue.

A token is 32 random bytes, URL-safe base64, shown once when it is created; the catalogue keeps
only its SHA-256, so a copy of the DuckDB file gives nobody access. Each token has one role:
``technologist`` (worklist and status), ``clinician`` (adds patient data, queries and reports)
or ``admin`` (adds configuration, tokens and the audit log). ``scanside token create`` and the
API's ``POST /api/v1/tokens`` call :func:`create_token`; the auth middleware calls
:func:`lookup_token`. This module has no web framework in it, so the CLI can use it while the
service is stopped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import secrets
from pathlib import Path

from appliance.catalogue import api_tokens
from appliance.catalogue.api_tokens import TokenInfo
from appliance.catalogue.database import Database
from appliance.errors import ScanSideError

__all__ = [
    "LOCAL_ADMIN_NAME",
    "ROLES",
    "Principal",
    "TokenInfo",
    "create_token",
    "hash_token",
    "list_tokens",
    "lookup_token",
    "revoke_named",
    "role_allows",
    "write_token_file",
]

ROLES: tuple[str, ...] = ("technologist", "clinician", "admin")
"""Roles from least to most privileged; each role may do everything the ones before it may."""

LOCAL_ADMIN_NAME = "local-admin"
"""Name of the admin token the API creates at start for local command-line tools."""


@dataclasses.dataclass(frozen=True)
class Principal:
    """Who a request acts as: the token's id, name and role."""

    token_id: int
    name: str
    role: str


def role_allows(role: str, required: str) -> bool:
    """True when ``role`` is ``required`` or more privileged."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(required)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(db: Database, role: str, name: str) -> str:
    """Store a new token for ``name`` with ``role`` and return the token (shown only now)."""
    if role not in ROLES:
        raise ScanSideError(
            f"unknown role {role!r}: use one of {', '.join(ROLES)}", title="Invalid role"
        )
    if not name.strip() or len(name) > 100:
        raise ScanSideError("a token name must be 1-100 characters", title="Invalid token name")
    token = secrets.token_urlsafe(32)
    api_tokens.add_token(db, name.strip(), role, hash_token(token))
    return token


def lookup_token(db: Database, token: str) -> Principal | None:
    """The principal a (non-revoked) token stands for, or None."""
    found = api_tokens.live_token(db, hash_token(token))
    return Principal(found.token_id, found.name, found.role) if found else None


def revoke_named(db: Database, name: str) -> int:
    """Revoke every live token called ``name``; returns how many."""
    return api_tokens.revoke_named(db, name)


def list_tokens(db: Database) -> list[TokenInfo]:
    """Every token's id, name, role and dates (never the hash)."""
    return api_tokens.list_tokens(db)


def write_token_file(path: Path, token: str) -> None:
    """Write ``token`` to ``path`` readable by the owner only (mode 0600), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, (token + "\n").encode("ascii"))
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
