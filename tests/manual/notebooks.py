"""Notebooks with manual questions, built in memory the way an assignment author writes them."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import nbformat

PLACEHOLDER = "YOUR ANSWER HERE"
PROMPTS = {
    "1a": ("**1a** Why does a skip connection help the gradient flow?", 2),
    "2b": ("**2b** How do you see overfitting in the loss curves? $L_{train} \\ll L_{val}$", 1.5),
}


def prompt_cell(question: str, text: str) -> dict[str, Any]:
    return nbformat.v4.new_markdown_cell(text, metadata={"autograder": {"prompt": question}})


def answer_cell(question: str, points: float, text: str = PLACEHOLDER) -> dict[str, Any]:
    return nbformat.v4.new_markdown_cell(text, metadata={"autograder": {"manual": question, "points": points}})


def assignment_notebook(prompts: dict[str, tuple[str, float]] = PROMPTS) -> nbformat.NotebookNode:
    """A notebook with a code cell, then each question's prompt and answer cell, then a check cell."""
    cells = [nbformat.v4.new_markdown_cell("# Tiny assignment"), nbformat.v4.new_code_cell("def double(x):\n    "
                                                                                          "raise NotImplementedError")]
    for question, (text, points) in prompts.items():
        cells += [prompt_cell(question, text), answer_cell(question, points)]
    cells.append(nbformat.v4.new_code_cell("check()"))
    return nbformat.v4.new_notebook(cells=cells)


def answered(notebook: nbformat.NotebookNode, answers: dict[str, str], *, drop_metadata: bool = False
             ) -> nbformat.NotebookNode:
    """A student's copy: the answer cells filled in (and their metadata lost, as some tools lose it)."""
    student = copy.deepcopy(notebook)
    for cell in student.cells:
        question = cell.metadata.get("autograder", {}).get("manual")
        if question in answers:
            cell.source = answers[question]
        if drop_metadata:
            cell.metadata = {}
    return student


def as_dict(notebook: nbformat.NotebookNode) -> dict[str, Any]:
    return json.loads(nbformat.writes(notebook))


def write(notebook: nbformat.NotebookNode, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path
