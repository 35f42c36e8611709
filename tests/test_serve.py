"""`schoolgate serve` as a real process: its children start, and stop together."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="finds child processes through /proc"
)
SCHOOLGATE = [sys.executable, "-m", "schoolgate.cli"]


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Return the environment of a migrated demo install in a temporary directory."""
    var = tmp_path_factory.mktemp("var")
    unset = ("DATABASE_URL", "SCHOOLGATE_SITE_URL")
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env |= {
        "DJANGO_SETTINGS_MODULE": "schoolgate.config.settings.local",
        "SCHOOLGATE_VAR_DIR": str(var),
    }
    subprocess.run([*SCHOOLGATE, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    return env


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def output(self) -> str:
        return self.log.read_text()


@pytest.fixture
def server(environment: dict[str, str], tmp_path: Path) -> Iterator[Server]:
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*SCHOOLGATE, "serve", "--port", str(port), "--workers", "1", "--threads", "2"],
            env=environment,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, port, log)
    try:
        _wait_for_health(server)
        yield server
    finally:
        if process.poll() is None:  # A failed test leaves nothing running.
            _kill_everything(process.pid)
            process.wait()


def test_it_serves_and_stops_every_child_on_ctrl_c(server):
    children = _descendants(server.process.pid)
    assert len(children) >= 5  # gunicorn, its worker, two task workers, the scheduler
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=20) == 0, server.output()
    _assert_gone(children)
    assert f"Schoolgate is at http://127.0.0.1:{server.port}/" in server.output()
    assert (
        "Stopped the web server, the task worker, the second task worker and the scheduler."
        in server.output()
    )


def test_links_the_children_write_name_the_address_it_listens_on(server):
    wanted = f"SCHOOLGATE_SITE_URL=http://127.0.0.1:{server.port}".encode()
    for pid in _descendants(server.process.pid):
        assert wanted in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"), _cmdline(pid)


def test_the_scheduler_runs_the_routine_jobs_at_start_up(server):
    # A day the server was off is caught up at once: every job runs when it starts.
    for job in ("lapse_drafts", "takedown_leavers", "compliance_reminders", "fetch_comments"):
        _wait_for_line(server, f"{job}: done")
    assert "FAILED" not in server.output()


def test_when_the_scheduler_dies_it_stops_the_rest_and_fails(server):
    children = _descendants(server.process.pid)
    scheduler = next(pid for pid in children if _cmdline(pid).endswith(b"schedule\x00"))
    os.kill(scheduler, signal.SIGKILL)
    assert server.process.wait(timeout=20) == 1, server.output()
    _assert_gone(children)
    assert "The scheduler stopped (exit code -9)" in server.output()


def test_it_stops_on_sigterm(server):
    children = _descendants(server.process.pid)
    server.process.terminate()
    assert server.process.wait(timeout=20) == 0, server.output()
    _assert_gone(children)


def test_when_the_task_worker_dies_it_stops_the_web_server_and_fails(server):
    children = _descendants(server.process.pid)
    worker = next(pid for pid in children if b"db_worker" in _cmdline(pid))
    os.kill(worker, signal.SIGKILL)
    assert server.process.wait(timeout=20) == 1, server.output()
    _assert_gone(children)
    assert "task worker stopped (exit code -9); stopped the rest." in server.output()


# Processes -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_health(server: Server, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{server.port}/health/"
    while time.monotonic() < deadline:
        assert server.process.poll() is None, server.output()
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310  (local URL)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"/health/ did not answer within {timeout}s:\n{server.output()}")


def _wait_for_line(server: Server, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while text not in server.output():
        assert time.monotonic() < deadline, f"{text!r} not printed:\n{server.output()}"
        assert server.process.poll() is None, server.output()
        time.sleep(0.2)


def _parents() -> dict[int, int]:
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces.
        fields = text.rsplit(")", 1)[1].split()
        found[int(stat.parent.name)] = int(fields[1])
    return found


def _descendants(pid: int) -> set[int]:
    parents, found, frontier = _parents(), set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cmdline(pid: int) -> bytes:
    return Path(f"/proc/{pid}/cmdline").read_bytes()


def _assert_gone(pids: set[int], timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.1)
    assert not [pid for pid in pids if _alive(pid)], "child processes outlived serve"


def _kill_everything(pid: int) -> None:
    for child in _descendants(pid) | {pid}:
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            continue
