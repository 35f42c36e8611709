"""Run the web server, the task worker and the scheduler as child processes, together.

If any child stops, the others are stopped too and the run fails, so a
half-working service never goes unnoticed. SIGINT (Ctrl-C) and SIGTERM stop
every child cleanly: each is sent SIGTERM, given a grace period, and only
then killed with its whole process group.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import FrameType

WSGI_APP = "schoolgate.config.wsgi:application"
# Seconds a child has to finish after SIGTERM before it is killed. Gunicorn
# lets a request run this long (--graceful-timeout); a task may run longer
# and is then retried by the next worker.
GRACE_SECONDS = 10
POLL_SECONDS = 0.2
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def web_command(*, host: str, port: int, workers: int, threads: int) -> list[str]:
    """Return the command line of gunicorn serving Schoolgate."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        WSGI_APP,
        f"--bind={host}:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        f"--graceful-timeout={GRACE_SECONDS}",
        "--access-logfile=-",
        *_no_control_socket(),
    ]


def _no_control_socket() -> list[str]:
    """Return the option that turns off gunicorn's control socket, if it has one.

    Gunicorn 25 and later open a control socket in the home directory by
    default; two servers on one account would fight over it, and this
    supervisor already controls the server.
    """
    from gunicorn.config import KNOWN_SETTINGS

    known = any(setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS)
    return ["--no-control-socket"] if known else []


def worker_command() -> list[str]:
    """Return the command line of the django-tasks database worker."""
    return [sys.executable, "-m", "schoolgate.cli", "db_worker", "--no-reload"]


def scheduler_command() -> list[str]:
    """Return the command line of the routine-jobs scheduler (`schoolgate schedule`)."""
    return [sys.executable, "-m", "schoolgate.cli", "schedule"]


@dataclass
class Child:
    """A command run as a child process, under a name people will read."""

    name: str
    argv: Sequence[str]
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        # A session of its own: Ctrl-C reaches only the supervisor, which
        # then stops each child once, in order, instead of every process in
        # the terminal's group receiving the signal at the same moment.
        self.process = subprocess.Popen(  # noqa: S603  (argv built here, no shell)
            self.argv, start_new_session=True, preexec_fn=_die_with_parent
        )

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def returncode(self) -> int | None:
        return None if self.process is None else self.process.returncode

    def terminate(self) -> None:
        if self.running:
            assert self.process is not None
            self.process.terminate()

    def wait_or_kill(self, deadline: float) -> None:
        """Wait until the deadline for the child to end, then kill its group."""
        if self.process is None:
            return
        try:
            self.process.wait(timeout=max(deadline - time.monotonic(), 0))
        except subprocess.TimeoutExpired:
            _kill_group(self.process.pid)
            self.process.wait()


@dataclass
class Supervisor:
    """Start the children, watch them, and stop them all together."""

    children: list[Child]
    say: Callable[[str], None] = print
    grace: float = GRACE_SECONDS
    stop_requested: bool = field(default=False, init=False)

    def run(self) -> int:
        """Run until a signal asks to stop (return 0) or a child ends (return 1)."""
        previous = {sig: signal.signal(sig, self._request_stop) for sig in _STOP_SIGNALS}
        try:
            for child in self.children:
                child.start()
            ended = self._watch()
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if ended is None:
            self.say(f"Stopped {_listed([f'the {c.name}' for c in self.children])}.")
            return 0
        self.say(f"The {ended.name} stopped (exit code {ended.returncode}); stopped the rest.")
        return 1

    def _request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stop_requested = True

    def _watch(self) -> Child | None:
        """Return the first child to end by itself, or None once asked to stop."""
        while not self.stop_requested:
            for child in self.children:
                if not child.running:
                    return child
            time.sleep(POLL_SECONDS)
        return None

    def _stop_all(self) -> None:
        for child in self.children:
            child.terminate()
        deadline = time.monotonic() + self.grace
        for child in self.children:
            child.wait_or_kill(deadline)


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _listed(items: Sequence[str]) -> str:
    """Return items as English lists them: "a", "a and b", "a, b and c"."""
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def _die_with_parent() -> None:
    """Ask Linux to send the child SIGTERM if the supervisor itself is killed."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
