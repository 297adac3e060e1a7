"""Test support: a toy plugin and framework independent of the first-party plugins."""

#: The identity columns every bundled and generated dataset writes, in the order the generator writes them
#: (``former_commune`` is optional and none of them has it).
DATASET_IDENTITY = ("village_id", "name", "commune", "province", "former_district", "former_province", "sectors",
                    "year")
