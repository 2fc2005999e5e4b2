"""A synthetic class for the nms assignment, written by hand: three students who solved it on their own,
one copy of A with every name changed and the comments rewritten, one copy of C with its functions
reordered and re-spaced, and two untouched notebooks.

Each student's code goes into the assignment's own notebook, so everything the notebook gives (the
imports cell, the stubs' signatures and docstrings, the check() cells, the demo cells) is there too.
"""

from __future__ import annotations

import json
from pathlib import Path

# --- student A: vectorised, keeps the notebook's signatures and docstrings ------------------------------------

A_BOX_IOU = """
    # corners of the overlap
    lt = torch.maximum(boxes1[:, None, :2], boxes2[None, :, :2])
    rb = torch.minimum(boxes1[:, None, 2:], boxes2[None, :, 2:])
    wh = (rb - lt).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    area_a = (boxes1[:, 2] - boxes1[:, 0]) * (boxes1[:, 3] - boxes1[:, 1])
    area_b = (boxes2[:, 2] - boxes2[:, 0]) * (boxes2[:, 3] - boxes2[:, 1])
    union = area_a[:, None] + area_b[None, :] - inter
    iou = inter / union
    return torch.nan_to_num(iou, nan=0.0)  # 0/0 -> 0
"""
A_NMS = """
    order = torch.argsort(scores, descending=True)
    keep = []
    while order.numel() > 0:
        best = order[0]
        keep.append(int(best))
        if order.numel() == 1:
            break
        ious = box_iou(boxes[best].unsqueeze(0), boxes[order[1:]])[0]
        order = order[1:][ious <= iou_threshold]  # drop the overlapping ones
    return torch.tensor(keep, dtype=torch.int64, device=boxes.device)
"""
A_BATCHED = """
    if boxes.numel() == 0:
        return torch.empty(0, dtype=torch.int64, device=boxes.device)
    # move every category far away from the others
    offsets = idxs.to(boxes.dtype) * (boxes.max() + 1)
    shifted = boxes + offsets[:, None]
    return nms(shifted, scores, iou_threshold)
"""
A_LOSS = """
    ce = F.cross_entropy(outputs[:, :4], labels)
    mask = labels > 0
    if mask.sum() == 0:
        return ce
    l1 = torch.abs(outputs[mask, 4:] - boxes[mask]).mean()
    return ce + l1
"""

# --- the copy of A: every name changed, other comments, its own docstrings ------------------------------------

A_COPY_BOX_IOU = '''
def box_iou(first, second):
    """My IoU: pairwise overlap over union."""
    top_left = torch.maximum(first[:, None, :2], second[None, :, :2])
    bottom_right = torch.minimum(first[:, None, 2:], second[None, :, 2:])
    extent = (bottom_right - top_left).clamp(min=0)
    shared_area = extent[..., 0] * extent[..., 1]
    # areas of the two sets of boxes
    size_first = (first[:, 2] - first[:, 0]) * (first[:, 3] - first[:, 1])
    size_second = (second[:, 2] - second[:, 0]) * (second[:, 3] - second[:, 1])
    combined = size_first[:, None] + size_second[None, :] - shared_area
    ratio = shared_area / combined
    return torch.nan_to_num(ratio, nan=0.0)
'''
A_COPY_NMS = '''
def nms(b, s, thr):
    """Greedy suppression, best score first."""
    queue = torch.argsort(s, descending=True)
    survivors = []
    while queue.numel() > 0:
        top = queue[0]
        survivors.append(int(top))
        if queue.numel() == 1:
            break
        overlaps = box_iou(b[top].unsqueeze(0), b[queue[1:]])[0]
        # keep only the boxes that do not overlap the winner too much
        queue = queue[1:][overlaps <= thr]
    return torch.tensor(survivors, dtype=torch.int64, device=b.device)
'''
A_COPY_BATCHED = '''
def batched_nms(b, s, cats, thr):
    """The offset trick."""
    if b.numel() == 0:
        return torch.empty(0, dtype=torch.int64, device=b.device)
    shift = cats.to(b.dtype) * (b.max() + 1)
    moved = b + shift[:, None]
    return nms(moved, s, thr)
'''
A_COPY_LOSS = '''
def detection_loss(pred, y, target_boxes):
    """CE plus L1 on the objects."""
    class_term = F.cross_entropy(pred[:, :4], y)
    objects = y > 0
    if objects.sum() == 0:
        return class_term
    box_term = torch.abs(pred[objects, 4:] - target_boxes[objects]).mean()
    return class_term + box_term
'''

# --- student B: loops, writes the functions from scratch ------------------------------------------------------

B_BOX_IOU = '''
def box_iou(boxes1, boxes2):
    result = torch.zeros(len(boxes1), len(boxes2), dtype=boxes1.dtype, device=boxes1.device)
    for i in range(len(boxes1)):
        ax1, ay1, ax2, ay2 = boxes1[i]
        area_a = (ax2 - ax1) * (ay2 - ay1)
        for j in range(len(boxes2)):
            bx1, by1, bx2, by2 = boxes2[j]
            w = min(ax2, bx2) - max(ax1, bx1)
            h = min(ay2, by2) - max(ay1, by1)
            if w <= 0 or h <= 0:
                continue
            overlap = w * h
            area_b = (bx2 - bx1) * (by2 - by1)
            total = area_a + area_b - overlap
            if total > 0:
                result[i, j] = overlap / total
    return result
'''
B_NMS = '''
def nms(boxes, scores, iou_threshold):
    ranking = sorted(range(len(scores)), key=lambda i: -float(scores[i]))
    kept = []
    for candidate in ranking:
        suppressed = False
        for winner in kept:
            if box_iou(boxes[candidate:candidate + 1], boxes[winner:winner + 1])[0, 0] > iou_threshold:
                suppressed = True
                break
        if not suppressed:
            kept.append(candidate)
    return torch.tensor(kept, dtype=torch.long, device=boxes.device)
'''
B_BATCHED = '''
def batched_nms(boxes, scores, idxs, iou_threshold):
    result = []
    for category in idxs.unique().tolist():
        members = (idxs == category).nonzero().flatten()
        for k in nms(boxes[members], scores[members], iou_threshold).tolist():
            result.append(int(members[k]))
    result.sort(key=lambda i: -float(scores[i]))
    return torch.tensor(result, dtype=torch.long, device=boxes.device)
'''
B_LOSS = '''
def detection_loss(outputs, labels, boxes):
    logits = outputs[:, :4]
    predicted = outputs[:, 4:]
    classification = torch.nn.functional.cross_entropy(logits, labels)
    objects = (labels != 0).nonzero().flatten()
    if len(objects) == 0:
        return classification
    errors = (predicted[objects] - boxes[objects]).abs()
    return classification + errors.sum() / (4 * len(objects))
'''

# --- student C: vectorised another way ------------------------------------------------------------------------

C_BOX_IOU = '''
def box_iou(boxes1, boxes2):
    x1 = torch.max(boxes1[:, 0].unsqueeze(1), boxes2[:, 0].unsqueeze(0))
    y1 = torch.max(boxes1[:, 1].unsqueeze(1), boxes2[:, 1].unsqueeze(0))
    x2 = torch.min(boxes1[:, 2].unsqueeze(1), boxes2[:, 2].unsqueeze(0))
    y2 = torch.min(boxes1[:, 3].unsqueeze(1), boxes2[:, 3].unsqueeze(0))
    intersection = (x2 - x1).clamp(min=0) * (y2 - y1).clamp(min=0)
    size1 = (boxes1[:, 2] - boxes1[:, 0]) * (boxes1[:, 3] - boxes1[:, 1])
    size2 = (boxes2[:, 2] - boxes2[:, 0]) * (boxes2[:, 3] - boxes2[:, 1])
    union = size1.unsqueeze(1) + size2.unsqueeze(0) - intersection
    return torch.where(union > 0, intersection / union.clamp(min=1e-12), torch.zeros_like(union))
'''
C_NMS = '''
def nms(boxes, scores, iou_threshold):
    order = scores.argsort(descending=True, stable=True)
    ious = box_iou(boxes, boxes).cpu()
    alive = torch.ones(len(scores), dtype=torch.bool)
    picked = []
    for idx in order.tolist():
        if not alive[idx]:
            continue
        picked.append(idx)
        alive &= ious[idx] <= iou_threshold
    return torch.as_tensor(picked, dtype=torch.int64).to(boxes.device)
'''
C_BATCHED = '''
def batched_nms(boxes, scores, idxs, iou_threshold):
    keep = torch.zeros(len(scores), dtype=torch.bool, device=boxes.device)
    for c in torch.unique(idxs):
        where = torch.where(idxs == c)[0]
        keep[where[nms(boxes[where], scores[where], iou_threshold)]] = True
    chosen = torch.where(keep)[0]
    return chosen[scores[chosen].argsort(descending=True)]
'''
C_LOSS = '''
def detection_loss(outputs, labels, boxes):
    loss = F.cross_entropy(outputs[:, :4], labels)
    has_box = labels != 0
    count = int(has_box.sum())
    if count:
        loss = loss + F.l1_loss(outputs[has_box][:, 4:], boxes[has_box])
    return loss
'''

# --- the copy of C: functions in another order and other cells, two-space indents, other line breaks ---------

C_COPY_FIRST_CELL = '''
def detection_loss(outputs,labels,boxes) :
  loss=F.cross_entropy( outputs[ :, :4 ],labels )

  has_box = labels!=0
  count = int( has_box.sum() )
  if count :
    loss = loss + F.l1_loss(outputs[has_box][:, 4:],
                            boxes[has_box])
  return loss



def batched_nms(boxes,scores,idxs,iou_threshold):
  keep=torch.zeros(len(scores),dtype=torch.bool,device=boxes.device)
  for c in torch.unique( idxs ):
    where=torch.where(idxs==c)[0]
    keep[ where[ nms(boxes[where],scores[where],iou_threshold) ] ]=True

  chosen=torch.where(keep)[0]
  return chosen[ scores[chosen].argsort(descending = True) ]
'''
C_COPY_SECOND_CELL = '''
def nms(boxes, scores, iou_threshold):
  order = scores.argsort(
      descending=True,
      stable=True,
  )
  ious = box_iou(boxes, boxes).cpu()
  alive = torch.ones(len(scores), dtype=torch.bool)
  picked = []

  for idx in order.tolist():
    if not alive[idx]:
      continue
    picked.append(idx)
    alive &= ious[idx] <= iou_threshold

  return torch.as_tensor(picked, dtype=torch.int64).to(boxes.device)


def box_iou(boxes1, boxes2):
  x1 = torch.max(boxes1[:, 0].unsqueeze(1), boxes2[:, 0].unsqueeze(0))
  y1 = torch.max(boxes1[:, 1].unsqueeze(1), boxes2[:, 1].unsqueeze(0))
  x2 = torch.min(boxes1[:, 2].unsqueeze(1), boxes2[:, 2].unsqueeze(0))
  y2 = torch.min(boxes1[:, 3].unsqueeze(1), boxes2[:, 3].unsqueeze(0))

  intersection = (x2 - x1).clamp(min=0) * (y2 - y1).clamp(min=0)
  size1 = (boxes1[:, 2] - boxes1[:, 0]) * (boxes1[:, 3] - boxes1[:, 1])
  size2 = (boxes2[:, 2] - boxes2[:, 0]) * (boxes2[:, 3] - boxes2[:, 1])
  union = size1.unsqueeze(1) + size2.unsqueeze(0) - intersection
  return torch.where(union > 0,
                     intersection / union.clamp(min=1e-12),
                     torch.zeros_like(union))
'''

FUNCTIONS = ("box_iou", "nms", "batched_nms", "detection_loss")


def filled(stub: str, body: str) -> str:
    """The notebook's stub with its ``raise NotImplementedError`` replaced by ``body`` (signature, docstring kept)."""
    body = body.strip("\n")
    return stub.replace("    raise NotImplementedError\n", body + "\n").replace("    raise NotImplementedError", body)


def stub_cells(notebook: dict) -> dict[str, int]:
    """The index of each function's stub cell in the notebook."""
    found = {}
    for index, cell in enumerate(notebook["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for name in FUNCTIONS:
            if cell["cell_type"] == "code" and source.startswith(f"def {name}("):
                found[name] = index
    return found


def write_class(assignment_notebook: Path, folder: Path) -> dict[str, Path]:
    """The seven notebooks in ``folder``, by student."""
    original = json.loads(assignment_notebook.read_text(encoding="utf-8"))
    cells = stub_cells(original)
    stub = {name: "".join(original["cells"][i]["source"]) for name, i in cells.items()}
    plans = {
        "student_a": {n: filled(stub[n], body) for n, body in zip(FUNCTIONS, (A_BOX_IOU, A_NMS, A_BATCHED, A_LOSS))},
        "copy_of_a_renamed": dict(zip(FUNCTIONS, (A_COPY_BOX_IOU, A_COPY_NMS, A_COPY_BATCHED, A_COPY_LOSS))),
        "student_b": dict(zip(FUNCTIONS, (B_BOX_IOU, B_NMS, B_BATCHED, B_LOSS))),
        "student_c": dict(zip(FUNCTIONS, (C_BOX_IOU, C_NMS, C_BATCHED, C_LOSS))),
        # box_iou's and nms's stub cells hold the other two functions; batched_nms's and the loss's stay stubs
        "copy_of_c_reordered": {"box_iou": C_COPY_FIRST_CELL, "nms": C_COPY_SECOND_CELL},
        "untouched_1": {},
        "untouched_2": {},
    }
    paths = {}
    folder.mkdir(parents=True, exist_ok=True)
    for student, sources in plans.items():
        notebook = json.loads(json.dumps(original))
        for name, source in sources.items():
            notebook["cells"][cells[name]]["source"] = source.lstrip("\n")
        paths[student] = folder / f"{student}.ipynb"
        paths[student].write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return paths


def write_large_class(assignment_notebook: Path, folder: Path, count: int) -> list[Path]:
    """``count`` notebooks for timing: the three students' solutions, each copy with its own names (a
    numbered suffix on every local name) and one helper function of its own, so no two files are equal."""
    import re

    original = json.loads(assignment_notebook.read_text(encoding="utf-8"))
    cells = stub_cells(original)
    authors = [(B_BOX_IOU, B_NMS, B_BATCHED, B_LOSS), (C_BOX_IOU, C_NMS, C_BATCHED, C_LOSS),
               (A_COPY_BOX_IOU, A_COPY_NMS, A_COPY_BATCHED, A_COPY_LOSS)]
    local = re.compile(r"\b(result|ranking|kept|candidate|winner|members|order|ious|alive|picked|keep|where|chosen|"
                       r"loss|has_box|count|queue|survivors|top|overlaps|shift|moved|objects|class_term|box_term|"
                       r"intersection|union|size1|size2|extent|combined|ratio)\b")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        notebook = json.loads(json.dumps(original))
        sources = authors[number % len(authors)]
        for name, source in zip(FUNCTIONS, sources):
            renamed = local.sub(lambda m: f"{m.group(1)}_{number}", source)
            notebook["cells"][cells[name]]["source"] = renamed.lstrip("\n")
        helper = (f"\n\ndef helper_{number}(values):\n    total = 0\n    for value in values:\n"
                  f"        total += value * {number + 2} - {number % 7}\n    return total / {number + 1}\n")
        notebook["cells"][cells["detection_loss"]]["source"] += helper
        path = folder / f"student_{number:03d}.ipynb"
        path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
        paths.append(path)
    return paths
