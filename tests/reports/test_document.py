"""Print settings of the document reports (villagescore.reports.document)."""

import pytest

from villagescore.reports.document import DocumentSettings, current, doc_text, using


def test_no_date_issuer_or_signature_by_default():
    doc = DocumentSettings()
    assert doc.date_text("vi") == "" and doc.dateline("vi") == ""
    assert not doc.has_block and doc.issuer == () and doc.signature == ()
    assert doc.layout_for("html") == "report" and doc.layout_for("pdf") == "factsheet"


def test_dates_are_written_as_people_write_them():
    doc = DocumentSettings(date="2026-12-04", place="Hà Nội")
    assert doc.date_text("vi") == "04/12/2026"
    assert doc.date_text("en") == "4 December 2026"
    assert doc.dateline("vi") == "Hà Nội, ngày 04 tháng 12 năm 2026"
    assert doc.dateline("en") == "Hà Nội, 4 December 2026"
    assert DocumentSettings(date="2026-01-09").dateline("vi") == "Ngày 09 tháng 01 năm 2026"
    # Decree 30/2020: a 0 before days under 10 and months 1-2 only
    assert DocumentSettings(date="2025-06-05").dateline("vi") == "Ngày 05 tháng 6 năm 2025"


def test_signature_lines_are_titles_then_the_signer():
    doc = DocumentSettings(signature=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A", " "))
    assert doc.signature_titles == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert doc.signer == "Nguyễn Văn A"
    one = DocumentSettings(signature=("NGƯỜI LẬP BIỂU",))
    assert one.signature_titles == ("NGƯỜI LẬP BIỂU",) and one.signer == ""


@pytest.mark.parametrize("bad", [{"layout": "poster"}, {"date": "04/12/2026"}, {"date": "2026-13-01"}])
def test_invalid_settings_are_refused(bad):
    with pytest.raises(ValueError):
        DocumentSettings(**bad)


def test_using_sets_the_current_settings_for_a_block():
    doc = DocumentSettings(date="2026-12-04")
    assert current() == DocumentSettings()
    with using(doc):
        assert current() is doc
    assert current() == DocumentSettings()


def test_every_document_string_exists_in_both_languages():
    from babel.messages.pofile import read_po

    from villagescore.i18n.catalogues import po_path

    with po_path("en").open("rb") as handle:
        keys = [m.id.split(".", 1)[1] for m in read_po(handle) if str(m.id).startswith("document.")]
    assert len(keys) >= 5
    for key in keys:
        assert doc_text(key, "vi") and doc_text(key, "vi") != doc_text(key, "en"), key
    assert doc_text("issued", "vi") == "Ngày lập"


def test_issuer_place_and_signature_are_put_in_nfc():
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Sở Công Thương")
    place = unicodedata.normalize("NFD", "Hà Nội")
    settings = DocumentSettings(issuer=(nfd,), place=place, signature=(nfd, "Lê Văn Á"))
    assert settings.issuer == ("Sở Công Thương",)
    assert settings.place == "Hà Nội"
    assert settings.signature[0] == "Sở Công Thương"
    assert all(unicodedata.is_normalized("NFC", x) for x in (*settings.issuer, settings.place, *settings.signature))


def test_settings_not_given_as_none_print_nothing():
    doc = DocumentSettings(date="2026-12-04", place=None, issuer=None, signature=(None, "Lê Văn Á"))
    assert doc.place == "" and doc.dateline("vi") == "Ngày 04 tháng 12 năm 2026"  # not "None, ngày …"
    assert doc.issuer == () and doc.signature == ("Lê Văn Á",)


def test_an_issuer_or_signature_given_as_one_str_is_one_line():
    """Audit (twelfth walk): ``issuer="SỞ CÔNG THƯƠNG"`` printed one letter on each line (a str is a sequence)."""
    settings = DocumentSettings(issuer="SỞ CÔNG THƯƠNG", signature="NGƯỜI LẬP BIỂU")
    assert settings.issuer == ("SỞ CÔNG THƯƠNG",)
    assert settings.signature == ("NGƯỜI LẬP BIỂU",) and settings.signature_titles == ("NGƯỜI LẬP BIỂU",)
