"""Hidden tests of iterative_sign_attack: the given classifier, steps the epsilon box must stop, images, losses, rules.

Every test first compares the attack's result on an ordinary input with the reference's, so a
function that returns something of the right shape but the wrong values earns nothing here.
"""

from __future__ import annotations

import pytest
import torch

CLASSIFIER = {"kind": "SmallClassifier", "options": {"in_features": 5, "hidden": 12, "num_classes": 3}}
CONV_NET = {"kind": "conv", "options": {"channels": 2, "size": 5, "classes": 3}}
# Points are per dtype variant; only the device variants share theirs.
DTYPES = [pytest.param("float32", id="float32"), pytest.param("float64", id="float64")]


def run_on_the_classifier(attacks, seed, epsilon, step_size, steps, device, dtype, **kwargs):
    x, target = attacks.unit_inputs(seed, (12, 5)), attacks.labels(seed + 1, 12, 3)
    got, expected = attacks.run("iterative_sign_attack", CLASSIFIER, seed, x, target, epsilon, step_size, steps,
                                device=device, dtype=dtype, **kwargs)
    return x, got, expected


@pytest.mark.points(1.25, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_matches_the_reference_on_the_given_classifier(attacks, device, dtype):
    for seed, epsilon, step_size, steps in ((710, 0.1, 0.03, 6), (720, 0.3, 0.05, 10)):
        _, got, expected = run_on_the_classifier(attacks, seed, epsilon, step_size, steps, device, dtype)
        attacks.assert_same_result(got, expected, f"iterative_sign_attack on a SmallClassifier ({dtype})", dtype, device)


@pytest.mark.points(1, visibility="hidden")
def test_large_steps_stay_within_epsilon_of_x_and_in_the_unit_box(attacks, device):
    x, got, expected = run_on_the_classifier(attacks, 730, 0.05, 0.08, 4, device, "float64")
    attacks.assert_same_result(got, expected, "iterative_sign_attack with steps larger than epsilon", "float64", device)
    result = got["result"].cpu()
    assert (result - x).abs().max() <= 0.05 + 1e-12, "an iterate left the box of epsilon around the original x"
    assert result.min() >= 0 and result.max() <= 1, "an iterate left [0, 1]"


@pytest.mark.points(0.5, visibility="hidden")
def test_image_batches_through_a_conv_net(attacks, device):
    x, target = attacks.unit_inputs(740, (6, 2, 5, 5)), attacks.labels(741, 6, 3)
    got, expected = attacks.run("iterative_sign_attack", CONV_NET, 742, x, target, 0.1, 0.02, 8,
                                device=device, dtype="float64")
    attacks.assert_same_result(got, expected, "iterative_sign_attack on images [N, C, H, W] through a small conv net",
                               "float64", device)


@pytest.mark.points(0.5, visibility="hidden")
def test_uses_the_loss_fn_it_is_given(attacks, device):
    for loss in ("targeted", "margin"):
        _, got, expected = run_on_the_classifier(attacks, 750, 0.1, 0.03, 5, device, "float64", loss_fn=loss)
        attacks.assert_same_result(got, expected, f"iterative_sign_attack with another loss_fn ({loss})", "float64", device)


@pytest.mark.points(0.5, visibility="hidden")
def test_leaves_the_model_and_x_as_they_were(attacks, device):
    _, got, expected = run_on_the_classifier(attacks, 760, 0.1, 0.03, 5, device, "float32")
    attacks.assert_same_result(got, expected, "iterative_sign_attack on a SmallClassifier (float32)", "float32", device)
    attacks.assert_left_as_found(got, "iterative_sign_attack")


@pytest.mark.points(0.5, visibility="hidden")
def test_zero_steps_give_a_copy_of_x(attacks, device):
    _, got, expected = run_on_the_classifier(attacks, 770, 0.1, 0.03, 5, device, "float64")
    attacks.assert_same_result(got, expected, "iterative_sign_attack on a SmallClassifier", "float64", device)
    _, got, expected = run_on_the_classifier(attacks, 770, 0.1, 0.03, 0, device, "float64")
    attacks.assert_same_result(got, expected, "iterative_sign_attack with steps=0", "float64", device)
    attacks.assert_left_as_found(got, "iterative_sign_attack with steps=0")
