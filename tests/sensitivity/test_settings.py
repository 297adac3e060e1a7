"""villagescore.sensitivity.settings: every bad setting named, the groups a run varies."""

import pytest

from villagescore import sensitivity as sa


def test_every_bad_setting_is_named_in_order():
    with pytest.raises(sa.SensitivityError) as err:
        sa.Settings(samples=0, weight_spread=1.5, estimator="x", chunk=0).check()
    message = str(err.value)
    assert message.index("samples must be") < message.index("weight spread") < message.index("estimator") \
        < message.index("chunk must be")


def test_the_groups_a_run_varies():
    assert sa.Settings().active() == sa.GROUPS
    assert sa.Settings(weights="uniform", weight_spread=0.0, threshold_spread=0.0, data=False).active() == (
        "aggregation", "missing")
    assert "chunk" not in sa.Settings(chunk=9).to_dict()


def test_nan_inf_and_a_negative_seed_are_named_not_passed_on():
    with pytest.raises(sa.SensitivityError) as err:
        sa.Settings(seed=-1, concentration=float("inf"),
                    sigma={"measured": float("inf"), "reported": float("nan"), "estimated": 0.25}).check()
    message = str(err.value)
    assert "concentration must be a finite number > 0 (got inf)" in message
    assert "seed must be >= 0 (got -1)" in message
    assert "sigma for 'measured' must be a finite number >= 0 (got inf)" in message
    assert "sigma for 'reported' must be a finite number >= 0 (got nan)" in message


def test_bad_settings_are_said_in_vietnamese_too():
    with pytest.raises(sa.SensitivityError) as err:
        sa.Settings(samples=0, estimator="x", sigma={"measured": 0.02, "reported": -1.0, "estimated": 0.25}).check()
    english, vietnamese = err.value.text("en"), err.value.text("vi")
    assert english == str(err.value)
    assert english == ("samples must be at least 1 (got 0); sigma for 'reported' must be a finite number >= 0 "
                       "(got -1.0); estimator must be jansen or salib (got 'x')")
    assert vietnamese == ("số mẫu (samples) phải ít nhất là 1 (nhận được 0); sigma của mức chất lượng số liệu "
                          "'reported' phải là một số hữu hạn >= 0 (nhận được -1.0); phương pháp ước lượng "
                          "(estimator) phải là jansen hoặc salib (nhận được 'x')")
