"""The NMS reference does what Exercise 10 asks and agrees with slow, obviously-correct versions."""

from __future__ import annotations

import math

import pytest
import torch


# ---- slow, obviously-correct versions, in plain Python floats -------------------------------


def slow_iou(a: list[float], b: list[float]) -> float:
    width = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    height = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    intersection = width * height
    area_a = max(0.0, a[2] - a[0]) * max(0.0, a[3] - a[1])
    area_b = max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])
    union = area_a + area_b - intersection
    return intersection / union if union > 0 else 0.0


def slow_nms(boxes: list[list[float]], scores: list[float], threshold: float) -> list[int]:
    """Greedy NMS; Python's sort is stable, so ties keep their input order."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    kept: list[int] = []
    for i in order:
        if all(slow_iou(boxes[i], boxes[k]) <= threshold for k in kept):
            kept.append(i)
    return kept


def slow_batched_nms(boxes, scores, categories, threshold) -> list[int]:
    kept: list[int] = []
    for category in sorted(set(categories)):
        members = [i for i, c in enumerate(categories) if c == category]
        local = slow_nms([boxes[i] for i in members], [scores[i] for i in members], threshold)
        kept.extend(members[j] for j in local)
    return sorted(kept, key=lambda i: (-scores[i], i))


def random_boxes(generator: torch.Generator, n: int, dtype=torch.float64) -> torch.Tensor:
    corners = torch.rand(n, 2, generator=generator, dtype=dtype) * 50
    sizes = torch.rand(n, 2, generator=generator, dtype=dtype) * 20
    return torch.cat([corners, corners + sizes], dim=1)


# ---- box_iou --------------------------------------------------------------------------------


def test_box_iou_of_hand_made_boxes(ref):
    boxes1 = torch.tensor([[0.0, 0.0, 2.0, 2.0], [0.0, 0.0, 1.0, 1.0]])
    boxes2 = torch.tensor([[0.0, 0.0, 2.0, 2.0], [1.0, 0.0, 3.0, 2.0], [5.0, 5.0, 6.0, 6.0]])
    expected = torch.tensor([[1.0, 1 / 3, 0.0], [0.25, 0.0, 0.0]])
    torch.testing.assert_close(ref.box_iou(boxes1, boxes2), expected)


def test_box_iou_of_zero_area_boxes_is_zero_not_nan(ref):
    point = torch.tensor([[1.0, 1.0, 1.0, 1.0]])
    line = torch.tensor([[0.0, 1.0, 4.0, 1.0]])
    box = torch.tensor([[0.0, 0.0, 2.0, 2.0]])
    assert ref.box_iou(point, point).item() == 0.0
    assert ref.box_iou(point, line).item() == 0.0
    assert ref.box_iou(point, box).item() == 0.0


def test_box_iou_matches_slow_iou_on_random_boxes(ref):
    g = torch.Generator().manual_seed(0)
    boxes1, boxes2 = random_boxes(g, 13), random_boxes(g, 7)
    expected = torch.tensor([[slow_iou(a, b) for b in boxes2.tolist()] for a in boxes1.tolist()], dtype=torch.float64)
    torch.testing.assert_close(ref.box_iou(boxes1, boxes2), expected, rtol=1e-12, atol=1e-12)


# ---- nms ------------------------------------------------------------------------------------


def test_nms_on_a_hand_made_scene(ref):
    # Three detections of one bird, one baboon far away, and a fourth bird box touching the first.
    boxes = torch.tensor(
        [
            [10.0, 10.0, 50.0, 50.0],
            [12.0, 12.0, 52.0, 52.0],
            [100.0, 100.0, 140.0, 150.0],
            [11.0, 9.0, 49.0, 51.0],
            [50.0, 10.0, 90.0, 50.0],
        ]
    )
    scores = torch.tensor([0.9, 0.95, 0.8, 0.7, 0.6])
    assert ref.nms(boxes, scores, 0.5).tolist() == [1, 2, 4]


def test_nms_keeps_a_box_whose_iou_equals_the_threshold(ref):
    boxes = torch.tensor([[0.0, 0.0, 2.0, 1.0], [0.0, 0.0, 1.0, 1.0]])
    scores = torch.tensor([0.9, 0.8])
    assert ref.nms(boxes, scores, 0.5).tolist() == [0, 1]
    assert ref.nms(boxes, scores, 0.49).tolist() == [0]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_nms_of_no_boxes_is_an_empty_int64_tensor(ref, dtype):
    kept = ref.nms(torch.zeros(0, 4, dtype=dtype), torch.zeros(0, dtype=dtype), 0.5)
    assert kept.dtype == torch.int64 and kept.shape == (0,)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.5, 0.9])
def test_nms_matches_slow_nms_on_random_boxes(ref, seed, threshold):
    g = torch.Generator().manual_seed(seed)
    boxes = random_boxes(g, 60)
    scores = torch.rand(60, generator=g, dtype=torch.float64)
    kept = ref.nms(boxes, scores, threshold)
    assert kept.dtype == torch.int64
    assert kept.tolist() == slow_nms(boxes.tolist(), scores.tolist(), threshold)


@pytest.mark.parametrize("seed", range(6))
def test_nms_matches_slow_nms_when_scores_and_boxes_tie(ref, seed):
    g = torch.Generator().manual_seed(100 + seed)
    boxes = random_boxes(g, 40)
    boxes[20:30] = boxes[:10]  # exact duplicates
    scores = torch.randint(0, 4, (40,), generator=g).double() / 4  # many equal scores
    assert ref.nms(boxes, scores, 0.4).tolist() == slow_nms(boxes.tolist(), scores.tolist(), 0.4)


def test_nms_leaves_its_inputs_alone(ref):
    g = torch.Generator().manual_seed(3)
    boxes, scores = random_boxes(g, 30), torch.rand(30, generator=g, dtype=torch.float64)
    boxes_before, scores_before = boxes.clone(), scores.clone()
    ref.nms(boxes, scores, 0.5)
    assert torch.equal(boxes, boxes_before) and torch.equal(scores, scores_before)


def test_nms_works_in_float32(ref):
    g = torch.Generator().manual_seed(4)
    boxes = random_boxes(g, 50)
    scores = torch.rand(50, generator=g, dtype=torch.float64)
    expected = ref.nms(boxes, scores, 0.5)
    assert torch.equal(ref.nms(boxes.float(), scores.float(), 0.5), expected)


# ---- batched_nms ----------------------------------------------------------------------------


def test_batched_nms_does_not_suppress_across_categories(ref):
    boxes = torch.tensor([[0.0, 0.0, 10.0, 10.0], [0.0, 0.0, 10.0, 10.0], [1.0, 1.0, 10.0, 10.0]])
    scores = torch.tensor([0.5, 0.9, 0.7])
    idxs = torch.tensor([1, 2, 1])
    assert ref.batched_nms(boxes, scores, idxs, 0.5).tolist() == [1, 2]


@pytest.mark.parametrize("seed", range(6))
def test_batched_nms_matches_slow_per_category_nms(ref, seed):
    g = torch.Generator().manual_seed(200 + seed)
    boxes = random_boxes(g, 80)
    scores = torch.rand(80, generator=g, dtype=torch.float64)
    categories = torch.randint(0, 4, (80,), generator=g)
    expected = slow_batched_nms(boxes.tolist(), scores.tolist(), categories.tolist(), 0.5)
    assert ref.batched_nms(boxes, scores, categories, 0.5).tolist() == expected


def test_batched_nms_of_no_boxes_is_empty(ref):
    kept = ref.batched_nms(torch.zeros(0, 4), torch.zeros(0), torch.zeros(0, dtype=torch.int64), 0.5)
    assert kept.dtype == torch.int64 and kept.shape == (0,)


# ---- detection_loss -------------------------------------------------------------------------


def slow_detection_loss(outputs: list[list[float]], labels: list[int], boxes: list[list[float]]) -> float:
    cross_entropy = 0.0
    absolute_errors: list[float] = []
    for row, label, box in zip(outputs, labels, boxes):
        logits = row[:4]
        log_normaliser = math.log(sum(math.exp(v) for v in logits))
        cross_entropy += log_normaliser - logits[label]
        if label != 0:
            absolute_errors.extend(abs(p - t) for p, t in zip(row[4:], box))
    regression = sum(absolute_errors) / len(absolute_errors) if absolute_errors else 0.0
    return cross_entropy / len(labels) + regression


@pytest.mark.parametrize("seed", range(4))
def test_detection_loss_matches_a_slow_computation(ref, seed):
    g = torch.Generator().manual_seed(300 + seed)
    outputs = torch.randn(9, 8, generator=g, dtype=torch.float64)
    labels = torch.randint(0, 4, (9,), generator=g)
    boxes = torch.randn(9, 4, generator=g, dtype=torch.float64)
    loss = ref.detection_loss(outputs, labels, boxes)
    assert loss.shape == ()
    expected = slow_detection_loss(outputs.tolist(), labels.tolist(), boxes.tolist())
    assert loss.item() == pytest.approx(expected, rel=1e-12)


def test_detection_loss_ignores_the_box_target_of_background_images(ref):
    outputs = torch.tensor([[0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 2.0, 2.0]] * 2, dtype=torch.float64)
    labels = torch.tensor([0, 2])
    boxes = torch.tensor([[1e6, -1e6, 3.0, 4.0], [1.0, 1.0, 2.0, 3.0]], dtype=torch.float64)
    # Cross-entropy of uniform logits is log 4; the balloon's box is off by 1 in one of 4 coordinates.
    assert ref.detection_loss(outputs, labels, boxes).item() == pytest.approx(math.log(4) + 0.25, rel=1e-12)


def test_detection_loss_of_an_all_background_batch_is_the_cross_entropy(ref):
    outputs = torch.tensor([[2.0, 0.0, 0.0, 0.0, 5.0, 5.0, 5.0, 5.0]], dtype=torch.float64, requires_grad=True)
    loss = ref.detection_loss(outputs, torch.tensor([0]), torch.zeros(1, 4, dtype=torch.float64))
    assert loss.item() == pytest.approx(math.log(math.exp(2) + 3) - 2, rel=1e-12)
    loss.backward()
    assert torch.equal(outputs.grad[:, 4:], torch.zeros(1, 4, dtype=torch.float64))


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_nms_and_batched_nms_on_cuda_match_the_cpu(ref):
    g = torch.Generator().manual_seed(5)
    boxes = random_boxes(g, 70)
    scores = torch.rand(70, generator=g, dtype=torch.float64)
    categories = torch.randint(0, 3, (70,), generator=g)
    kept = ref.nms(boxes.cuda(), scores.cuda(), 0.5)
    assert kept.device.type == "cuda" and kept.dtype == torch.int64
    assert kept.cpu().tolist() == ref.nms(boxes, scores, 0.5).tolist()
    kept = ref.batched_nms(boxes.cuda(), scores.cuda(), categories.cuda(), 0.5)
    assert kept.cpu().tolist() == ref.batched_nms(boxes, scores, categories, 0.5).tolist()
