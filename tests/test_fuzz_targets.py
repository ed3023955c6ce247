"""The fuzz targets (fuzz/targets.py) run on their seed corpus and on deterministic mutations of
it, so they cannot rot; any exception other than a PenaltiesError is a bug."""

from __future__ import annotations

import pytest

from fuzz.targets import TARGETS, inputs, mutate, run_one, seeds, smoke
from penalties import PenaltiesError
from penalties.io import load_policy, loads, loads_csv, loads_jsonl

LOADERS = {
    "json": loads,
    "csv": loads_csv,
    "jsonl": loads_jsonl,
    "policy": load_policy,
}


@pytest.mark.parametrize("target", list(TARGETS))
def test_the_seeds_are_valid_inputs(target: str) -> None:
    # Every seed loads (the corpus is valid) and runs through its target without error.
    assert set(LOADERS) == set(TARGETS)
    corpus = seeds(target)
    assert corpus
    for data in corpus:
        LOADERS[target](data)
        run_one(target, data)


@pytest.mark.parametrize("target", list(TARGETS))
def test_mutated_seeds_raise_only_penalties_errors(target: str) -> None:
    failures = smoke(target, runs=300, seed=7)
    assert not failures, failures[0][1] + f"\ninput: {failures[0][0][:500]!r}"


def test_the_mutations_are_deterministic_and_varied() -> None:
    first = list(inputs("csv", 50, seed=3))
    assert first == list(inputs("csv", 50, seed=3))
    assert len(set(first)) > 40


def test_a_broken_loader_would_be_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    import fuzz.targets

    def broken(data: bytes) -> None:
        if b"," in data:
            raise KeyError("boom")
        raise PenaltiesError("expected")

    monkeypatch.setitem(fuzz.targets.TARGETS, "csv", broken)
    failures = smoke("csv", runs=5)
    assert failures
    assert "KeyError: 'boom'" in failures[0][1]


def test_mutate_keeps_to_bytes() -> None:
    import random

    rng = random.Random(0)
    for _ in range(200):
        assert isinstance(mutate(rng, b"id,kind,at\n", [b"x"]), bytes)
