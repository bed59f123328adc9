"""Work computed in a forked process while the build goes on: the same answer either way."""

from __future__ import annotations

import os

import pytest

from admin.freeze import workers
from admin.freeze.workers import computed_aside


@pytest.fixture(autouse=True)
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "worker_count", lambda: 2)  # fork even on a one-core runner


def test_the_result_is_worked_out_in_another_process_from_memory_as_the_block_began() -> None:
    parent = os.getpid()
    shared = {"value": 1}
    with computed_aside(lambda: (os.getpid(), shared["value"])) as result:
        shared["value"] = 2  # after the fork: the other process does not see it
        pid, value = result()
    assert pid != parent and value == 1


def test_a_failure_over_there_means_the_result_is_computed_here() -> None:
    parent = os.getpid()

    def only_here() -> int:
        if os.getpid() != parent:
            raise RuntimeError("fails in the forked process")
        return 42

    with computed_aside(only_here) as result:
        assert result() == 42


def test_a_forked_process_that_dies_means_the_result_is_computed_here() -> None:
    parent = os.getpid()

    def dies_there() -> int:
        if os.getpid() != parent:
            os._exit(3)
        return 7

    with computed_aside(dies_there) as result:
        assert result() == 7


def test_a_result_that_cannot_be_sent_is_computed_here() -> None:
    with computed_aside(lambda: lambda: 5) as result:  # a lambda does not pickle
        assert result()() == 5


def test_an_error_here_is_raised_here() -> None:
    def fails() -> int:
        raise ValueError("bad content")

    with pytest.raises(ValueError, match="bad content"), computed_aside(fails) as result:
        result()
