"""The built-in fuzzing loop: mutate the corpus for a bounded time, stop at the first finding."""

from __future__ import annotations

import dataclasses
import random
import time

from tests.fuzz.corpus import seeds
from tests.fuzz.mutate import mutate
from tests.fuzz.targets import TARGETS, FuzzFinding

__all__ = ["FuzzResult", "run"]


@dataclasses.dataclass
class FuzzResult:
    target: str
    runs: int
    seconds: float
    finding: FuzzFinding | None = None
    finding_input: bytes = b""

    def summary(self) -> str:
        outcome = f"FINDING: {self.finding}" if self.finding else "no finding"
        return f"{self.target}: {self.runs} runs in {self.seconds:.1f} s, {outcome}"


def run(target: str, *, seconds: float, seed: int = 0) -> FuzzResult:
    """Run ``target`` on its seeds, then on mutations of them, for about ``seconds``."""
    function = TARGETS[target]
    corpus = seeds(target)
    rng = random.Random(seed)
    started = time.monotonic()
    runs = 0
    pending = list(corpus)
    while True:
        if pending:
            data = pending.pop()
        else:
            if time.monotonic() - started >= seconds:
                break
            data = mutate(rng.choice(corpus), rng.choice(corpus), rng)
        runs += 1
        try:
            function(data)
        except FuzzFinding as finding:
            return FuzzResult(target, runs, time.monotonic() - started, finding, data)
    return FuzzResult(target, runs, time.monotonic() - started)
