"""Hidden tests of regression_attack: the given tanh regressor on both sides of its tanh, saturated outputs, the rules.

Every test first compares the attack's result on an ordinary input with the reference's, so a
function that returns something of the right shape but the wrong values earns nothing here.
"""

from __future__ import annotations

import pytest

REGRESSOR = {"kind": "TanhRegressor", "options": {"in_features": 3, "hidden": 10, "out_features": 2}}
# The output layer scaled up: most pre-activations start where the tanh is flat.
SATURATED = {**REGRESSOR, "out_scale": 4.0}
# Points are per variant; only the device variants share theirs.
DTYPES = [pytest.param("float32", id="float32"), pytest.param("float64", id="float64")]
SIDES = [pytest.param(False, id="tanh_output"), pytest.param(True, id="tanh_input")]


def run_on_the_regressor(attacks, spec, seed, step_size, steps, on_pre_tanh, device, dtype):
    x, target = attacks.normal_inputs(seed, (8, 3)), attacks.targets(seed + 1, (8, 2))
    return attacks.run("regression_attack", spec, seed, x, target, step_size, steps, on_pre_tanh,
                       device=device, dtype=dtype)


def side(on_pre_tanh: bool) -> str:
    return "on the tanh's input" if on_pre_tanh else "on the tanh's output"


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("on_pre_tanh", SIDES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_matches_the_reference_on_the_given_regressor(attacks, device, dtype, on_pre_tanh):
    for seed, step_size, steps in ((810, 0.05, 10), (820, 0.2, 3)):
        got, expected = run_on_the_regressor(attacks, REGRESSOR, seed, step_size, steps, on_pre_tanh, device, dtype)
        attacks.assert_same_result(got, expected, f"regression_attack {side(on_pre_tanh)} ({dtype})", dtype, device)


@pytest.mark.points(1, visibility="hidden")
def test_saturated_outputs(attacks, device):
    for on_pre_tanh in (False, True):
        got, expected = run_on_the_regressor(attacks, SATURATED, 830, 0.05, 20, on_pre_tanh, device, "float64")
        attacks.assert_same_result(got, expected, f"regression_attack {side(on_pre_tanh)}, starting saturated",
                                   "float64", device)


@pytest.mark.points(0.5, visibility="hidden")
def test_leaves_the_model_and_x_as_they_were(attacks, device):
    for on_pre_tanh in (False, True):
        got, expected = run_on_the_regressor(attacks, REGRESSOR, 840, 0.05, 5, on_pre_tanh, device, "float32")
        what = f"regression_attack {side(on_pre_tanh)}"
        attacks.assert_same_result(got, expected, f"{what} (float32)", "float32", device)
        attacks.assert_left_as_found(got, what)


@pytest.mark.points(0.5, visibility="hidden")
def test_zero_steps_give_a_copy_of_x(attacks, device):
    got, expected = run_on_the_regressor(attacks, REGRESSOR, 850, 0.05, 5, True, device, "float64")
    attacks.assert_same_result(got, expected, "regression_attack on the tanh's input", "float64", device)
    got, expected = run_on_the_regressor(attacks, REGRESSOR, 850, 0.05, 0, True, device, "float64")
    attacks.assert_same_result(got, expected, "regression_attack with steps=0", "float64", device)
    attacks.assert_left_as_found(got, "regression_attack with steps=0")
