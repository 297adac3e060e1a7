"""How a % cell the fraction scale multiplied by 100 is quoted: ``52.8 × 100 = 5,280``, numbers per language."""

import numpy as np
import pandas as pd

from villagescore.datasets.collector import Collector
from villagescore.datasets.scaled import SCALED_OUT_OF_RANGE, refuse_scaled, scaled_product


def test_the_product_is_said_with_every_digit_written_and_no_float_noise_in_each_language():
    assert str(scaled_product(52.8, 5280.0)) == "52.8 × 100 = 5,280"
    assert scaled_product(52.8, 5280.0).text("vi") == "52,8 × 100 = 5.280"
    assert str(scaled_product("1.0000001", 1.0000001 * 100)) == "1.0000001 × 100 = 100.00001"  # not 1 × 100 = 100
    assert str(scaled_product(np.float64(12345.678), 12345.678 * 100)) == "12,345.678 × 100 = 1,234,567.8"
    assert str(scaled_product("abc", 1.0)) == "abc × 100 = 1"


def test_the_refused_cells_keep_their_value_and_say_the_product_in_the_message():
    col = Collector("d.csv", pd.DataFrame({"a": [52.8, 0.5, 33.3]}))
    written = np.array([52.8, 0.5, "33.3"], dtype=object)
    refuse_scaled(col, np.array([True, False, True]), "a", written, np.array([5280.0, 50.0, 3330.0]), "", {})
    assert [p.value for p in col.problems] == [52.8, "33.3"]
    assert [p.template for p in col.problems] == [SCALED_OUT_OF_RANGE] * 2
    assert "(33.3 × 100 = 3,330, percent scale" in col.problems[1].message
    assert written[0] == 52.8  # the cells given are not written to
