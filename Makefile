# Every target bootstraps the virtual environment it needs, so a fresh clone runs `make grade` or
# `make test` directly. torch is pinned to a CPU build: an unpinned torch pulls a multi-GB CUDA build.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
TORCH_SPEC ?= torch==2.13.0
STAMP := $(VENV)/.installed-$(subst =,-,$(TORCH_SPEC))
ASSIGNMENTS := $(notdir $(patsubst %/assignment.yaml,%,$(wildcard assignments/*/assignment.yaml)))

.PHONY: install grade test gradescope bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet "$(TORCH_SPEC)"
	$(PY) -m pip install --quiet -e ".[grader,dev,otter]"
	@command -v bwrap >/dev/null || echo "note: bubblewrap is not installed; workers run without a private filesystem view (apt-get install bubblewrap)"
	touch $(STAMP)

install: $(STAMP)

## Grade the bundled example submissions of every assignment into results/ASSIGNMENT/.
grade: $(STAMP)
	@for a in $(ASSIGNMENTS); do $(PY) -m autograder grade $$a assignments/$$a/examples -o results/$$a -j 2 || exit 1; done

## The grader's own test suite.
test: $(STAMP)
	$(PY) -m pytest

## One Gradescope autograder zip per assignment in dist/.
gradescope: $(STAMP)
	@for a in $(ASSIGNMENTS); do $(PY) -m autograder gradescope $$a -o dist || exit 1; done

## Our grader against the kernel-based way; writes bench/results.md.
bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf results dist .pytest_cache
