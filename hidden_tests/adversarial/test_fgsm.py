"""Hidden tests of fgsm: the given classifier with other sizes and weights, image batches, other losses, the rules.

Every test first compares fgsm's result on an ordinary input with the reference's, so a function
that returns something of the right shape but the wrong values earns nothing here.
"""

from __future__ import annotations

import pytest

CLASSIFIER = {"kind": "SmallClassifier", "options": {"in_features": 5, "hidden": 12, "num_classes": 3}}
CONV_NET = {"kind": "conv", "options": {"channels": 2, "size": 5, "classes": 3}}
# Points are per dtype variant; only the device variants share theirs.
DTYPES = [pytest.param("float32", id="float32"), pytest.param("float64", id="float64")]


def run_on_the_classifier(attacks, seed, epsilon, device, dtype, **kwargs):
    x, target = attacks.unit_inputs(seed, (12, 5)), attacks.labels(seed + 1, 12, 3)
    return attacks.run("fgsm", CLASSIFIER, seed, x, target, epsilon, device=device, dtype=dtype, **kwargs)


@pytest.mark.points(1.25, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_matches_the_reference_on_the_given_classifier(attacks, device, dtype):
    for seed, epsilon in ((610, 0.1), (620, 0.03)):
        got, expected = run_on_the_classifier(attacks, seed, epsilon, device, dtype)
        attacks.assert_same_result(got, expected, f"fgsm on a SmallClassifier ({dtype})", dtype, device)


@pytest.mark.points(1, visibility="hidden")
def test_image_batches_through_a_conv_net(attacks, device):
    x, target = attacks.unit_inputs(630, (6, 2, 5, 5)), attacks.labels(631, 6, 3)
    got, expected = attacks.run("fgsm", CONV_NET, 632, x, target, 0.05, device=device, dtype="float64")
    attacks.assert_same_result(got, expected, "fgsm on images [N, C, H, W] through a small conv net", "float64", device)


@pytest.mark.points(1, visibility="hidden")
def test_uses_the_loss_fn_it_is_given(attacks, device):
    for loss in ("targeted", "margin"):
        got, expected = run_on_the_classifier(attacks, 640, 0.1, device, "float64", loss_fn=loss)
        attacks.assert_same_result(got, expected, f"fgsm with another loss_fn ({loss})", "float64", device)


@pytest.mark.points(0.5, visibility="hidden")
def test_leaves_the_model_and_x_as_they_were(attacks, device):
    got, expected = run_on_the_classifier(attacks, 650, 0.1, device, "float32")
    attacks.assert_same_result(got, expected, "fgsm on a SmallClassifier (float32)", "float32", device)
    attacks.assert_left_as_found(got, "fgsm")


@pytest.mark.points(0.5, visibility="hidden")
def test_epsilon_zero_gives_a_copy_of_x(attacks, device):
    got, expected = run_on_the_classifier(attacks, 660, 0.1, device, "float64")
    attacks.assert_same_result(got, expected, "fgsm on a SmallClassifier", "float64", device)
    got, expected = run_on_the_classifier(attacks, 660, 0.0, device, "float64")
    attacks.assert_same_result(got, expected, "fgsm with epsilon 0", "float64", device)
    attacks.assert_left_as_found(got, "fgsm with epsilon 0")
