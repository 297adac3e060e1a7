"""A catalogue's indicators requiring fields nothing declares: each one named, with its near miss."""

from villagescore.catalogue.requires import unknown_required_fields


def test_a_field_the_file_or_an_installed_plugin_declares_is_known():
    doc = {"fields": [{"id": "own"}], "indicators": [{"id": "x.share", "requires": ["own", "installed", "ownn"]}]}
    (found,) = unknown_required_fields(doc, "c.yaml", ["installed"])
    assert found.where == "$.indicators[0].requires[2]"
    assert found.message.startswith("indicator 'x.share' requires unknown field 'ownn' (did you mean 'own'?)")
    assert "chỉ số 'x.share' cần trường số liệu không xác định 'ownn'" in found.format("vi")


def test_an_indicator_a_measure_improves_that_nothing_declares_is_named_with_its_near_miss():
    """The audit's repro: ``improves: [bronze2.slag_reus]``; validate said OK, even with --strict-plugins."""
    from villagescore.catalogue.requires import unknown_improved_indicators

    doc = {"indicators": [{"id": "bronze2.slag_reuse"}],
           "measures": [{"id": "bronze2.slag_sorting", "improves": ["bronze2.slag_reuse", "installed.x",
                                                                   "bronze2.slag_reus"]}]}
    (found,) = unknown_improved_indicators(doc, "c.yaml", ["installed.x"])
    assert found.where == "$.measures[0].improves[2]"
    assert found.message.startswith("measure 'bronze2.slag_sorting' improves unknown indicator 'bronze2.slag_reus' "
                                    "(did you mean 'bronze2.slag_reuse'?)")
    assert "biện pháp 'bronze2.slag_sorting' cải thiện chỉ số không xác định 'bronze2.slag_reus'" in found.format("vi")
