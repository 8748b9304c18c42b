"""The durable store: names from a hash, duplicates, versions, and a full disk."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from appliance.errors import OutOfSpaceError
from appliance.ingest.store import InstanceStore, version_of
from appliance.layout import DataLayout


def _store(tmp_path: Path, min_free_mb: int = 0) -> InstanceStore:
    return InstanceStore(DataLayout.at(tmp_path).create(), min_free_mb=min_free_mb)


def test_the_file_name_is_the_sha256_of_the_uid_never_the_uid(tmp_path: Path) -> None:
    store = _store(tmp_path)
    uid = "1.2.840.99999.1"
    stored = store.put(b"\x00" * 128 + b"DICMdata", uid)
    key = hashlib.sha256(uid.encode()).hexdigest()
    assert stored.path == f"store/{key[:2]}/{key}.dcm"
    assert (tmp_path / stored.path).read_bytes().endswith(b"DICMdata")
    assert list(store.layout.incoming.iterdir()) == []


def test_a_hostile_uid_cannot_leave_the_store(tmp_path: Path) -> None:
    store = _store(tmp_path)
    stored = store.put(b"payload", "../../../../etc/cron.d/evil")
    target = (tmp_path / stored.path).resolve()
    assert target.is_relative_to(store.layout.store)
    assert version_of(target) == 1


def test_the_same_content_twice_is_one_file(tmp_path: Path) -> None:
    store = _store(tmp_path)
    first = store.put(b"same bytes", "1.2.3")
    second = store.put(b"same bytes", "1.2.3")
    assert not first.duplicate and second.duplicate
    assert second.path == first.path
    assert len(list(store.layout.store.rglob("*.dcm"))) == 1


def test_other_content_under_the_same_uid_is_a_new_version(tmp_path: Path) -> None:
    store = _store(tmp_path)
    first = store.put(b"first", "1.2.3")
    second = store.put(b"second, corrected", "1.2.3")
    again = store.put(b"first", "1.2.3")
    assert (first.version, second.version) == (1, 2)
    assert second.path.endswith(".v2.dcm")
    assert again.duplicate and again.version == 1
    assert {version_of(p) for p in store.layout.store.rglob("*.dcm")} == {1, 2}


def test_below_the_free_space_threshold_nothing_is_written(tmp_path: Path) -> None:
    store = _store(tmp_path, min_free_mb=10**9)
    with pytest.raises(OutOfSpaceError, match="min_free_mb"):
        store.put(b"image", "1.2.3")
    assert list(store.layout.store.rglob("*.dcm")) == []
    assert list(store.layout.incoming.iterdir()) == []


def test_leftovers_in_incoming_are_cleared(tmp_path: Path) -> None:
    store = _store(tmp_path)
    (store.layout.incoming / "abc.part").write_bytes(b"half an image")
    assert store.clear_incoming() == 1
    assert list(store.layout.incoming.iterdir()) == []
