"""The result document, schema version 2: written as it is produced, read back as a stream.

A result document (``schemas/result.schema.json``, ``docs/result-format.md``) has the
document-level tables first — ``schema_version``, ``provenance``, ``framework`` (tiers,
pillars, criteria, indicators with their unit, label and reference numbers, gates),
``references`` (each legal reference once), ``regulations`` and ``flags`` — then
``villages``: one compact record per village-year whose per-node values are arrays in the
order of the framework tables (``indicators.score[j]`` is ``framework.indicators[j]``).

Two layouts of the same content:

* **JSON** (``--format json``): compact, one village-year per line after a first line that
  holds the document-level tables and opens ``"villages":[``; indented (2 spaces) only on
  request or for small results (:data:`PRETTY_LIMIT`).
* **JSON Lines** (``--format jsonl``): the first line is the header (the document-level
  tables, ``"record": "header"``), then one village-year per line, then the end record
  ``{"record": "end", "village_years": N}`` (without it the file was cut short: :func:`read_result`
  refuses it).

Records are written :data:`CHUNK` village-years at a time from the engine's arrays, column
by column (:mod:`.encoding`: the bytes ``json.dumps`` gives for :func:`village_records`,
without building them), so memory stays bounded whatever the number of villages.
:func:`read_result` reads either layout (and version-1 documents) back as a header and an
iterator of village records, streaming where the layout allows.
"""


from ..numbers import round_like_python
from .codes import CHUNK, FLAGS, PRETTY_LIMIT, SCHEMA_VERSION, STATUS_CODES
from .expanded import expand
from .header import header, weight_profiles
from .reading import ResultReadError, read_result, read_result_stream, starts_like_result, starts_with_header_line
from .records import to_document, village_records
from .writers import write_json, write_jsonl

__all__ = ["SCHEMA_VERSION", "PRETTY_LIMIT", "CHUNK", "FLAGS", "STATUS_CODES", "round_like_python", "header",
           "village_records", "weight_profiles", "to_document", "write_json", "write_jsonl", "read_result",
           "read_result_stream", "expand", "ResultReadError", "starts_like_result", "starts_with_header_line"]
