"""Phases of long steps are told to the listener of the run, in its language, and cost nothing without one."""

import pytest

from villagescore.i18n import use_language
from villagescore.progress import listening, phase


@pytest.fixture
def english():
    previous = use_language("en")
    yield
    use_language(previous)


class Recorder:
    def __init__(self):
        self.events = []

    def begin(self, label, total):
        self.events.append(("begin", label, total))

    def advance(self, done, total):
        self.events.append(("advance", done, total))

    def end(self):
        self.events.append(("end",))


def test_without_a_listener_a_phase_does_nothing():
    with phase("reading", total=3) as advance:
        advance(1, 3)  # ignored


def test_the_listener_hears_nested_phases_and_steps_in_order():
    rec = Recorder()
    with listening(rec):
        with phase("reading d.csv"):
            pass
        with phase("samples", total=10) as advance:
            advance(4, 10)
            with phase("inner"):
                pass
    assert rec.events == [("begin", "reading d.csv", None), ("end",), ("begin", "samples", 10),
                          ("advance", 4, 10), ("begin", "inner", None), ("end",), ("end",)]
    with phase("after"):  # the listener is gone once the block ends
        pass
    assert len(rec.events) == 7


def test_a_phase_ends_also_when_its_step_fails(english):
    rec = Recorder()
    try:
        with listening(rec), phase("validating"):
            raise ValueError("bad cell")
    except ValueError:
        pass
    assert rec.events == [("begin", "validating", None), ("end",)]


def test_reading_and_validating_a_dataset_are_phases(english, toy_registry, support_dir):
    from villagescore.datasets import read_dataset

    rec = Recorder()
    with listening(rec):
        read_dataset(support_dir / "toy.csv", toy_registry)
    assert [e[1] for e in rec.events if e[0] == "begin"] == ["reading toy.csv", "validating"]


def test_the_listener_gets_the_label_in_the_run_s_language_with_its_fields_filled_in():
    rec = Recorder()
    previous = use_language("vi")
    try:
        with listening(rec), phase("reading {file}", file="làng.csv"), phase("validating"):
            pass
    finally:
        use_language(previous)
    assert [e[1] for e in rec.events if e[0] == "begin"] == ["đang đọc làng.csv", "đang kiểm tra dữ liệu"]


def test_a_label_the_catalogue_does_not_know_is_shown_as_written(english):
    rec = Recorder()
    with listening(rec), phase("drying {what}", what="bamboo {strips}"), phase("my plugin's step {x}"):
        pass
    # fields are filled in once (a brace in a value stays); a label without fields is never formatted
    assert [e[1] for e in rec.events if e[0] == "begin"] == ["drying bamboo {strips}", "my plugin's step {x}"]
