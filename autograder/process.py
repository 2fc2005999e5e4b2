"""What a command's own process does first and last, for speed: nothing here changes what is graded.

- :func:`skip_slow_optional_imports`: jsonschema (imported by nbformat, and by our results check)
  imports its optional format checkers' libraries when they are installed (jupyterlab's
  dependencies bring them in): ``rfc3987_syntax`` builds a grammar for IRIs at import time, 1-4 s;
  ``isoduration`` imports ``arrow``, 0.05 s. No schema the grader uses asks for those formats, and
  jsonschema does not check formats unless asked to.
- :func:`import_after_fork`: a module the command will need at its end (``autograder grade``
  draws report.html's histogram with matplotlib, 0.3-0.5 s to import) is imported meanwhile, in a
  thread at the lowest CPU priority, while the job processes grade.
- :func:`exit_now`: once a command has done its work, Python's finalisation still tears down every
  module; with torch loaded that takes 0.3 s on an idle machine and 2 s on a busy one.

Only for a process's own entry point (``autograder`` and ``run_autograder``): never from code that
a test or another program calls in-process.
"""

from __future__ import annotations

import atexit
import importlib
import os
import sys
import threading
from typing import NoReturn

SLOW_OPTIONAL_IMPORTS = ("rfc3987_syntax", "isoduration")


def skip_slow_optional_imports() -> None:
    """Make the optional imports above fail fast, as if not installed (before anything imports jsonschema)."""
    for name in SLOW_OPTIONAL_IMPORTS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type] - None in sys.modules: ImportError on import


def exit_now(code: int) -> NoReturn:
    """Run the atexit handlers (workers closed, the pytest session ended), flush stdout and stderr, and end."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (e.g. `| head`): nothing more can be said
            pass
    os._exit(code)


class _BackgroundImports:
    """Imports started right after this process forks (its job processes), never while it forks.

    A fork while a thread imports would copy a held import lock into the child, where the next import
    of that module would wait forever: so every later fork first waits for these imports to finish.
    """

    def __init__(self) -> None:
        self.wanted: tuple[str, ...] = ()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()
        os.register_at_fork(before=self.finish, after_in_parent=self.start)

    def start(self) -> None:
        with self.lock:
            if not self.wanted or self.thread is not None:
                return
            self.thread = threading.Thread(target=self._run, args=(self.wanted,), name="import-after-fork",
                                           daemon=True)
            self.wanted = ()
            self.thread.start()

    def finish(self) -> None:
        thread = self.thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    @staticmethod
    def _run(modules: tuple[str, ...]) -> None:
        try:  # the thread alone (Linux): it takes only CPU that the grading leaves idle
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        except (AttributeError, OSError):
            pass
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - whoever needs it imports it again and sees the error then
                pass


_background: _BackgroundImports | None = None


def import_after_fork(*modules: str) -> None:
    """Import ``modules`` in a low-priority thread once this process next forks (see _BackgroundImports)."""
    global _background
    if _background is None:
        _background = _BackgroundImports()
    with _background.lock:
        if _background.thread is None:
            _background.wanted = tuple(modules)
