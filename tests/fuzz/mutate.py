"""A small, seeded byte mutator, for when atheris (libFuzzer) is not installed.

It does what matters most for length-prefixed formats like DICOM: overwrite lengths with
boundary values, flip and insert bytes, cut the input short, duplicate or drop a chunk, and
splice two inputs. Deterministic for a given seed, so a finding replays.
"""

from __future__ import annotations

import random
import struct

__all__ = ["mutate"]

_INTERESTING_32 = (0, 1, 2, 0x7F, 0x80, 0xFF, 0xFFFF, 0x10000, 0x7FFFFFFF, 0xFFFFFFFE, 0xFFFFFFFF)
_INTERESTING_16 = (0, 1, 0x7F, 0x80, 0xFF, 0xFFFF)


def _overwrite_length(data: bytearray, rng: random.Random) -> None:
    if len(data) < 4:
        return
    at = rng.randrange(len(data) - 3)
    if rng.random() < 0.5:
        data[at : at + 4] = struct.pack(rng.choice("<>") + "L", rng.choice(_INTERESTING_32))
    else:
        data[at : at + 2] = struct.pack(rng.choice("<>") + "H", rng.choice(_INTERESTING_16))


def _flip(data: bytearray, rng: random.Random) -> None:
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)


def _insert(data: bytearray, rng: random.Random) -> None:
    at = rng.randrange(len(data) + 1)
    data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))


def _truncate(data: bytearray, rng: random.Random) -> None:
    if data:
        del data[rng.randrange(len(data)) :]


def _chunk(data: bytearray, rng: random.Random) -> None:
    if len(data) < 2:
        return
    start = rng.randrange(len(data) - 1)
    stop = min(len(data), start + rng.randint(1, 256))
    if rng.random() < 0.5:
        data[stop:stop] = data[start:stop]
    else:
        del data[start:stop]


_MUTATIONS = (_overwrite_length, _overwrite_length, _flip, _insert, _truncate, _chunk)


def mutate(data: bytes, other: bytes, rng: random.Random) -> bytes:
    """One to four mutations of ``data``, sometimes spliced with ``other`` first."""
    out = bytearray(data)
    if other and rng.random() < 0.1:
        cut = rng.randrange(len(out) + 1)
        out[cut:] = other[rng.randrange(len(other)) :]
    for _ in range(rng.randint(1, 4)):
        rng.choice(_MUTATIONS)(out, rng)
    return bytes(out)
