"""``villagescore serve`` in a real headless browser: home page, a faceted table, a village page.

Starts ``villagescore serve --store S --port P`` as a subprocess on 127.0.0.1 (a free port),
waits until it answers (bounded), then has Chromium take screenshots and dump the DOM.
Skip rules as in ``test_browser.py``: without Chromium or Datasette the test is skipped,
except in CI (``CI`` set), where either missing is a failure.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.e2e.test_browser import _chromium, _Dom, _png_size_and_pixels, _run
from tests.serve.conftest import NATIONAL, PHUNG_XA, require_datasette

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1280, 1600


@pytest.fixture(scope="module")
def chromium():
    binary = _chromium()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but no Chromium binary was found (apt-get install -y chromium)")
        pytest.skip("no Chromium binary found (install Debian's 'chromium' package); not in CI")
    return binary


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_datasette()
    from click.testing import CliRunner

    from villagescore.cli import cli

    store = tmp_path_factory.mktemp("serve") / "store.sqlite"
    for dataset in (PHUNG_XA, NATIONAL):
        res = CliRunner().invoke(cli, ["store", "add", str(dataset), "--store", str(store)])
        assert res.exit_code == 0, res.output
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "villagescore", "serve", "--store", str(store),
                             "--port", str(port), "--lang", "vi"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=2) as res:
                    if res.status == 200:
                        break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"villagescore serve exited: {proc.stderr.read().decode(errors='replace')[-2000:]}")
                if time.monotonic() > deadline:
                    pytest.fail("villagescore serve did not answer within 60 s")
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:  # pragma: no cover - uvicorn stops on SIGTERM
            proc.kill()
            proc.wait(10)


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as res:
        return res.status, res.read().decode("utf-8")


def test_answers_on_localhost_with_the_village_table_and_a_village_page(server):
    status, html = _get(server + "/store/village_years?_sort=year")  # Phùng Xá 2021 comes first
    assert status == 200 and "Village-years" in html and 'href="/-/village/phung-xa-my-duc"' in html
    status, html = _get(server + "/-/village/phung-xa-my-duc")
    assert status == 200 and "Làng dệt Phùng Xá" in html


@pytest.mark.parametrize(("path", "expected"), [
    ("/", "Kết quả đánh giá làng nghề qua các năm"),
    ("/store/village_years?_facet=province_current&_facet=year", "province_current"),
    ("/-/village/phung-xa-my-duc", "Làng dệt Phùng Xá"),
])
def test_pages_render_in_chromium(chromium, server, tmp_path, path, expected):
    url = server + path
    dom = _run(chromium, tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-2000:]
    parsed = _Dom()
    parsed.feed(dom.stdout.decode("utf-8"))
    text = " ".join(parsed.text)
    assert expected in text
    if path.startswith("/-/village/"):
        assert parsed.radars == 2 and len(parsed.polygons) == 2
        assert all(len(p.split()) == 4 for p in parsed.polygons)
        assert "Kế hoạch cải thiện" in text and "Nguồn gốc kết quả" in text
    if "_facet" in path:
        assert "Hà Nội" in text and "2025" in text
    png = tmp_path / "page.png"
    shot = _run(chromium, tmp_path, f"--screenshot={png}", f"--window-size={WIDTH},{HEIGHT}", "--hide-scrollbars",
                url)
    assert shot.returncode == 0, shot.stderr.decode(errors="replace")[-2000:]
    data = png.read_bytes()
    width, height, pixels = _png_size_and_pixels(data)
    assert (width, height) == (WIDTH, HEIGHT)
    # a blank or error page compresses to a few kB and has a handful of byte values
    assert len(data) > 30_000
    assert len(set(pixels)) > 50
