"""The store in Datasette, in process (Datasette's test client); the browser test is tests/e2e/test_serve_browser.py."""

import asyncio
import hashlib
import re
from pathlib import Path

import pytest

from tests.support.read_only_mount import require_mounting, run_with_read_only_mount

from .conftest import ODD_NAME, require_datasette


@pytest.fixture(scope="module")
def client(served_store):
    require_datasette()
    from villagescore.serve import build

    ds = build(served_store, lang="vi")

    def get(path):
        return asyncio.run(ds.client.get(path))

    return get


def test_home_and_tables(client):
    res = client("/")
    assert res.status_code == 200 and "Craft-village evaluations over the years" in res.text
    res = client("/store/village_years.json?_shape=objects&_size=5")
    assert res.status_code == 200
    doc = res.json()
    assert set(doc["facet_results"]) >= {"province_current", "year", "rating", "framework_version", "sectors"}
    years = {f["value"] for f in doc["facet_results"]["year"]["results"]}
    assert {2021, 2025} <= years


def test_village_id_cells_link_to_the_village_page(client):
    res = client("/store/village_years?village_id=phung-xa-my-duc")
    assert res.status_code == 200
    assert 'href="/-/village/phung-xa-my-duc"' in res.text


def test_village_page_draws_the_stored_results(client):
    res = client("/-/village/phung-xa-my-duc")
    assert res.status_code == 200
    html = res.text
    assert "Làng dệt Phùng Xá" in html and "Kế hoạch cải thiện" in html
    assert html.count('<svg class="radar"') == 2  # 2025 and 2021
    assert len(re.findall(r'<polygon class="village"', html)) == 2
    assert '<polygon class="previous"' in html  # 2021 drawn dashed behind 2025
    assert 'class="vs plan"' in html and "qcvn-40-2011" in html
    assert "Dệt, nhuộm (khăn bông, lụa) (weaving)" in html  # the sector's label beside its id
    assert "<th>Môi trường (environment)</th>" in html  # audit 13: a pillar column's id beside its label
    # seventeenth walk: the crumbs named the store and its table by id alone, the history a rating by label alone
    assert ">Kho kết quả (store)</a>" in html and ">Làng nghề theo năm (village_years)</a>" in html
    assert "<td>Cần cải thiện (needs_improvement)</td>" in html
    en = client("/-/village/phung-xa-my-duc?lang=en")
    assert ">Results store (store)</a>" in en.text and "<td>Needs improvement (needs_improvement)</td>" in en.text
    assert "Improvement plan" in en.text and "Needs improvement" in en.text
    assert "(weaving)" in en.text and "weaving, sericulture" not in en.text


def test_village_page_escapes_names_and_answers_404(client):
    res = client("/-/village/odd-village")
    assert res.status_code == 200
    assert ODD_NAME not in res.text and "&lt;script&gt;" in res.text
    assert "<script>alert" not in res.text
    missing = client("/-/village/" + "no-such-&-village")
    assert missing.status_code == 404 and "404 — Không tìm thấy · Not found" in missing.text  # seventeenth walk
    assert "no-such-&amp;-village" in missing.text and "no-such-&-" not in missing.text
    assert "Trang chủ · Home" in client("/-/village/no-such-village?lang=en").text


@pytest.mark.parametrize("name", ["province_ranking", "year_over_year", "gates_fired_by_province",
                                  "closest_to_next_tier"])
def test_canned_queries_answer(client, name):
    res = client(f"/store/{name}.json?_shape=objects&year=")
    assert res.status_code == 200, res.text[:500]
    assert res.json()["rows"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_word_of_the_village_page_is_in_the_catalogues(lang):
    from villagescore.i18n import t
    from villagescore.serve.plugin import _W, _w

    for word, key in _W.items():
        assert _w(word, lang) == t(key, lang), (word, key, lang)
        assert t(key, "vi") != key, key  # in the Vietnamese catalogue (English may spell a key as it is: "none")
    assert _w("other_lang", lang) == {"vi": "English", "en": "Tiếng Việt"}[lang]


@pytest.mark.parametrize(("lang", "said"), [
    ("vi", ("5.000.000 đồng/tháng", "8.820.000 đồng/tháng", "(economy.wage_to_minimum)", "(gate.effluent_cod_column_b)",
            "mã băm sha256", "mã băm bộ tiêu chí đã phân giải", "Nghị định 52/2018/NĐ-CP (decree-52-2018)",
            "ceramics 0.1.0", "Văn bản quy định áp dụng")),
    ("en", ("5,000,000 VND/month", "8,820,000 VND/month", "(economy.wage_to_minimum)", "(gate.effluent_cod_column_b)",
            "resolved framework hash", "(decree-52-2018)", "ceramics 0.1.0", "Regulations applied")),
])
def test_village_page_formats_plans_and_provenance_in_the_language_of_the_page(client, lang, said):
    import html

    text = html.unescape(client(f"/-/village/phung-xa-my-duc?lang={lang}").text)
    for words in said:
        assert words in text, words
    assert "5000000" not in text and "8820000" not in text and "ceramics==" not in text
    ceramics = Path(__file__).parents[2] / "plugins" / "villagescore_ceramics" / "catalogue.yaml"
    assert f"ceramics 0.1.0 (catalogue.yaml {hashlib.sha256(ceramics.read_bytes()).hexdigest()[:12]})" in text
    if lang == "vi":
        assert " · resolved " not in text and "2.0455" not in text


@pytest.mark.parametrize(("lang", "said"), [
    ("vi", ("không phải số liệu thực đo", "Tỷ lệ đầu vào ước tính: 95 %. CẢNH BÁO", "Không dùng các giới hạn chưa",
            "<h3>Điều kiện bắt buộc không đạt</h3>")),
    ("en", ("not real measured data", "Estimated inputs: 95 %. WARNING", "Limits unverified",
            "<h3>Mandatory rules failed</h3>")),
])
def test_the_village_page_prints_the_notices_of_every_report(client, lang, said):
    """Audit 15: the page showed Phùng Xá's scores (95 % estimated inputs) with none of the reports' notices."""
    import html

    text = html.unescape(client(f"/-/village/phung-xa-my-duc?lang={lang}").text)
    for words in said:
        assert words in text, words
    assert text.count('class="notices"') == 2  # 2025 and 2021


@pytest.mark.parametrize(("lang", "said"), [("vi", "Rule 40:2011 về nước thải của làng nghề (rule-2011)"),
                                            ("en", "Rule 40:2011 (rule-2011)")])
def test_village_page_names_a_regulation_with_its_title_in_the_language_of_the_page(tmp_path, toy_registry, lang,
                                                                                    said):
    """Walk 15: the page named a third-party regulation by its stored (English) document, without its title."""
    import html

    from tests.support import gate_limits as gl

    require_datasette()
    from villagescore.serve import build

    ds = build(gl.titled_store(tmp_path / "s.sqlite", toy_registry), lang="vi")
    text = html.unescape(asyncio.run(ds.client.get(f"/-/village/v0?lang={lang}")).text)
    assert said in text


def test_the_village_page_lists_only_the_versions_that_scored_an_indicator(tmp_path):
    """Audit 15 (h4) #2: a village-year with no data listed every version cited as applied."""
    require_datasette()
    import pandas as pd

    import villagescore as vs
    from villagescore.serve import build
    from villagescore.store import Store

    from .conftest import PHUNG_XA

    frame = pd.read_csv(PHUNG_XA, dtype=str, keep_default_na=False).iloc[[0]].copy()
    for column in frame.columns:
        if column not in ("village_id", "name", "commune", "province", "former_district", "former_province",
                          "sectors", "year"):
            frame[column] = ""
    frame["village_id"] = "empty-village"
    path = tmp_path / "store.sqlite"
    with Store(path, create=True) as store:
        store.add(vs.evaluate(frame))
    html = asyncio.run(build(path, lang="vi").client.get("/-/village/empty-village")).text
    assert "qcvn-40-2011" not in html and "Văn bản quy định áp dụng" in html


def test_a_store_on_a_read_only_mount_is_served(tmp_path):
    """Audit 2026-12-07: Datasette's read-only mode needs a -shm file, which a read-only mount cannot take."""
    require_datasette()

    import villagescore as vs
    from villagescore.store import Store

    from .conftest import PHUNG_XA

    require_mounting()
    path = tmp_path / "store.sqlite"
    with Store(path, create=True) as store:
        store.add(vs.evaluate(PHUNG_XA), now="2026-01-01T00:00:00+00:00")
    code = ("import asyncio, sys\nfrom villagescore.serve import build\nds = build(sys.argv[1], lang='en')\n"
            "res = asyncio.run(ds.client.get('/store/evaluations.json?_shape=array'))\n"
            "print(res.status_code, len(res.json()))\n")
    done = run_with_read_only_mount(tmp_path, tmp_path, code, path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["200", "1"]


def test_a_store_on_a_read_only_mount_is_served_from_a_snapshot_the_host_path_cannot_break(tmp_path):
    """Walk 15 review: served as an immutable live file, a store written through the host's path gave HTTP 500
    "database disk image is malformed" on every later request."""
    require_datasette()

    import villagescore as vs
    from villagescore.store import Store

    from .conftest import PHUNG_XA

    require_mounting()
    rw, ro = tmp_path / "rw", tmp_path / "ro"
    rw.mkdir()
    ro.mkdir()
    with Store(rw / "store.sqlite", create=True) as store:
        store.add(vs.evaluate(PHUNG_XA), now="2026-01-01T00:00:00+00:00")
    code = ("import asyncio, sys\nimport villagescore as vs\nfrom villagescore.serve import build\n"
            "from villagescore.store import Store\nds = build(sys.argv[1], lang='en')\n"
            "get = lambda: asyncio.run(ds.client.get('/store/evaluations.json?_shape=array'))\n"
            "res = get()\nprint(res.status_code, len(res.json()))\n"
            "with Store(sys.argv[2]) as s: s.add(vs.evaluate(sys.argv[3]),"
            " now='2026-01-02T00:00:00+00:00')\n"
            "res = get()\nprint(res.status_code, len(res.json()))\n"
            "print(ds.databases['store'].path == sys.argv[1])\n")
    other = PHUNG_XA.parents[1] / "villages" / "villages.csv"
    done = run_with_read_only_mount(rw, ro, code, ro / "store.sqlite", rw / "store.sqlite", other)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:3] == ["200 1", "200 1", "False"]  # a private copy, not the live file
    assert "serving a snapshot of it taken at" in done.stderr and "restart villagescore serve" in done.stderr


def test_a_stored_plan_step_on_a_missing_value_says_to_record_it():
    """Audit 2026-12 (15th walk, left over) #1: serve's plan said nothing of a value to record (— → 0)."""
    require_datasette()
    from villagescore.serve.plugin import _plan_step

    gate = {"indicator": "society.child_labour", "from": None, "to": 0, "overall_gain": 0.05, "reason": "record",
            "gate": "gate.no_child_labour", "measures": []}
    named = dict(gate)
    _plan_step(named, {"label_en": "Child labour"}, "en",
               {"gate.no_child_labour": "No prohibited child labour (gate.no_child_labour)"})
    assert named["measure_text"] == ("Record the value (not judged without it) for mandatory rule: "
                                     "No prohibited child labour (gate.no_child_labour)")  # its label beside its id
    _plan_step(gate, {"label_en": "Child labour"}, "en")  # a rule the store does not name: its id
    assert gate["measure_text"] == "Record the value (not judged without it) for mandatory rule: gate.no_child_labour"
    score = {"indicator": "society.pollution_complaints", "from": None, "to": 0, "reason": "record", "gate": None,
             "measures": [{"id": "m", "label": "Biện pháp"}]}
    _plan_step(score, {"label_vi": "Phản ánh"}, "vi")
    assert score["measure_text"] == "Ghi nhận giá trị (thiếu thì chỉ số chưa được chấm điểm); Biện pháp"


@pytest.fixture(scope="module")
def formula_client(tmp_path_factory):
    """A store whose commune is a formula (received from a commune), served as ``serve`` serves it."""
    require_datasette()
    import pandas as pd

    import villagescore as vs
    from villagescore.serve import build
    from villagescore.store import Store

    from .conftest import PHUNG_XA

    frame = pd.read_csv(PHUNG_XA)
    frame["commune"] = '=HYPERLINK("http://evil.example","x")'
    path = tmp_path_factory.mktemp("formula") / "f.db"
    with Store(path, create=True) as store:
        store.add(vs.evaluate(frame))
    servers = {allow: build(path, lang="vi", allow_sql=allow) for allow in (False, True)}

    def get(path, allow_sql=False):
        return asyncio.run(servers[allow_sql].client.get(path))

    return get


def test_a_csv_download_neutralises_formula_cells(formula_client):
    res = formula_client("/f/village_years.csv?_dl=1&_stream=on")
    assert res.status_code == 200 and res.headers["content-disposition"].startswith("attachment")
    assert '"=HYPERLINK' not in res.text and '"\'=HYPERLINK(""http://evil.example"",""x"")"' in res.text
    assert ",2021," in res.text  # numbers as Datasette writes them


@pytest.mark.parametrize("path", ["//etc/passwd", "/../x", "/no-such-database", "/f/no_such_table"])
def test_a_page_not_found_is_a_plain_404_without_a_traceback(formula_client, capsys, path):
    res = formula_client(path)
    assert res.status_code == 404 and "Không tìm thấy · Not found" in res.text
    assert "Traceback" not in capsys.readouterr().err


def test_every_answer_carries_the_safety_headers(formula_client):
    for path in ("/", "/f/village_years", "/f/village_years.csv", "/nope"):
        headers = formula_client(path).headers
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        assert headers["content-security-policy"] == "frame-ancestors 'none'"


def test_sql_of_a_visitors_own_is_refused_unless_allowed(formula_client):
    refused = formula_client("/f?sql=select+1")
    assert refused.status_code == 403 and "--allow-sql" in refused.text
    assert "Không được phép · Forbidden" in refused.text
    for path in ("/f/village_years?_where=1=1", "/f/village_years.json?_where=1"):  # said in both languages too
        where = formula_client(path)
        assert where.status_code == 403 and "--allow-sql" in where.text and "Câu lệnh SQL tự viết" in where.text
    assert formula_client("/f/province_ranking.json?year=").status_code == 200  # canned queries answer
    assert formula_client("/f/village_years.json?_facet=province").status_code == 200
    assert formula_client("/f.json?sql=select+1", allow_sql=True).status_code == 200


@pytest.mark.parametrize("query", ["_sort=nope", "_sort_desc=nope", "_sort=year&_sort_desc=year", "_timelimit=abc",
                                   "_through=nope", "province__in=%5B"])
@pytest.mark.parametrize("suffix", ["", ".json", ".csv"])
def test_a_bad_sort_or_parameter_value_is_a_plain_400_without_a_traceback(formula_client, capsys, query, suffix):
    """Sixteenth walk: Datasette answered these with a 500 page and a traceback in the server's terminal."""
    res = formula_client(f"/f/village_years{suffix}?{query}")
    assert res.status_code == 400 and "Traceback" not in res.text
    said = res.json()["error"] if suffix == ".json" else res.text
    assert " · " in said and ("Cannot" in said or "could not be read" in said)  # the reason, in both languages
    printed = capsys.readouterr()
    assert "Traceback" not in printed.out + printed.err


@pytest.mark.parametrize(("path", "status", "said"), [
    ("/f/village_years?_col=nope", 400, "_col=nope: bảng này không có cột đó"),
    ("/f/village_years.json?_nocol=id", 400, "_nocol=id: bảng này không có cột đó"),
    ("/f/no_such_table", 404, "Kho kết quả không có bảng hay truy vấn nào tên như vậy"),
    ("/f/village_years/999999", 404, "Bảng này không có dòng nào với khoá đó"),
])
def test_datasettes_own_reasons_are_said_in_both_languages(formula_client, capsys, path, status, said):
    """Seventeenth walk: the bilingual error page carried Datasette's reason in English alone."""
    res = formula_client(path)
    text = res.json()["error"] if ".json" in path else res.text
    assert res.status_code == status and said in text and " · " in text and "Traceback" not in text
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(("sql", "said"), [("update+village_years+set+name=1", "chỉ chạy được truy vấn SELECT"),
                                           ("select+*+from+pragma_foo", "Không chạy được lệnh PRAGMA này")])
def test_sql_datasette_refuses_is_said_in_both_languages(formula_client, sql, said):
    res = formula_client(f"/f.json?sql={sql}", allow_sql=True)
    error = res.json()["error"]
    assert res.status_code == 400 and said in error and " · " in error and "Statement" not in error
