"""How a % cell the fraction scale multiplied by 100 is quoted: ``52.8 × 100 = 5280``, numbers per language."""

import numpy as np

from villagescore.datasets.scaled import scaled_cells


def test_only_the_refused_cells_are_quoted_scaled_in_each_language():
    written = np.array([52.8, 0.5, "33.3"], dtype=object)
    cells = scaled_cells(written, np.array([5280.0, 50.0, 3330.0]), np.array([True, False, True]))
    assert (str(cells[0]), cells[1], str(cells[2])) == ("52.8 × 100 = 5280", 0.5, "33.3 × 100 = 3330")
    assert cells[0].text("vi") == "52,8 × 100 = 5280"
    assert written[0] == 52.8  # the cells given are not written to
