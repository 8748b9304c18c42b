"""Which hosts and which patients an insertion evaluation uses: development comparisons stay
on training patients and candidate-training hosts, never a held-out host."""

from __future__ import annotations

import argparse

import pytest

from models.lung_nodule.evaluate_inserted import HOST_TRAIN_SEEDS, _assignments
from models.lung_nodule.lidc import DEFAULT_ROOT

needs_data = pytest.mark.skipif(
    not (DEFAULT_ROOT / "nodules.csv").is_file(), reason=f"LIDC crops not found at {DEFAULT_ROOT}"
)


@needs_data
def test_train_hosts_take_training_patients_and_no_held_out_host() -> None:
    args = argparse.Namespace(split="train", real=0, sim=0, train_hosts=4, per_host=3, seed=0)
    plan = _assignments(args)
    assert [(kind, index) for kind, index, _ in plan] == [("train", i) for i in range(4)]
    assert all(n.split == "train" for _, _, nodules in plan for n in nodules)
    assert all(len(nodules) == 3 for _, _, nodules in plan)


def test_candidate_training_hosts_are_not_the_classifier_s_own_seeds() -> None:
    assert min(HOST_TRAIN_SEEDS) > 150_499  # the shipped classifier trained on 150000-150499
