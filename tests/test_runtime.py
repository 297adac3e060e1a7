"""villagescore.runtime: the versions of Python and of the libraries that shape the bytes."""

from importlib import metadata

from villagescore.runtime import RUNTIME_PACKAGES, runtime_versions


def test_python_first_then_each_installed_package_in_a_fixed_order(monkeypatch):
    real = metadata.version

    def version(name):
        if name == "weasyprint":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(metadata, "version", version)
    found = runtime_versions()
    assert list(found)[0] == "python" and "weasyprint" not in found
    assert list(found)[1:] == [n for n in RUNTIME_PACKAGES if n != "weasyprint"]
    assert found["openpyxl"] == real("openpyxl")
