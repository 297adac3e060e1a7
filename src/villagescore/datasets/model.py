"""What a dataset is: the identity columns, the limits, the read options and the two dataset objects.

:class:`RawDataset` is what a reader returns (cells as the file has them); :class:`Dataset` is
what :func:`villagescore.datasets.validate` returns (typed columns, metadata, provenance hashes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import Problem, VillageScoreError, said
from ..i18n import N_

#: The identity columns every dataset has (``commune``'s cells may be empty, the column may not;
#: ``sectors`` may be left out when the framework scores no sector).
REQUIRED_IDENTITY = ("village_id", "name", "commune", "province", "sectors", "year")
#: ``survey_date``: the day the data were collected (``YYYY-MM-DD``), which decides the regulation
#: versions applied (without it, 31 December of ``year``).
OPTIONAL_IDENTITY = ("former_commune", "former_district", "former_province", "survey_date")
IDENTITY_COLUMNS = REQUIRED_IDENTITY + OPTIONAL_IDENTITY
#: Columns of the user's own, carried through and never scored, start with this prefix.
EXTRA_PREFIX = "x_"
#: Size limits: a dataset file, a workbook once unpacked, a metadata file.
MAX_DATASET_BYTES = 1024 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_METADATA_BYTES = 256 * 1024 * 1024
#: Columns a dataset may have (Excel's limit, column XFD): a wider header is refused before it is read.
MAX_COLUMNS = 16_384
#: Identity cells (names, communes …) longer than this are refused: a pasted block of text, not a name.
MAX_IDENTITY_CHARS = 1000
#: Number formats of CSV files: ``default`` (',' between columns, '.' decimals) or ``vi`` (Vietnamese
#: regional settings: ';' between columns, ',' decimals, '.' between groups of three digits).
CSV_LOCALES = ("default", "vi")
#: How percentage columns (unit ``%``) are read: ``auto`` refuses a column that looks like fractions
#: (0.45 for 45 %), ``percent`` takes the values as they are, ``fraction`` multiplies them by 100.
PERCENT_SCALES = ("auto", "percent", "fraction")


@dataclass(frozen=True)
class ReadOptions:
    """How to read what a file leaves implicit (the ``--csv-locale`` and ``--percent-scale`` options).

    ``csv_locale`` is one of :data:`CSV_LOCALES`; with ``vi``, text cells of any format are read
    as Vietnamese numbers (``1.234,5``). ``percent_scale`` is one of :data:`PERCENT_SCALES`;
    a column's ``scale`` in the metadata takes precedence.
    """

    csv_locale: str = "default"
    percent_scale: str = "auto"

    def __post_init__(self) -> None:
        if self.csv_locale not in CSV_LOCALES:
            raise said(VillageScoreError, N_("unknown CSV locale {value!r}; choose one of: {choices}"),
                       value=self.csv_locale, choices=", ".join(CSV_LOCALES))
        if self.percent_scale not in PERCENT_SCALES:
            raise said(VillageScoreError, N_("unknown percent scale {value!r}; choose one of: {choices}"),
                       value=self.percent_scale, choices=", ".join(PERCENT_SCALES))


@dataclass
class RawDataset:
    """A dataset as read from its file, before validation.

    ``percent_cells`` maps a column to the frame index labels of its cells that a workbook
    formats as percentages (the cell holds 0.45 and shows 45 %); ``notes`` are things the user
    should know about how the file was read (which sheet, hidden sheets skipped).
    """

    frame: pd.DataFrame
    path: str
    sha256: str
    metadata: dict[str, Any] | None = None
    metadata_sha256: str | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    percent_cells: dict[str, list[int]] = field(default_factory=dict)
    options: ReadOptions = field(default_factory=ReadOptions)
    #: a DataFrame's own index labels, by position (:func:`villagescore.api.frame_dataset`): problems name a row
    #: by its label beside its number; ``None`` for a file
    row_labels: Any = None
    #: where a workbook's metadata was read (:class:`~villagescore.datasets.metadata_sheets.SheetCells`): its
    #: problems name the sheet and cell; ``None`` for a sidecar file or no metadata
    metadata_cells: Any = None


@dataclass
class Dataset:
    """A validated dataset: typed columns, metadata, provenance hashes."""

    frame: pd.DataFrame
    path: str
    sha256: str
    metadata: dict[str, Any] | None = None
    metadata_sha256: str | None = None
    problems: list[Problem] = field(default_factory=list)  # rows dropped by keep_going
    notes: list[str] = field(default_factory=list)  # how the file was read (RawDataset.notes)
    warnings: list[Any] = field(default_factory=list)  # rows that break a plausibility check (never errors)
    left_out: list[dict[str, Any]] = field(default_factory=list)  # rows dropped by keep_going (datasets.dropped)
    #: the file's row (spreadsheet numbering, the header is row 1) of each row of ``frame``, by position;
    #: ``None`` when the dataset was not read from a file by the validator
    rows: Any = None
    #: a DataFrame's own index labels, by the position of its row before validation (``rows`` − 2;
    #: :attr:`RawDataset.row_labels`): warnings name a row by its label beside its number; ``None`` for a file
    row_labels: Any = None

    def __repr__(self) -> str:  # a notebook shows this, not the frame and every problem
        from ..reprs import counted, short_repr

        frame = self.frame
        villages = frame["village_id"].nunique() if "village_id" in frame.columns else 0
        return short_repr("Dataset", self.path, None, f"{len(frame):,} rows × {len(frame.columns):,} columns",
                          counted(villages, "village"), counted(len(self.problems), "problem"),
                          counted(len(self.warnings), "warning"))

    @property
    def kind(self) -> str:
        """``real``, ``real-shaped``, ``illustrative``, ``synthetic`` or ``unknown``."""
        return ((self.metadata or {}).get("dataset") or {}).get("kind", "unknown")

    @property
    def complete(self) -> bool:
        """Whether the metadata says the dataset lists every craft village of its area (``dataset.complete``)."""
        return ((self.metadata or {}).get("dataset") or {}).get("complete") is True


def with_reference_date(dataset: Dataset, as_of: str | None) -> Dataset:
    """The dataset judged as of ``as_of`` (``YYYY-MM-DD``: every row's reference date set to it), or unchanged.

    The regulation versions in force on that date then apply to every village-year
    (``--as-of``, ``evaluate(as_of=…)``).
    """
    if not as_of:
        return dataset
    import dataclasses

    return dataclasses.replace(dataset, frame=dataset.frame.assign(survey_date=as_of))
