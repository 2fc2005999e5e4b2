#!/usr/bin/env bash
# Gradescope runs this once, as root, from /autograder/source, when it builds the autograder image.
# It installs only what grading needs: Python, a CPU-only torch, the pinned grading requirements
# (requirements.txt: the grader's own, plus matplotlib, which the assignment notebooks import) and
# bubblewrap (used where the container allows it; otherwise workers drop to an unprivileged uid),
# then compiles once what every submission's run would compile again (autograder.gradescope.prepare).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DEBIAN_FRONTEND=noninteractive PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

apt-get update -qq
apt-get install -y -qq --no-install-recommends python3 python3-venv python3-pip bubblewrap >/dev/null
rm -rf /var/lib/apt/lists/*
if ! python3 -c 'import sys; sys.exit(sys.version_info < tuple(map(int, "@PYTHON_MIN@".split("."))))'; then
  echo "setup.sh: the pinned requirements need Python @PYTHON_MIN@ or newer, and this image has $(python3 -V)." >&2
  echo "Choose a newer base image in the Gradescope autograder settings (Ubuntu 24.04 has Python 3.12)." >&2
  exit 1
fi

# The pip step: a virtual environment that grading uses and nothing else.
python3 -m venv /autograder/venv
/autograder/venv/bin/python -m pip install --quiet "@TORCH_SPEC@" --index-url @TORCH_INDEX@
/autograder/venv/bin/python -m pip install --quiet -r requirements.txt

/autograder/venv/bin/python -c "import torch, numpy, nbformat, pytest, yaml, matplotlib; print('grading environment ready, torch', torch.__version__)"

# Compile once here what every submission's run would compile again (its container starts from this image).
/autograder/venv/bin/python -m autograder.gradescope.prepare "@ASSIGNMENT@"
