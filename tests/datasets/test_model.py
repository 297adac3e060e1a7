"""What a dataset is: read options, the two dataset objects, the names importable from the package."""

import pytest

from villagescore.errors import VillageScoreError


def test_read_options_refuse_unknown_values():
    from villagescore.datasets import ReadOptions

    with pytest.raises(VillageScoreError, match="unknown CSV locale 'fr'; choose one of: default, vi"):
        ReadOptions(csv_locale="fr")
    with pytest.raises(VillageScoreError, match="unknown percent scale 'x'"):
        ReadOptions(percent_scale="x")


def test_a_dataset_says_its_kind_from_its_metadata():
    import pandas as pd

    from villagescore.datasets import Dataset

    assert Dataset(pd.DataFrame(), "d.csv", "0").kind == "unknown"
    assert Dataset(pd.DataFrame(), "d.csv", "0", {"dataset": {"kind": "synthetic"}}).kind == "synthetic"


def test_everything_importable_before_the_split_still_is():
    from villagescore import datasets

    names = ["read_dataset", "read_raw", "read_csv", "read_xlsx", "read_json", "validate", "RawDataset", "Dataset",
             "ReadOptions", "split_sectors", "metadata_path_for", "metadata_problems", "IDENTITY_COLUMNS",
             "REQUIRED_IDENTITY", "OPTIONAL_IDENTITY", "EXTRA_PREFIX", "BOOLEAN_WORDS", "CSV_LOCALES",
             "PERCENT_SCALES", "MAX_DATASET_BYTES", "MAX_XLSX_UNCOMPRESSED", "MAX_METADATA_BYTES",
             "MAX_IDENTITY_CHARS", "AUX_SHEETS"]
    assert [n for n in names if not hasattr(datasets, n)] == []
    assert set(datasets.__all__) <= set(dir(datasets))
