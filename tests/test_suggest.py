"""Did you mean …: the known names closest to a slip."""


def test_close_matches_give_the_nearly_best_first_and_ties_in_alphabetical_order():
    from villagescore.suggest import close_matches, closest

    known = ["qcvn-40-2025", "qcvn-05-2023", "qcvn-40-2011", "qcvn-08-2023"]
    assert close_matches("qcvn-40-2012", known) == ["qcvn-40-2011", "qcvn-40-2025"]
    assert closest("qcvn-40-2012", known) == "qcvn-40-2011"
    assert close_matches("categorial", ["linear", "categorical", "bands"]) == ["categorical"]
    assert close_matches("magic", ["linear", "categorical", "bands"]) == []
    assert closest("dye_env", ["dye_environment"], cutoff=0.8) is None


def test_a_slip_in_capitals_gets_the_name_it_is_in_any_case():
    """Fourteenth walk: 'HOUSEHOLDS_TOTAL' got no did-you-mean ('Households_Total' did)."""
    from villagescore.suggest import close_matches, closest

    known = ["households_total", "households_craft", "name"]
    assert closest("HOUSEHOLDS_TOTAL", known) == "households_total"
    assert close_matches("Households_Craft", known) == ["households_craft"]


def test_names_that_differ_only_in_case_are_told_apart_by_case():
    """Fourteenth walk: closest('x_notes', ['x_Note', 'x_note']) named 'x_Note' (capitals sort first)."""
    from villagescore.suggest import close_matches, closest

    known = ["x_Note", "x_note"]
    assert closest("x_notes", known) == "x_note"
    assert closest("x_Notes", known) == "x_Note"
    assert closest("X_NOTE", known) == "x_note"  # all capitals: the case says nothing
    assert closest("x_NOTE", ["x_Note", "x_NOTE", "x_note"]) == "x_NOTE"
    assert close_matches("x_notes", list(reversed(known))) == ["x_note", "x_Note"]
