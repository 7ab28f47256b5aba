"""A closed standard output (``aztui export | head -1``) ends a command quietly.

Python's recipe (the ``signal`` docs, "Note on SIGPIPE"): standard output is pointed at
/dev/null, so the final flush cannot fail again, and the command exits with 141, the status a
shell shows for a program a closed pipe stopped (128 + SIGPIPE), as ``cat`` or ``grep`` would:
a script with ``set -o pipefail`` sees what happened, and no traceback is printed.
"""

from __future__ import annotations

import os
import select
import sys

EXIT_CLOSED_PIPE = 141


def stdout_closed(exc: BaseException) -> bool:
    """Whether ``exc`` means nobody reads standard output any more: a ``BrokenPipeError``
    while standard output is a pipe whose reader is gone (not a connection of aztui's own
    that broke), or rich's exit on one (``Console.on_broken_pipe``, after it pointed standard
    output at /dev/null itself)."""
    if isinstance(exc, SystemExit):
        return isinstance(exc.__context__, BrokenPipeError)
    if not isinstance(exc, BrokenPipeError) or sys.__stdout__ is None:
        return False
    if not hasattr(select, "poll"):
        return True
    try:
        poller = select.poll()
        poller.register(sys.__stdout__.fileno(), select.POLLOUT)
    except (OSError, ValueError):
        return False
    return any(event & select.POLLERR for _, event in poller.poll(0))


def end_quietly() -> int:
    """Standard output to /dev/null from now on; the exit status of a closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
    os.close(devnull)
    return EXIT_CLOSED_PIPE
