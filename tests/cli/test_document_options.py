"""The options of a printed report: what a command decorated with them stores, and a date it refuses."""

import datetime as dt
from types import SimpleNamespace

import click
from click.testing import CliRunner

from villagescore.cli.document_options import document_options, document_settings


def _command():
    @click.command()
    @document_options
    @click.pass_obj
    def show(app):
        settings = document_settings(app)
        click.echo(f"{settings.layout}|{settings.date}|{'/'.join(settings.issuer)}|{settings.place}|"
                   f"{'/'.join(settings.signature)}")

    return show


def test_the_options_given_reach_the_document_settings():
    res = CliRunner().invoke(_command(), ["--layout", "factsheet", "--date", "2026-12-04", "--issuer", "Sở Công Thương",
                                          "--issuer", "Phòng Kinh tế", "--place", "Hà Nội", "--signature", "Giám đốc"],
                             obj=SimpleNamespace())
    assert res.exit_code == 0, res.output
    assert res.output.strip() == "factsheet|2026-12-04|Sở Công Thương/Phòng Kinh tế|Hà Nội|Giám đốc"


def test_without_options_a_report_has_no_date_and_today_is_today():
    res = CliRunner().invoke(_command(), [], obj=SimpleNamespace())
    assert res.output.strip() == "None|None|||"
    res = CliRunner().invoke(_command(), ["--date", "today"], obj=SimpleNamespace())
    assert res.output.strip() == f"None|{dt.date.today().isoformat()}|||"


def test_a_date_not_written_as_iso_is_refused_saying_how_to_write_it():
    res = CliRunner().invoke(_command(), ["--date", "04/12/2026"], obj=SimpleNamespace())
    assert res.exit_code == 2 and "không phải là ngày: hãy viết YYYY-MM-DD" in res.output  # Vietnamese by default
