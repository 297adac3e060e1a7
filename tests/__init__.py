"""The test suite; on click 8.1 its test runner gets click 8.2's streams (:mod:`tests.support.click_compat`)."""

from tests.support import click_compat

click_compat.install()
