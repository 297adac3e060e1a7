"""villagescore.store.text: the words of the store interface."""

from villagescore.store.text import option_flags


def test_option_flags_are_written_as_typed_on_the_command_line():
    assert option_flags({}) == ""
    assert option_flags({"keep_going": True, "as_of": "2025-06-30", "villages": ["a", "b"]}) == (
        "--as-of 2025-06-30 --keep-going --villages a b")
