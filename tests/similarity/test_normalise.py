"""What a copier can change without changing a fingerprint, and what still tells solutions apart."""

from __future__ import annotations

import textwrap

import pytest

from autograder.ingest.model import CodeCell
from autograder.similarity.extract import cell_units, names_bound_in, parse_cells


def units(*sources: str) -> dict[str, tuple[str, ...]]:
    """{unit name: symbols} of some cells, with the names bound across all of them (as for a class)."""
    cells = parse_cells([CodeCell(number, textwrap.dedent(source)) for number, source in enumerate(sources, 1)])
    bound = names_bound_in(cells)
    return {unit.name: unit.symbols for cell in cells for unit, _, _ in cell_units(cell, bound)}


ORIGINAL = '''
def nms(boxes, scores, iou_threshold):
    """Greedy NMS."""
    order = torch.argsort(scores, descending=True)
    keep = []
    for i in order.tolist():
        if all(box_iou(boxes[i:i + 1], boxes[j:j + 1])[0, 0] <= iou_threshold for j in keep):
            keep.append(i)
    print(f"kept {len(keep)} boxes")
    return torch.tensor(keep, dtype=torch.int64, device=boxes.device)
'''

DISGUISES = {
    "renamed": '''
def nms(b, s, t):
    """Greedy NMS."""
    ranking = torch.argsort(s, descending=True)
    chosen = []
    for idx in ranking.tolist():
        if all(box_iou(b[idx:idx + 1], b[other:other + 1])[0, 0] <= t for other in chosen):
            chosen.append(idx)
    print(f"kept {len(chosen)} boxes")
    return torch.tensor(chosen, dtype=torch.int64, device=b.device)
''',
    "comments, docstring and strings": '''
def nms(boxes, scores, iou_threshold):
    # visit the best box first
    order = torch.argsort(scores, descending=True)
    keep = []  # what survives
    for i in order.tolist():
        if all(box_iou(boxes[i:i + 1], boxes[j:j + 1])[0, 0] <= iou_threshold for j in keep):
            keep.append(i)
    print(f"{len(keep)} survivors")
    return torch.tensor(keep, dtype=torch.int64, device=boxes.device)
''',
    "layout": '''
def nms( boxes,scores,
         iou_threshold ):
  """A docstring
  over lines."""

  order=torch.argsort( scores,descending = True )
  keep=[ ]

  for i in order.tolist( ):
      if all(box_iou(boxes[i:i+1],
                     boxes[j:j+1])[0,0]<=iou_threshold for j in keep):
          keep.append( i )
  print( f"kept {len(keep)} boxes" )
  return torch.tensor(keep,dtype=torch.int64,device=boxes.device)
''',
}


@pytest.mark.parametrize("disguise", list(DISGUISES))
def test_a_disguise_changes_no_symbol(disguise):
    assert units(DISGUISES[disguise]) == units(ORIGINAL)


def test_library_names_are_kept_so_different_calls_differ():
    other = ORIGINAL.replace("torch.argsort(scores, descending=True)", "scores.sort(descending=True)[1]")
    assert units(other)["nms"] != units(ORIGINAL)["nms"]
    assert "argsort" in units(ORIGINAL)["nms"] and "V" in units(ORIGINAL)["nms"]


def test_an_attribute_the_code_only_reads_keeps_its_name_even_if_a_variable_shares_it():
    symbols = units("device = boxes.device\nself.weight = device\n")["cell 1"]
    assert symbols == ("V", "=", "boxes", ".", "device", ";", "self", ".", "V", "=", "V", ";")


def test_each_function_and_method_is_a_unit_whatever_the_order():
    two_functions = "def f(x):\n    return x + 1\n\ndef g(y):\n    return y * 2\n"
    swapped = "def g(y):\n    return y * 2\n\ndef f(x):\n    return x + 1\n"
    assert units(two_functions) == units(swapped)
    block = '''
    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 1, 3)

        def forward(self, x):
            return self.conv(x).relu()
    '''
    methods_swapped = '''
    class Block(nn.Module):
        def forward(self, x):
            return self.conv(x).relu()

        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 1, 3)
    '''
    assert units(block) == units(methods_swapped)
    assert set(units(block)) == {"Block", "Block.__init__", "Block.forward"}


def test_a_cell_that_does_not_parse_is_still_compared_as_far_as_it_tokenizes():
    """Its own bindings are unknown, but a name bound anywhere else in the class is a placeholder there too."""
    found = units("def broken(x):\n    return x +\n", "y = (1,\n", "x = 0\n")
    assert found["cell 1"] == ("def", "broken", "(", "V", ")", ":", ";", "{", "return", "V", "+", ";", "}")
    assert found["cell 2"] == ("y", "=", "(", "1", ",")
