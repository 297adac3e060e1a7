"""A catalogue's indicators requiring fields nothing declares: each one named, with its near miss."""

from villagescore.catalogue.requires import unknown_required_fields


def test_a_field_the_file_or_an_installed_plugin_declares_is_known():
    doc = {"fields": [{"id": "own"}], "indicators": [{"id": "x.share", "requires": ["own", "installed", "ownn"]}]}
    (found,) = unknown_required_fields(doc, "c.yaml", ["installed"])
    assert found.where == "$.indicators[0].requires[2]"
    assert found.message.startswith("indicator 'x.share' requires unknown field 'ownn' (did you mean 'own'?)")
    assert "chỉ số 'x.share' cần trường số liệu không xác định 'ownn'" in found.format("vi")

