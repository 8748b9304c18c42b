"""``python -m tests.fuzz TARGET [--seconds N] [--seed S]``: fuzz one target.

With atheris installed (``pip install atheris``) and ``--atheris``, libFuzzer drives the target
with coverage feedback, seeded from the corpus written to ``--corpus-dir``; otherwise the
seeded mutation loop of :func:`run` does. A finding is written to ``fuzz-finding-*.bin`` and
the exit status is 1. See ``docs/fuzzing.md``.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from tests.fuzz.corpus import seeds
from tests.fuzz.run import run
from tests.fuzz.targets import TARGETS


def _atheris(target: str, corpus_dir: Path, seconds: float) -> int:
    import atheris  # type: ignore[import-not-found]  # noqa: PLC0415 - optional

    corpus_dir.mkdir(parents=True, exist_ok=True)
    for n, seed in enumerate(seeds(target)):
        (corpus_dir / f"seed-{n:04d}").write_bytes(seed)
    function = TARGETS[target]
    atheris.Setup(
        [sys.argv[0], str(corpus_dir), f"-max_total_time={int(seconds)}"],
        lambda data: function(bytes(data)),
    )
    atheris.Fuzz()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("target", choices=sorted(TARGETS))
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--atheris", action="store_true", help="use libFuzzer via atheris")
    parser.add_argument("--corpus-dir", type=Path, default=Path("fuzz-corpus"))
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # pydicom warns on every odd value it is fed
    if args.atheris:
        return _atheris(args.target, args.corpus_dir / args.target, args.seconds)
    result = run(args.target, seconds=args.seconds, seed=args.seed)
    print(result.summary())
    if result.finding is not None:
        path = Path(f"fuzz-finding-{args.target}-{args.seed}.bin")
        path.write_bytes(result.finding_input)
        print(f"input written to {path}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
