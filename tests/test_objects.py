"""The plugin objects check themselves when they are built (a plugin error shows at registration)."""

import pytest

from villagescore import Check, Field, Indicator, Measure, Reference, Sector

#: The warnings these tests read are said in English, the language of their run.
pytestmark = pytest.mark.usefixtures("english_run")

LABEL = {"vi": "Nhãn", "en": "Label"}


@pytest.mark.parametrize("kwargs, message", [
    ({"id": "Bad Id"}, "is not a valid id"),
    ({"label": {"en": "only English"}}, "non-empty 'vi' and 'en'"),
    ({"type": "date"}, "type 'date' is not one of"),
    ({"type": "category"}, "a category field needs its categories"),
    ({"minimum": 10, "maximum": 5}, "minimum 10 is greater than maximum 5"),
])
def test_invalid_fields(kwargs, message):
    args = {"id": "households_total", "label": LABEL} | kwargs
    with pytest.raises(ValueError, match=message):
        Field(**args)


def test_indicator_checks_direction_and_requirements():
    with pytest.raises(ValueError, match="direction 'up' is not one of"):
        Indicator("env.x", LABEL, "%", "up", ("x",))
    with pytest.raises(ValueError, match="without compute it must require exactly one field"):
        Indicator("env.x", LABEL, "%", "higher", ("x", "y"))
    ind = Indicator("env.x", LABEL, "%", "higher", ["x"], sectors=["weaving"])
    assert ind.requires == ("x",) and ind.sectors == ("weaving",)


def test_reference_confidence_and_plain_form():
    with pytest.raises(ValueError, match="confidence must be one of"):
        Reference("QCVN 40:2011/BTNMT", confidence="probably")
    ref = Reference("QCVN 40:2011/BTNMT", provision="Table 1", column="B", value=150, unit="mg/L")
    assert ref.to_dict() == {"document": "QCVN 40:2011/BTNMT", "provision": "Table 1", "column": "B",
                             "value": 150, "unit": "mg/L", "confidence": "secondary"}
    assert Reference.from_dict(ref.to_dict() | {"ignored": 1}).to_dict() == ref.to_dict()
    # a cited regulation without a confidence of its own takes its declaration's when resolved
    assert "confidence" not in Reference(regulation="qcvn-40-2011", limit="cod").to_dict()


def test_a_reference_s_texts_may_be_given_in_both_languages():
    """Walk 15: a plugin gives its document, provision and note in Vietnamese and English; one language is refused."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "mốc so sánh của dự án")
    ref = Reference({"vi": decomposed, "en": "project benchmark"}, provision={"vi": "Chương 2", "en": "Chapter 2"},
                    note="[E]")
    assert ref.document == {"vi": "mốc so sánh của dự án", "en": "project benchmark"}  # NFC on input
    assert ref.to_dict()["provision"] == {"vi": "Chương 2", "en": "Chapter 2"}
    assert Reference.from_dict(ref.to_dict()).to_dict() == ref.to_dict()
    with pytest.raises(ValueError, match="note must be a mapping with non-empty 'vi' and 'en' texts") as caught:
        Reference({"vi": "mốc", "en": "benchmark"}, note={"vi": "chỉ tiếng Việt"})
    assert "'benchmark'" in str(caught.value)  # the reference is named by its English document


def test_a_reference_s_column_and_parameter_may_be_given_in_both_languages():
    """Walk 16: "by area type and period" and "NH4+ (as N)" were one string, English in a Vietnamese view."""
    import unicodedata

    column = {"vi": unicodedata.normalize("NFD", "theo loại khu vực"), "en": "by area type"}
    parameter = {"vi": "NH4+ (tính theo N)", "en": "NH4+ (as N)"}
    ref = Reference(regulation="qcvn-26-2010", column=column, parameter=parameter)
    assert ref.column == {"vi": "theo loại khu vực", "en": "by area type"}  # NFC on input
    assert ref.to_dict() == {"regulation": "qcvn-26-2010", "column": {"vi": "theo loại khu vực", "en": "by area type"},
                             "parameter": parameter}
    assert Reference.from_dict(ref.to_dict()) == ref and hash(Reference.from_dict(ref.to_dict())) == hash(ref)
    assert Reference("Rule 1", column="B", parameter="COD").to_dict()["column"] == "B"  # a plain string as before
    with pytest.raises(ValueError, match="parameter must be a mapping with non-empty 'vi' and 'en' texts"):
        Reference("Rule 1", parameter={"en": "NH4+ (as N)"})


def test_a_reference_in_both_languages_is_hashable_and_equal_to_its_copy():
    """Walk 15 review: hash(villagescore.estimate("x")) raised "unhashable type: 'dict'" (its document is {vi, en})."""
    import villagescore

    ref = villagescore.estimate({"vi": "mốc của dự án", "en": "project goalpost"}, provision="§A")
    same = villagescore.estimate({"en": "project goalpost", "vi": "mốc của dự án"}, provision="§A")
    assert hash(ref) == hash(same) and ref == same and len({ref, same, Reference("Rule 1")}) == 2
    assert ref != villagescore.estimate("project goalpost", provision="§A")


def test_a_cited_limit_keeps_the_confidence_its_regulation_declares():
    """It was overwritten by the default 'secondary': an unverified limit read as a secondary source."""
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    framework = load_framework("vn-ttcn-sustainable", Registry.default())
    node = next(n for n in framework.indicators if n.id == "society.social_insurance")
    (cited,) = [r for r in node.references if r.get("regulation") == "law-social-insurance"]
    declared = framework.regulations["law-social-insurance"].limit("contracted_coverage").confidence
    assert cited["confidence"] == declared == "unverified"


def test_sector_and_measure():
    measure = Measure("weaving.central_dyeing", LABEL, improves=["weaving.dye_effluent_cod"])
    sector = Sector("weaving", LABEL, measures=[measure])
    assert sector.measures == (measure,) and measure.improves == ("weaving.dye_effluent_cod",)


def test_field_guidance_and_category_labels_are_checked():
    from villagescore.objects import Field

    text = {"vi": "x", "en": "x"}
    ok = Field("zone", text, type="category", categories=("a", "b"), category_labels={"a": {"vi": "A vi", "en": "A"}},
               guidance={"vi": "Đo…", "en": "Measure…", "source": "[E]"})
    assert ok.category_label("a", "vi") == "A vi" and ok.category_label("b", "vi") == "b"
    with pytest.raises(ValueError, match="not among its categories: 'c'"):
        Field("zone", text, type="category", categories=("a",), category_labels={"c": text})
    with pytest.raises(ValueError, match="guidance needs a 'source'"):
        Field("n", text, guidance={"vi": "x", "en": "y"})
    with pytest.raises(ValueError, match="guidance must be a mapping"):
        Field("n", text, guidance={"vi": "x", "source": "[E]"})


CHECK_MESSAGE = {"vi": "Quá nhiều", "en": "Too many"}


@pytest.mark.parametrize(("change", "error"), [
    ({"op": "<"}, "op '<' is not one of <=, >="),
    ({"factor": 0}, "factor must be a number > 0"),
    ({"factor": True}, "factor must be a number > 0"),
    ({"right": "a"}, "'left' and 'right' name the same field 'a'"),
    ({"right": ""}, "'right' must name a field"),
    ({"severity": "error"}, "severity 'error' is not one of warning"),
    ({"message": {"vi": "x"}}, "message must be a mapping with non-empty 'vi' and 'en'"),
    ({"advice": {"en": "x"}}, "advice must be a mapping"),
    ({"source": " "}, "give a 'source'"),
    ({"id": "Bad Id"}, "is not a valid id"),
])
def test_a_check_refuses_what_it_cannot_evaluate(change, error):
    spec = {"id": "demo.ratio", "left": "a", "op": "<=", "factor": 2, "right": "b", "message": CHECK_MESSAGE,
            "source": "[E] demo"} | change
    with pytest.raises(ValueError, match=error.replace("(", r"\(").replace(".", r"\.")):
        Check(**spec)


def test_a_check_names_its_two_fields():
    check = Check("demo.ratio", "a", ">=", 0.5, "b", CHECK_MESSAGE, "[E] demo")
    assert check.fields == ("a", "b") and check.severity == "warning" and check.advice is None


@pytest.mark.parametrize(("build", "vi", "en"), [
    (lambda: Field("households_total", LABEL, type="date"),
     "trường số liệu 'households_total': kiểu 'date' không thuộc number, integer",
     "field 'households_total': type 'date' is not one of number, integer"),
    (lambda: Field("Bad Id", LABEL), "mã trường số liệu 'Bad Id' không hợp lệ", "field id 'Bad Id' is not a valid id"),
    (lambda: Indicator("env.x", LABEL, "%", "up", ("x",)), "chỉ số 'env.x': chiều 'up' không thuộc higher",
     "indicator 'env.x': direction 'up' is not one of higher"),
    (lambda: Reference(""), "căn cứ cần có 'document' hoặc mã của một 'regulation'",
     "a reference needs a 'document' or the id of a 'regulation'"),
    (lambda: Check("c", "a", "<", 1, "b", message=LABEL, source="x"), "phép kiểm tra 'c': phép so sánh '<' không thuộc",
     "check 'c': op '<' is not one of"),
    (lambda: Sector("weaving", {"en": "Weaving"}),
     "ngành nghề 'weaving': label phải là một ánh xạ có văn bản 'vi' và 'en' không rỗng",
     "sector 'weaving': label must be a mapping with non-empty 'vi' and 'en' texts"),
])
def test_an_object_s_refusal_is_said_in_vietnamese_and_is_still_a_value_error(build, vi, en):
    from villagescore.errors import InvalidObjectError

    with pytest.raises(ValueError) as caught:
        build()
    assert isinstance(caught.value, InvalidObjectError)
    assert en in str(caught.value) and en in caught.value.text("en")
    assert vi in caught.value.text("vi")


def test_a_method_s_label_is_checked_and_shown_with_its_name():
    """Any plugin's scorer or aggregator may name itself for people, as the built-ins do."""
    from villagescore import Aggregator, Scorer
    from villagescore.reports.framework_doc import method_text

    with pytest.raises(ValueError, match="scorer 'logistic': label must be a mapping"):
        Scorer("logistic", lambda v, p: v, label={"en": "S-shaped curve"})
    with pytest.raises(ValueError, match="aggregator 'maximum': label must be a mapping"):
        Aggregator("maximum", lambda s, w: s, label="maximum")
    scorer = Scorer("logistic", lambda v, p: v, label={"vi": "đường cong chữ S", "en": "S-shaped curve"})
    assert method_text(scorer, "vi") == "đường cong chữ S (logistic)"
    assert method_text(scorer, "en") == "S-shaped curve (logistic)"
    assert method_text(Scorer("plain", lambda v, p: v), "vi") == "plain"


def test_every_built_in_method_names_itself_in_both_languages():
    from villagescore.aggregation import BUILTIN_AGGREGATORS
    from villagescore.scoring import BUILTIN_SCORERS

    for method in (*BUILTIN_SCORERS, *BUILTIN_AGGREGATORS):
        assert method.label and method.label["vi"] != method.label["en"], method.name


@pytest.mark.parametrize(("schema", "where", "en"), [
    ({"type": "objekt"}, "$.type", "'objekt' matches none of the allowed forms"),
    ({"type": "object", "properties": {"limit": {"minimum": "zero"}}}, "$.properties.limit.minimum",
     "'zero' is not a number"),
    ({"required": "limit"}, "$.required", "'limit' is not a list"),
])
def test_a_scorer_s_params_schema_must_be_a_json_schema(schema, where, en):
    """Before, jsonschema failed with UnknownType (a traceback) on the first framework using the scorer."""
    from villagescore import Scorer
    from villagescore.errors import InvalidObjectError

    with pytest.raises(InvalidObjectError) as caught:
        Scorer("logistic2", lambda v, p: v, schema)
    assert str(caught.value) == f"scorer 'logistic2': params_schema is not a valid JSON Schema: at {where}: {en}"
    assert caught.value.text("vi").startswith("phương pháp chấm 'logistic2': params_schema không phải là một JSON "
                                              f"Schema hợp lệ: tại {where}: ")
    Scorer("logistic2", lambda v, p: v, {"type": "object", "properties": {"limit": {"minimum": 0}}})  # valid


def test_a_sector_criterion_cannot_take_the_id_of_the_overall_score():
    from villagescore import SectorCriterion
    from villagescore.errors import InvalidObjectError

    with pytest.raises(InvalidObjectError, match="'overall' is reserved for the overall score"):
        SectorCriterion("overall", "environment", LABEL)
    with pytest.raises(InvalidObjectError, match="criterion 'overall' is reserved for the overall score"):
        Indicator("pot.share", LABEL, "%", "higher", ("x",), sectors=("pottery",), pillar="environment",
                  criterion="overall")


@pytest.mark.parametrize(("build", "name"), [
    (lambda: Field("pottery_kilns", {"vi": 5, "en": "Kilns"}), "field 'pottery_kilns': label"),
    (lambda: Field("pottery_kilns", {"vi": "  ", "en": "Kilns"}), "field 'pottery_kilns': label"),
    (lambda: Field("pottery_kilns", LABEL, description={"vi": "Lò", "en": None}), "field 'pottery_kilns': description"),
    (lambda: Measure("m.kiln", {"vi": "", "en": "Kiln"}, ("pot.share",)), "measure 'm.kiln': label"),
])
def test_a_text_that_is_not_a_non_blank_str_in_each_language_is_refused_naming_the_object_and_key(build, name):
    from villagescore.errors import InvalidObjectError

    with pytest.raises(InvalidObjectError, match=f"{name} must be a mapping with non-empty 'vi' and 'en' texts"):
        build()


def test_a_description_no_report_shows_is_kept_nfc_never_refused():
    """The audit's repro: ``Sector(…, description={"en": …})`` failed the plugin's whole hook (now a warning)."""
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Làng gốm")
    assert Sector("pottery", LABEL, description={"en": "Kiln villages"}).description == {"en": "Kiln villages"}
    assert Sector("pottery", LABEL, description=nfd).description == "Làng gốm"
    assert Indicator("pot.share", LABEL, "%", "higher", ("x",), description={"en": nfd}).description == {
        "en": "Làng gốm"}
    assert Measure("m.kiln", LABEL, ("pot.share",), description={"vi": 1, "en": 2}).description == {"vi": 1, "en": 2}


def test_plugin_texts_are_kept_nfc_as_a_catalogue_s_are():
    import unicodedata

    from villagescore import SectorCriterion

    nfd = {"vi": unicodedata.normalize("NFD", "Gốm: môi trường"), "en": "Pottery: environment"}
    field = Field("kind", nfd, type="category", categories=("a",), category_labels={"a": nfd},
                  guidance={**nfd, "source": "[E]"})
    criterion = SectorCriterion("pottery_environment", "environment", nfd)
    for text in (field.label, field.category_labels["a"], field.guidance, criterion.label):
        assert text["vi"] == "Gốm: môi trường" and unicodedata.is_normalized("NFC", text["vi"])
    assert field.guidance["source"] == "[E]"


def test_a_note_or_rationale_is_kept_nfc_and_a_mapping_of_them_is_checked():
    import unicodedata

    from villagescore import Limit, SectorCriterion
    from villagescore.errors import InvalidObjectError

    nfd = unicodedata.normalize("NFD", "Bảng 1")
    limit = Limit("cod", "COD", "mg/L", "verified", value=75, provision=nfd, note={"vi": nfd, "en": "Table 1"})
    assert limit.provision == "Bảng 1" and limit.note == {"vi": "Bảng 1", "en": "Table 1"}
    with pytest.raises(InvalidObjectError, match="criterion 'pot_env': rationale must be a mapping"):
        SectorCriterion("pot_env", "environment", LABEL, rationale={"vi": 3, "en": "why"})


@pytest.mark.parametrize(("reduce", "got"), [
    (max, "max"), (lambda a, b: a, "<lambda>"), ("minimum", "str"), ("np.abs", "absolute"),
], ids=["builtin-max", "lambda", "text", "unary-ufunc"])
def test_an_aggregator_s_reduce_must_be_a_binary_numpy_ufunc(reduce, got):
    """Before, reduce=max was accepted and scoring crashed: "'out' is an invalid keyword argument for max()"."""
    import numpy as np

    from villagescore import Aggregator
    from villagescore.errors import InvalidObjectError

    reduce = np.abs if reduce == "np.abs" else reduce
    with pytest.raises(InvalidObjectError) as caught:
        Aggregator("best_of", lambda s, w: s.max(axis=1), reduce=reduce)
    assert str(caught.value).startswith(f"aggregator 'best_of': reduce must be a binary numpy ufunc such as "
                                        f"numpy.minimum or numpy.maximum (the engine calls it with out= and where=), "
                                        f"got {got}")
    assert caught.value.text("vi").startswith("quy tắc tổng hợp 'best_of': reduce phải là một ufunc hai đối số")
    assert Aggregator("best_of", lambda s, w: s.max(axis=1), reduce=np.maximum).reduce is np.maximum


def test_an_aggregator_with_a_wrong_reduce_leaves_its_plugin_out():
    from villagescore import Aggregator, hookimpl
    from villagescore.errors import PluginError
    from villagescore.plugins import PluginLoadWarning, get_plugin_manager
    from villagescore.registry import Registry

    class Aggs:
        @hookimpl
        def register_aggregators(self):
            return [Aggregator("best_of", lambda s, w: s.max(axis=1), reduce=max)]

    def load(strict):
        return Registry.from_plugin_manager(get_plugin_manager(entrypoints=False, plugins=(("aggs", Aggs()),)),
                                            strict=strict)

    with pytest.warns(PluginLoadWarning, match="plugin 'aggs' failed in hook register_aggregators: .*reduce must be"):
        assert "best_of" not in load(False).aggregators
    with pytest.raises(PluginError, match="reduce must be a binary numpy ufunc"):
        load(True)



@pytest.mark.parametrize(("build", "en"), [
    (lambda: __import__("villagescore").Regulation("x-rule-2025", "X", "estimate", replaces="x-rule-2020"),
     "regulation 'x-rule-2025': replaces must be a tuple or a list, not one text 'x-rule-2020': give a tuple/list "
     "such as ('x-rule-2020',) or ['x-rule-2020']"),
    (lambda: __import__("villagescore").Regulation("x-rule-2025", "X", "estimate", sources="https://x.vn/a"),
     "regulation 'x-rule-2025': sources must be a tuple or a list, not one text 'https://x.vn/a'"),
    (lambda: Measure("incense.x", LABEL, improves="incense.natural_dye_share"),
     "measure 'incense.x': improves must be a tuple or a list, not one text 'incense.natural_dye_share'"),
    (lambda: Measure("incense.x", LABEL, ("incense.a",), sectors="incense"),
     "measure 'incense.x': sectors must be a tuple or a list"),
    (lambda: Indicator("incense.a", LABEL, "%", "higher", ("a",), sectors="incense"),
     "indicator 'incense.a': sectors must be a tuple or a list, not one text 'incense'"),
    (lambda: Indicator("incense.a", LABEL, "%", "higher", "a"),
     "indicator 'incense.a': requires must be a tuple or a list, not one text 'a'"),
    (lambda: Indicator("incense.a", LABEL, "%", "higher", ("a",), measures="incense.x"),
     "indicator 'incense.a': measures must be a tuple or a list"),
    (lambda: Field("zone", LABEL, type="category", categories="ab"),
     "field 'zone': categories must be a tuple or a list, not one text 'ab'"),
    (lambda: __import__("villagescore").Aggregator("best", lambda s, w: s, interchangeable="minimum"),
     "aggregator 'best': interchangeable must be a tuple or a list"),
    (lambda: __import__("villagescore").Reader("tsv", ".tsv", lambda p: p),
     "reader 'tsv': suffixes must be a tuple or a list, not one text '.tsv'"),
], ids=["replaces", "sources", "improves", "measure-sectors", "sectors", "requires", "measures", "categories",
        "interchangeable", "suffixes"])
def test_one_text_where_several_are_expected_is_refused(build, en):
    """Before, ``tuple("incense")`` split it into letters: 7 unknown sectors 'i', 'n' …, a measure proposed nowhere."""
    from villagescore.errors import InvalidObjectError

    with pytest.raises(InvalidObjectError) as caught:
        build()
    assert str(caught.value).startswith(en)
    assert "phải là một tuple hoặc một danh sách, không phải một chuỗi" in caught.value.text("vi")


def test_a_list_where_several_are_expected_is_kept_as_a_tuple():
    from villagescore import Regulation

    assert Regulation("x-rule-2025", "X", "estimate", replaces=["x-rule-2020"]).replaces == ("x-rule-2020",)
    assert Field("zone", LABEL, type="category", categories=["a", "b"]).categories == ("a", "b")
    assert Measure("incense.x", LABEL, ["incense.a"]).improves == ("incense.a",)
    assert Sector("incense", LABEL, measures=[Measure("incense.x", LABEL, ["incense.a"])]).measures[0].id == "incense.x"


@pytest.mark.parametrize(("dates", "key", "en", "vi"), [
    ({"valid_from": "2025-02-30"}, "valid_from", "regulation 'x-rule-2025': valid_from '2025-02-30' is not a date",
     "valid_from '2025-02-30' không phải là một ngày"),
    ({"valid_to": "2025-13-01"}, "valid_to", "valid_to '2025-13-01' is not a date", "không phải là một ngày"),
    ({"valid_to": "2025-12-31", "transition": {"until": "2026-02-29", "field": "old"}}, "transition.until",
     "transition.until '2026-02-29' is not a date", "không phải là một ngày"),
    ({"valid_from": "2023-09-12", "valid_to": "2022-12-31"}, "valid_to",
     "valid_to 2022-12-31 is before valid_from 2023-09-12", "valid_to 2022-12-31 trước valid_from 2023-09-12"),
    ({"valid_to": "2024-12-31", "transition": {"until": "2024-06-30", "field": "old"}}, "transition.until",
     "transition.until 2024-06-30 is before valid_to 2024-12-31", "transition.until 2024-06-30 trước valid_to"),
])
def test_a_regulation_s_dates_are_days_of_the_calendar_in_order(dates, key, en, vi):
    """Before: accepted; an impossible date crashed ``evaluate``, one out of order left its indicator unscored."""
    from villagescore import Regulation
    from villagescore.errors import InvalidObjectError

    with pytest.raises(InvalidObjectError) as caught:
        Regulation("x-rule-2025", "X", "estimate", **dates)
    assert en in str(caught.value) and vi in caught.value.text("vi")
    assert caught.value.key == key  # a loader says it at the key's path


def test_a_regulation_that_ends_the_day_it_begins_or_with_its_transition_is_accepted():
    from villagescore import Regulation

    one_day = Regulation("x-rule-2025", "X", "estimate", valid_from="2025-01-01", valid_to="2025-01-01",
                         transition={"until": "2025-01-01", "field": "old"})
    assert one_day.valid_to == "2025-01-01"
