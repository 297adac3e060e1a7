"""A filled-in survey read back: labels to codes, provinces flagged, did-you-mean (villagescore.readback)."""

import csv
import io

import numpy as np
import openpyxl
import pytest

from villagescore.errors import DatasetError

PILOT_YEAR_ROW = 0  # the pilot's 2021 row


@pytest.fixture(scope="module")
def default():
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    return registry, load_framework(None, registry)


def _codes(ws):
    return [str(c.value).split("\n")[-1] for c in ws[1]]


def _pilot_row():
    from villagescore import bundled

    with open(bundled.path(bundled.PILOT), encoding="utf-8-sig", newline="") as src:
        rows = list(csv.DictReader(src))
    return rows[PILOT_YEAR_ROW]


def _number(text):
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() else value


def test_a_village_entered_with_vietnamese_labels_45_percent_and_a_misspelt_province_round_trips(default, tmp_path):
    """Acceptance (issue 19): the survey reads back a village written the way a commune officer writes it.

    The pilot village (Phùng Xá, weaving and sericulture) is typed into the Vietnamese survey with
    Vietnamese sector and category labels, yes/no as có/không, a percentage typed as 45 % (stored as
    0.45 in a percent cell) and as the text "45 %", and the province misspelt "Hà Nôi". It scores
    exactly as the same village written with codes in a CSV, and the province is flagged with the
    official spelling.
    """
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.template import build_template, template_columns

    registry, framework = default
    wanted = [c.id for c in template_columns(framework, registry)]
    row = {k: v for k, v in _pilot_row().items() if k in wanted}
    row["drainage_connected_pct"] = "45"  # typed as 45 % in the workbook
    row["wastewater_treated_pct"] = "45"  # typed as the text "45 %"
    # the same village with codes, as a CSV
    codes_csv = tmp_path / "codes.csv"
    with open(codes_csv, "w", encoding="utf-8", newline="") as dst:
        writer = csv.DictWriter(dst, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)

    wb = openpyxl.load_workbook(io.BytesIO(build_template(framework, registry, lang="vi")))
    ws = wb["Số liệu"]
    column = {code: k for k, code in enumerate(_codes(ws), start=1)}
    fields = registry.fields
    typed = dict(row)
    typed["province"] = "Hà Nôi"  # misspelt
    sectors = [registry.sectors[s].label["vi"] for s in row["sectors"].split(";")]
    typed["sectors"] = ";".join(sectors)  # "Dệt, nhuộm (khăn bông, lụa);Dâu tằm tơ, tơ sen"
    for fid, field in fields.items():
        if fid in typed and typed[fid] != "":
            if field.type == "category":
                typed[fid] = field.category_label(typed[fid], "vi")  # e.g. "thông thường", "Vùng I"
            elif field.type == "boolean":
                typed[fid] = "có" if typed[fid] in ("1", "yes", "true") else "không"
    for code, value in typed.items():
        if value == "":
            continue
        cell = ws.cell(row=2, column=column[code], value=value if code in ("village_id", "name", "commune",
                                                                             "province", "sectors") else
                       _number(value))
        if code == "drainage_connected_pct":
            cell.value, cell.number_format = 0.45, "0%"  # what Excel stores when 45 % is typed
        if code == "wastewater_treated_pct":
            cell.value = "45 %"
    assert typed["noise_area_type"] in ("thông thường", "đặc biệt")
    assert "Dệt, nhuộm" in typed["sectors"]
    survey = tmp_path / "survey.xlsx"
    wb.save(survey)

    read = read_dataset(survey, registry, framework=framework)
    plain = read_dataset(codes_csv, registry, framework=framework)
    for col in ("sectors", "noise_area_type", "wage_region", "discharge_column"):
        assert read.frame[col].tolist() == plain.frame[col].tolist(), col
    assert read.frame["drainage_connected_pct"].tolist() == pytest.approx([45.0])
    assert read.frame["wastewater_treated_pct"].tolist() == pytest.approx([45.0])
    assert read.frame["province"].tolist() == ["Hà Nôi"]  # identity is kept as written …
    assert any("province" in n and "'Hà Nôi'" in n and "'Hà Nội'" in n for n in read.notes)  # … and flagged
    engine = Engine(registry)
    a, b = engine.evaluate(framework, read), engine.evaluate(framework, plain)
    np.testing.assert_array_equal(a.tree.overall_score, b.tree.overall_score)
    np.testing.assert_array_equal(a.matrix.scores, b.matrix.scores)
    np.testing.assert_array_equal(a.rating, b.rating)


def test_headers_given_as_labels_without_the_code_line_are_read(toy_registry, tmp_path):
    from villagescore.datasets import read_dataset

    path = tmp_path / "labels.csv"
    path.write_text("Mã làng nghề,Tên làng nghề,Xã/phường,Province/city,Ngành nghề,Năm số liệu,A (%),c\n"
                    "v1,Làng Một,Xã Một,Hà Nội,alpha,2024,80,25\n", encoding="utf-8")
    frame = read_dataset(path, toy_registry).frame
    assert {"village_id", "name", "commune", "province", "sectors", "year", "a", "c"} <= set(frame.columns)
    assert frame["a"].tolist() == [80.0]


def _refused(default, tmp_path, column, sector, value):
    """The error of reading one village-year whose ``sectors`` and ``column`` cells are ``sector`` and ``value``."""
    from villagescore.datasets import read_dataset

    registry, framework = default
    path = tmp_path / "typos.csv"
    path.write_text(f"village_id,name,commune,province,sectors,year,{column}\n"
                    f"v1,Làng Một,Xã Một,Hà Nội,{sector},2024,{value}\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset(path, registry, framework=framework)
    return info.value


def test_near_misses_get_a_did_you_mean(default, tmp_path):
    text = str(_refused(default, tmp_path, "noise_area_type", "Gom su", "dac biet"))
    # English messages (VILLAGESCORE_LANG unset): the English label, here the same word as the code
    assert "column 'sectors' = 'Gom su': unknown sector; did you mean ceramics?" in text
    assert ("column 'noise_area_type' (Noise area type (common / special)) = 'dac biet': not "
            "one of the allowed values; did you mean special?") in text
    assert "(allowed: common, special)" in text


def test_a_category_problem_names_the_field_s_label_and_a_sector_is_suggested_from_a_part_of_its_label(
        default, tmp_path):
    """``cột 'discharge_column' = 'cot B'`` had no label; ``coi`` had no suggestion (audit finding 16)."""
    error = _refused(default, tmp_path, "discharge_column", "coi", "cot B")
    vi, en = error.text("vi"), str(error)
    assert "cột 'discharge_column' (Cột áp dụng của nguồn tiếp nhận nước thải" in vi
    assert "column 'discharge_column' (" in en and "column 'discharge_column' = " not in en
    assert "có phải là Cói, chiếu cói (seagrass)?" in vi
    assert "did you mean Sea-grass and sedge (seagrass)?" in en


def test_messages_follow_the_language(default, tmp_path, monkeypatch):
    from villagescore.datasets import read_dataset

    monkeypatch.setenv("VILLAGESCORE_LANG", "vi")
    registry, framework = default
    path = tmp_path / "typos.csv"
    path.write_text("village_id,name,commune,province,sectors,year,noise_area_type\n"
                    "v1,Làng Một,Xã Một,Bắc Giang,weaving,2024,dac biet\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset(path, registry, framework=framework)
    text = info.value.text("vi")  # str() is English: the Python API's message; the command line says this
    assert "không thuộc các giá trị cho phép; có phải là đặc biệt (special)?" in text
    assert "(cho phép: thông thường (common), đặc biệt (special))" in text
    assert "did you mean special? (allowed: common, special)" in str(info.value)
    path.write_text("village_id,name,commune,province,sectors,year\nv1,Làng Một,Xã Một,Hà Nội,Gom su,2024\n",
                    encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset(path, registry, framework=framework)
    assert "có phải là Gốm sứ (ceramics)?" in info.value.text("vi")
    path.write_text("village_id,name,commune,province,sectors,year\nv1,Làng Một,Xã Một,Bắc Giang,weaving,2024\n",
                    encoding="utf-8")
    notes = read_dataset(path, registry, framework=framework).notes
    # str() is English (the Python API); the command line says the note in the run's language
    assert any("'Bắc Giang' là tỉnh trước ngày 1/7/2025, nay thuộc Bắc Ninh" in n.text("vi") for n in notes)
    assert any("'Bắc Giang' is a province before 1 July 2025, now part of Bắc Ninh" in n for n in notes)


def test_english_labels_and_codes_are_read_too(default, tmp_path):
    from villagescore.datasets import read_dataset

    registry, framework = default
    path = tmp_path / "en.csv"
    path.write_text("village_id,name,commune,province,sectors,year,noise_area_type,recognition_status\n"
                    "v1,A,B,Hà Nội,Ceramics,2024,Special,traditional craft village\n"
                    "v2,A,B,Hà Nội,ceramics,2024,common,craft_village\n", encoding="utf-8")
    frame = read_dataset(path, registry, framework=framework).frame
    assert frame["sectors"].tolist() == ["ceramics", "ceramics"]
    assert frame["noise_area_type"].tolist() == ["special", "common"]
    assert frame["recognition_status"].tolist() == ["traditional_craft_village", "craft_village"]


def test_provinces_are_flagged_not_refused(toy_registry, tmp_path):
    from villagescore.datasets import read_dataset

    path = tmp_path / "provinces.csv"
    path.write_text("village_id,name,commune,province,former_province,sectors,year\n"
                    "v1,A,B,Hà Tây,,alpha,2024\nv2,A,B,Bac Ninh,Bac Giang,alpha,2024\nv3,A,B,Hà Nội,Hà Tây,alpha,2024\n"
                    "v4,A,B,Hà Nội,Hà Tây,alpha,2023\n", encoding="utf-8")
    ds = read_dataset(path, toy_registry)
    assert len(ds.frame) == 4
    notes = "\n".join(ds.notes)
    assert "row 2: column 'province': 'Hà Tây' has not been a province since 2008 (merged into Hà Nội)" in notes
    assert "row 3: column 'province': 'Bac Ninh' is written 'Bắc Ninh' in the official list" in notes
    assert "row 3: column 'former_province': 'Bac Giang' is written 'Bắc Giang' in the official list" in notes
    assert "row 4, 5: column 'former_province': 'Hà Tây' has not been a province since 2008" in notes


def test_the_bundled_datasets_read_without_province_notes():
    from villagescore import bundled
    from villagescore.datasets import read_dataset
    from villagescore.registry import Registry

    registry = Registry.default()
    for name in ("phung-xa/phung-xa.csv", "villages/villages.csv", "examples/example-small.csv"):
        notes = read_dataset(bundled.path(name), registry).notes
        assert not [n for n in notes if "province" in n], (name, notes)


def test_sheet_roles_in_both_languages():
    from villagescore.readback import sheet_role

    assert sheet_role("Số liệu") == sheet_role("data") == sheet_role(" DATA ") == "data"
    assert sheet_role("Nguồn số liệu") == "metadata" and sheet_role("Phiếu in") == "form"
    assert sheet_role("2024") is None


def test_header_code():
    from villagescore.readback import header_code

    known = {"name", "year"}
    assert header_code("Tên làng nghề\nname", known) == "name"
    assert header_code("Tên làng nghề\n[name]", known) == "name"
    assert header_code("Something\nx_note", known) == "x_note"
    assert header_code("Tên làng nghề\nnothing", known) == "Tên làng nghề\nnothing"
    assert header_code(" year ", known) == "year" and header_code(3, known) == 3


def test_a_dataset_written_with_codes_is_not_copied_and_a_label_changes_only_a_copy(default):
    from villagescore import bundled
    from villagescore.datasets import read_raw
    from villagescore.readback import normalise

    registry, _ = default
    raw = read_raw(bundled.path("villages/villages.csv"), registry)
    frame, _ = normalise(raw.frame, registry)
    assert frame is raw.frame  # nothing to map: the same frame, no copy of a national file
    category = next(f for f in registry.fields.values() if f.type == "category" and f.id in raw.frame.columns)
    code = category.categories[0]
    label = (category.category_labels or {}).get(code, {}).get("vi")
    assert label and label != code
    before = raw.frame[category.id].copy()
    raw.frame.loc[raw.frame.index[0], category.id] = label
    mapped, _ = normalise(raw.frame, registry)
    assert mapped is not raw.frame and mapped[category.id].iloc[0] == code
    assert raw.frame[category.id].iloc[0] == label  # the caller's frame is left as it was given
    assert mapped[category.id].iloc[1:].tolist() == before.iloc[1:].tolist()


def test_a_province_note_lists_the_first_rows_in_file_order_across_spellings_that_strip_alike():
    import pandas as pd

    from villagescore.readback import province_notes

    province = ["Hà Nội", "Bac Ninh ", "Hà Nội", " Bac Ninh", "Bac Ninh", "Hà Nội", "Bac Ninh ", "Bac Ninh", None,
                "Bac Ninh"]
    frame = pd.DataFrame({"province": province, "former_province": [None] * len(province)}, index=range(10, 20))
    (note,) = province_notes(frame)
    # the index holds each row's place under the header: rows 13, 15, 16, 18 and 19 first, then row 21
    assert note.startswith("row 13, 15, 16, 18, 19 …: column 'province': 'Bac Ninh' is written 'Bắc Ninh'"), note


def test_a_former_province_that_did_not_merge_into_the_province_gets_a_note():
    # audit 17 #3: Hà Nội with former_province Hà Nam (merged into Ninh Bình) passed validate silently
    import pandas as pd

    from villagescore.readback import province_notes

    frame = pd.DataFrame({"province": ["Hà Nội", "Hà Nội", "Ninh Bình", "Hà Nội", "Hưng Yên", None, "Atlantis"],
                          "former_province": ["Hà Nam", "Hà Nội", "Hà Nam", "Hà Nam ", "Thai Binh", "Hà Nam",
                                              "Hà Nam"]})
    notes = [str(n) for n in province_notes(frame) if "merged" in str(n)]
    assert notes == ["row 2, 5: columns province and former_province: former province 'Hà Nam' merged into Ninh "
                     "Bình, not into 'Hà Nội' (now Hà Nội); check which of the two is right (compare and targets "
                     "group the village under Hà Nội and warn)"], notes
    (vi,) = [n.text("vi") for n in province_notes(frame) if "merged" in str(n)]
    assert vi.startswith("dòng 2, 5: cột province và former_province: tỉnh cũ 'Hà Nam' đã nhập vào Ninh Bình"), vi


def test_a_header_with_its_unit_in_either_language_is_read_as_the_column(default):
    from villagescore.readback import _label_table, header_code

    registry, _ = default
    labels, known = _label_table(registry), set(registry.fields)
    for header in ("Tổng số hộ trên địa bàn (hộ)", "Tổng số hộ trên địa bàn (households)", "Tổng số hộ trên địa bàn",
                   "Households in the area (households)"):
        assert header_code(header, known, labels) == "households_total", header
    assert header_code("Thu nhập bình quân tháng của lao động làng nghề (đồng/tháng)", known, labels) == \
        "worker_wage_vnd_month"


def test_every_header_of_the_vietnamese_workbook_is_read_back_without_its_id_line(default):
    """An analyst who deletes the id line under a label (``… (hộ)``) still gets the column read."""
    from villagescore.readback import _label_table, header_code
    from villagescore.template import build_template

    registry, framework = default
    data = openpyxl.load_workbook(io.BytesIO(build_template(framework, registry, lang="vi"))).worksheets[0]
    labels = _label_table(registry)
    known = set(registry.fields)
    fields = [(str(c.value).split("\n")[0], code) for c, code in zip(data[1], _codes(data), strict=True)
              if code in known]
    assert any(text.endswith("(hộ)") for text, _ in fields)
    assert [header_code(text, known, labels) for text, _ in fields] == [code for _, code in fields]


def test_a_province_note_of_a_text_column_read_from_a_csv_names_the_same_rows():
    import numpy as np
    import pandas as pd

    from villagescore.datasets.text import shared_factorization
    from villagescore.readback import province_notes

    province = ["Hà Nội", "Bac Ninh ", "Hà Nội", " Bac Ninh", "Bac Ninh", "Hà Nội", "Bac Ninh ", "Bac Ninh", np.nan,
                "Bac Ninh"]
    frame = pd.DataFrame({"province": pd.Series(province, dtype="str", index=range(10, 20))})
    for block in (shared_factorization(), None):
        if block is None:
            (note,) = province_notes(frame)
        else:
            with block:
                (note,) = province_notes(frame)
        assert note.startswith("row 13, 15, 16, 18, 19 …: column 'province': 'Bac Ninh' is written 'Bắc Ninh'"), note


def test_header_ids_reads_a_header_as_the_dataset_reader_does():
    """The one rule for the reader and for the outputs that must not replace a dataset (villagescore.protected)."""
    from villagescore.readback import header_ids

    cells = ["Mã làng nghề", "Village ID", "Năm số liệu\nyear", "year", "Ghi chú", 3]
    assert header_ids(cells) == ["village_id", "village_id", "year", "year", "Ghi chú", 3]


def test_a_number_in_a_category_cell_lists_the_allowed_values_by_label_and_gets_its_suggestion(default):
    """``tourism_link = 1`` listed the codes only; ``wage_region = 2`` got no hint (twelfth walk)."""
    from villagescore.errors import Problem
    from villagescore.readback import with_suggestions

    registry, _ = default
    cells = [Problem("a.xlsx", "row 3", "not one of the allowed values", column="tourism_link", value=1,
                     rule="category", allowed="none, visitors, tourist_site"),
             Problem("a.xlsx", "row 3", "not one of the allowed values", column="wage_region", value=2.0,
                     rule="category", allowed="I, II, III, IV"),
             Problem("a.xlsx", "row 4", "not one of the allowed values", column="wage_region", value=3,
                     rule="category", allowed="I, II, III, IV")]
    tourism, region, third = with_suggestions(cells, registry)
    assert tourism.format("en").endswith("(allowed: no tourism link (none), receives visitors (visitors), "
                                         "recognised tourist site (tourist_site))")
    assert "did you mean" not in tourism.format("en")
    assert "có phải là Vùng II (II)?" in region.format("vi") and "did you mean Region III (III)?" in third.format()
    assert tourism.value == 1 and region.value == 2.0


def test_a_negated_label_is_not_offered_for_its_opposite_and_short_forms_are_read(default, tmp_path):
    error = _refused(default, tmp_path, "ntm_status", "Gốm sứ", "đạt chuẩn")
    assert "chưa đạt chuẩn (none)?" not in error.text("vi") and "did you mean not yet" not in str(error)
    from villagescore.datasets import read_dataset

    registry, framework = default
    path = tmp_path / "short.csv"
    path.write_text("village_id,name,commune,province,sectors,year,ntm_status,wage_region\n"
                    "v1,Làng Một,Xã Một,Hà Nội,Gốm sứ,2024,nâng cao,Vùng 2\n", encoding="utf-8")
    frame = read_dataset(path, registry, framework=framework).frame
    assert (frame["ntm_status"].tolist(), frame["wage_region"].tolist()) == (["advanced"], ["II"])


@pytest.mark.parametrize("cell", ["Dệt, nhuộm (khăn bông, lụa), Dâu tằm tơ, tơ sen", "weaving, sericulture"])
def test_sectors_separated_by_commas_are_told_to_use_semicolons(default, tmp_path, cell):
    error = _refused(default, tmp_path, "noise_area_type", f'"{cell}"', "common")
    parts = "; ".join(p.strip() for p in (["Dệt, nhuộm (khăn bông, lụa)", "Dâu tằm tơ, tơ sen"]
                                          if cell.startswith("Dệt") else ["weaving", "sericulture"]))
    assert f"unknown sector; several sectors are separated with ';': {parts} (allowed:" in str(error)
    assert f"nhiều ngành nghề thì phân cách bằng dấu ';': {parts}" in error.text("vi")


def test_a_comma_in_a_cell_of_one_unknown_sector_gets_no_semicolon_hint(default, tmp_path):
    error = _refused(default, tmp_path, "noise_area_type", '"weaving, foo"', "common")
    assert "separated with ';'" not in str(error)


def test_no_suggestion_of_the_opposite_meaning_or_of_another_number_in_the_default_catalogue(default):
    """``không khí ô nhiễm`` was offered as not polluted, ``Vùng VI`` as Vùng I, ``sao`` as 5 sao (twelfth walk)."""
    from villagescore.errors import Problem
    from villagescore.readback import with_suggestions

    registry, _ = default
    typed = [("pollution_classification", "không khí ô nhiễm"), ("pollution_classification", "kô ô nhiễm"),
             ("wage_region", "Vùng VI"), ("wage_region", "vung IIII"), ("ocop_top_star", "sao")]
    cells = [Problem("a.xlsx", "row 3", "not one of the allowed values", column=fid, value=value, rule="category",
                     allowed="…") for fid, value in typed]
    air, not_polluted, six, four_ones, stars = (p.format("en") for p in with_suggestions(cells, registry))
    assert "(not_polluted)?" not in air and "(not_polluted)?" in not_polluted
    assert all("did you mean" not in text for text in (six, four_ones, stars))


@pytest.mark.parametrize("word", ["Năm", "NĂM", "năm", "Na\u0306m", "Year", "YEAR", " Year "])
def test_a_column_headed_by_the_word_year_alone_is_the_year_where_that_is_unambiguous(toy_registry, tmp_path, word):
    """Audit (thirteenth walk): ``Mã làng nghề,Năm`` was "missing identity column(s): year" and unknown ``Năm``."""
    from villagescore.datasets import read_dataset
    from villagescore.readback import header_ids

    path = tmp_path / "bare.csv"
    path.write_text(f"Mã làng nghề,Tên làng nghề,Xã/phường,Province/city,Ngành nghề,{word},A (%)\n"
                    "v1,Làng Một,Xã Một,Hà Nội,alpha,2024,80\n", encoding="utf-8")
    frame = read_dataset(path, toy_registry).frame
    assert frame["year"].tolist() == [2024] and frame["village_id"].tolist() == ["v1"]
    assert header_ids(["Mã làng nghề", word]) == ["village_id", "year"]
    # ambiguous: a year column already, or two such words; they stay as they are (and are said unknown)
    assert header_ids(["village_id", "year", word]) == ["village_id", "year", word]
    assert header_ids(["Mã làng nghề", "Năm số liệu", word]) == ["village_id", "year", word]
    assert header_ids(["Mã làng nghề", "Năm", "Year"]) == ["village_id", "Năm", "Year"]


def test_a_field_labelled_by_the_word_year_keeps_its_column():
    """The survey's own labels win: a field whose label is ``Năm`` is that field, not the year."""
    from villagescore import Field
    from villagescore.readback import header_ids

    class Registry:
        fields = {"founded": Field("founded", {"vi": "Năm", "en": "Founded"})}

    assert header_ids(["Mã làng nghề", "Năm số liệu", "Năm"], Registry()) == ["village_id", "year", "founded"]
    assert header_ids(["Mã làng nghề", "Năm"], Registry()) == ["village_id", "founded"]
