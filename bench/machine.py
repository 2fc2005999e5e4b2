"""A description of the machine a benchmark ran on, so its numbers can be compared with another's."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil
import sys

import torch

from autograder.worker import sandbox
from bench import procfs


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cores() -> int:
    return len(os.sched_getaffinity(0))


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def describe() -> dict[str, str]:
    memory = procfs.meminfo_kb("MemTotal")
    bwrap = sandbox.bubblewrap_works()
    return {
        "CPU": cpu_model(),
        "cores usable": str(cores()),
        "RAM": f"{memory / 1024 / 1024:.1f} GiB" if memory else "unknown",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": sys.version.split()[0],
        "torch": f"{torch.__version__} ({'CUDA available' if torch.cuda.is_available() else 'CPU only'})",
        "pytest / nbclient / ipykernel": f"{_version('pytest')} / {_version('nbclient')} / {_version('ipykernel')}",
        "bubblewrap": ("used: the zygote runs in bwrap" if bwrap else
                       "not used (" + ("bwrap cannot create namespaces here" if shutil.which("bwrap") else "not installed") + ")"),
        "running as": "root (workers drop to an unprivileged uid)" if os.getuid() == 0 else f"uid {os.getuid()}",
    }


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"
