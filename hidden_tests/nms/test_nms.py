"""Hidden tests for nms: random detection scenes, the threshold's edge, ties, and side effects.

Where scores tie exactly, several answers are right; `assert_valid_greedy_nms` accepts each of them.
"""

import pytest
import torch
from autograder.compare import assert_tensor_equal

# Points are per variant: each dtype (and shape) variant scores on its own; only devices share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]

# IoUs this close to the threshold may be decided either way by rounding; the data avoids them.
ROUNDING_MARGIN = 1e-4


def detection_scene(seed: int, n_objects: int, per_object: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Several jittered detections of each of a few objects, with distinct random scores (float64, CPU)."""
    g = torch.Generator().manual_seed(seed)
    centres = torch.rand(n_objects, 2, generator=g, dtype=torch.float64) * 200
    sizes = 10 + torch.rand(n_objects, 2, generator=g, dtype=torch.float64) * 40
    centres = centres.repeat_interleave(per_object, dim=0)
    sizes = sizes.repeat_interleave(per_object, dim=0)
    centres = centres + torch.randn(centres.shape, generator=g, dtype=torch.float64) * sizes * 0.15
    sizes = sizes * (1 + 0.2 * torch.randn(sizes.shape, generator=g, dtype=torch.float64)).clamp(min=0.3)
    boxes = torch.cat([centres - sizes / 2, centres + sizes / 2], dim=1)
    scores = torch.rand(len(boxes), generator=g, dtype=torch.float64)
    return boxes, scores


def unambiguous_scene(reference, seed, n_objects, per_object, threshold, dtype, device):
    """A scene with exactly one right answer: distinct scores, no IoU within rounding of the threshold."""
    boxes, scores = detection_scene(seed, n_objects, per_object)
    boxes, scores = boxes.to(dtype=dtype, device=device), scores.to(dtype=dtype, device=device)
    iou = reference.box_iou(boxes, boxes).double()
    if (iou - threshold).abs().min() < ROUNDING_MARGIN or scores.unique().numel() != scores.numel():
        raise RuntimeError(f"grader bug: scene {seed} is ambiguous; pick another seed")
    return boxes, scores


def tied_scene(seed: int, dtype, device) -> tuple[torch.Tensor, torch.Tensor]:
    """A scene where many scores are equal and some boxes are exact duplicates of others."""
    boxes, _ = detection_scene(seed, 6, 6)
    boxes[30:] = boxes[:6]
    g = torch.Generator().manual_seed(seed + 1)
    scores = torch.randint(0, 4, (len(boxes),), generator=g).double() / 4
    return boxes.to(dtype=dtype, device=device), scores.to(dtype=dtype, device=device)


def assert_valid_greedy_nms(got, boxes, scores, threshold, reference, categories=None, what="the result"):
    """Accept `got` exactly when some tie order of the scores makes greedy NMS return it.

    That is the case when (1) the kept scores do not increase, (2) no two kept boxes (of one
    category) overlap by more than the threshold, and (3) every dropped box overlaps by more than
    the threshold some kept box (of its category) whose score is at least its own.
    """
    assert type(got) is torch.Tensor, f"{what}: expected a torch.Tensor of indices, got {type(got).__name__}"
    assert got.dtype == torch.int64, f"{what}: expected indices of dtype torch.int64, got {got.dtype}"
    assert got.dim() == 1, f"{what}: expected a 1-D tensor of indices, got shape {tuple(got.shape)}"
    assert got.device == boxes.device, f"{what}: expected the result on {boxes.device}, got {got.device}"
    kept = got.cpu().tolist()
    n = len(boxes)
    assert all(0 <= k < n for k in kept), f"{what}: indices must lie in 0..{n - 1}"
    assert len(set(kept)) == len(kept), f"{what}: an index appears more than once"

    score = scores.double().cpu()
    iou = reference.box_iou(boxes.double().cpu(), boxes.double().cpu())
    if categories is not None:
        same_category = categories.cpu()[:, None] == categories.cpu()[None, :]
        iou = torch.where(same_category, iou, torch.zeros_like(iou))

    kept_scores = score[kept]
    in_score_order = bool((kept_scores[1:] <= kept_scores[:-1]).all())
    assert in_score_order, f"{what}: the kept boxes are not in decreasing score order"
    for position, later in enumerate(kept):
        for earlier in kept[:position]:
            overlap = iou[earlier, later].item()
            assert overlap <= threshold + ROUNDING_MARGIN, (
                f"{what}: kept two boxes that overlap by IoU {overlap:.3f} > {threshold} "
                f"(positions {kept.index(earlier)} and {position} of your result)"
            )
    kept_mask = torch.zeros(n, dtype=torch.bool)
    kept_mask[kept] = True
    for dropped in torch.nonzero(~kept_mask).flatten().tolist():
        suppressors = kept_mask & (score >= score[dropped]) & (iou[dropped] > threshold - ROUNDING_MARGIN)
        assert bool(suppressors.any()), (
            f"{what}: dropped a box that no kept box of at least its score overlaps by more than {threshold}"
        )


def call_nms_and_return_its_inputs(student, boxes, scores, threshold):
    """Runs in the worker: nms's result, and what boxes and scores look like after nms has seen them."""
    kept = student.nms(boxes, scores, threshold)
    return kept, boxes, scores


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("threshold", [0.5, 0.3])
@pytest.mark.parametrize("dtype", DTYPES)
def test_keeps_the_right_boxes_in_random_scenes(submission, reference, device, dtype, threshold):
    boxes, scores = unambiguous_scene(reference, 2101, 8, 6, threshold, dtype, device)
    expected = reference.nms(boxes, scores, threshold)
    got = submission.nms(boxes, scores, threshold)
    assert_tensor_equal(got, expected, what=f"nms on a random scene of 48 boxes (threshold {threshold})")


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_only_an_iou_strictly_above_the_threshold_suppresses(submission, reference, device, dtype):
    # Boxes 1 and 2 each cover exactly half of box 0 and do not overlap each other.
    boxes = torch.tensor(
        [[0.0, 0.0, 4.0, 2.0], [0.0, 0.0, 2.0, 2.0], [2.0, 0.0, 4.0, 2.0], [0.0, 0.0, 4.0, 1.0]],
        dtype=dtype,
        device=device,
    )
    scores = torch.tensor([0.9, 0.8, 0.7, 0.6], dtype=dtype, device=device)
    expected = reference.nms(boxes, scores, 0.5)
    assert_tensor_equal(submission.nms(boxes, scores, 0.5), expected, what="nms with IoUs of exactly 0.5")


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("seed", [2201, 2202])
@pytest.mark.parametrize("dtype", DTYPES)
def test_tied_scores_give_a_valid_greedy_result(submission, reference, device, dtype, seed):
    boxes, scores = tied_scene(seed, dtype, device)
    got = submission.nms(boxes, scores, 0.5)
    assert_valid_greedy_nms(got, boxes, scores, 0.5, reference, what="nms on a scene with tied scores")


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_no_boxes_give_an_empty_index_tensor(submission, reference, device, dtype):
    scene, scene_scores = unambiguous_scene(reference, 2201, 3, 3, 0.5, dtype, device)
    assert_tensor_equal(submission.nms(scene, scene_scores, 0.5), reference.nms(scene, scene_scores, 0.5),
                        what="nms on a scene of 3 objects")
    boxes = torch.zeros(0, 4, dtype=dtype, device=device)
    scores = torch.zeros(0, dtype=dtype, device=device)
    expected = torch.zeros(0, dtype=torch.int64, device=device)
    assert_tensor_equal(submission.nms(boxes, scores, 0.5), expected, what="nms of zero boxes")


@pytest.mark.points(0.5, visibility="hidden")
def test_leaves_boxes_and_scores_unchanged(submission, reference, device):
    boxes, scores = unambiguous_scene(reference, 2301, 5, 5, 0.5, torch.float32, device)
    boxes_before, scores_before = boxes.clone(), scores.clone()
    kept, boxes_after, scores_after = submission.run(call_nms_and_return_its_inputs, boxes, scores, 0.5)
    assert_tensor_equal(kept, reference.nms(boxes_before, scores_before, 0.5), what="nms on a scene of 5 objects")
    unchanged = "(nms must not change its inputs)"
    assert_tensor_equal(boxes_after, boxes_before, what=f"boxes after nms(boxes, scores, 0.5) returned {unchanged}")
    assert_tensor_equal(scores_after, scores_before, what=f"scores after nms(boxes, scores, 0.5) returned {unchanged}")


@pytest.mark.points(0.25, visibility="hidden", question="batched_nms")
@pytest.mark.parametrize("dtype", DTYPES)
def test_batched_nms_with_tied_scores_gives_a_valid_greedy_result(submission, reference, device, dtype):
    boxes, scores = tied_scene(2401, dtype, device)
    g = torch.Generator().manual_seed(2402)
    categories = torch.randint(0, 3, (len(boxes),), generator=g).to(device)
    got = submission.batched_nms(boxes, scores, categories, 0.5)
    assert_valid_greedy_nms(
        got, boxes, scores, 0.5, reference, categories=categories, what="batched_nms on a scene with tied scores"
    )
