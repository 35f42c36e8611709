"""Publishing: the public post page and the RSS feed under the production server.

Gunicorn (2 processes x 4 threads, as `schoolgate serve`) with the file
cache, on a scratch SQLite database with one school and 40 published posts.
The load comes from `wrk` (Debian's package, which `make bench` installs)
on loopback: 16 HTTP/1.1 keep-alive connections on two client threads for a
fixed time per page. Without wrk a small asyncio client stands in; being
Python, it takes much of a core itself, so its figures are lower.
Target (issue 3): at least 500 requests/s and p99 under 50 ms on 2 cores.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONNECTIONS = 16
WARMUP_SECONDS = 2.0
SECONDS = 10.0
TARGET_RPS, TARGET_P99_MS = 500, 50.0

SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from schoolgate.people.tests.factories import SchoolFactory, UserFactory, RoleFactory
from schoolgate.publishing import services
school = SchoolFactory(slug="bench", profile="shire")
head = UserFactory()
RoleFactory(user=head, school=school, role="head")
blog = services.channel_create(school=school, kind="blog", name="News", actor=head)
words = ("the children sang and danced in the hall before lunch while parents watched "
         "and the choir practised for the summer concert ").split()
for n in range(40):
    body = " ".join(words[(n + i) % len(words)] for i in range(300))
    post = services.post_create(school=school, title=f"News item {n}", body=body, actor=head,
                                channels=[blog], tags=["events"])
    services.post_publish(post=post, actor=head)
print(post.slug)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(var: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="schoolgate.config.settings.local",
        SCHOOLGATE_VAR_DIR=str(var),
        DATABASE_URL=f"sqlite:///{var / 'bench.sqlite3'}",
        CACHE_URL=f"filecache://{var / 'cache'}",
        EMAIL_URL="consolemail://",
        LOG_LEVEL="ERROR",
    )
    env.pop("DEBUG", None)
    return env


async def _client(host: str, port: int, path: str, until: float, latencies: list[float]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    request = f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n".encode()
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = head.split(b" ", 2)[1]
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            if status != b"200":
                raise RuntimeError(f"{path} answered {status.decode()}")
            latencies.append(time.perf_counter() - started)
            if b"connection: close" in head.lower():
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()


async def _load(port: int, path: str, seconds: float) -> list[float]:
    latencies: list[float] = []
    until = time.perf_counter() + seconds
    await asyncio.gather(
        *(_client("127.0.0.1", port, path, until, latencies) for _ in range(CONNECTIONS))
    )
    return latencies


def _wait_for(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _report(name: str, latencies: list[float], seconds: float) -> None:
    latencies.sort()
    rps = len(latencies) / seconds
    p50 = 1000 * latencies[len(latencies) // 2]
    p99 = 1000 * latencies[int(0.99 * len(latencies)) - 1]
    _print(name, rps, p50, p99, len(latencies), "asyncio client")


def _print(name: str, rps: float, p50: float, p99: float, count: int, client: str) -> None:
    met = rps >= TARGET_RPS and p99 < TARGET_P99_MS
    median = f", p50 {p50:.1f} ms" if p50 else ""
    print(
        f"   {name}: {rps:,.0f} req/s{median}, p99 {p99:.1f} ms "
        f"({count:,} requests, {CONNECTIONS} connections, {client}) "
        f"target >= {TARGET_RPS} req/s, p99 < {TARGET_P99_MS:.0f} ms: {'met' if met else 'MISSED'}"
    )


def _wrk(port: int, path: str, seconds: float) -> tuple[float, float, int]:
    """Return requests/s, p99 in ms and the request count from wrk's report."""
    url = f"http://127.0.0.1:{port}{path}"
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds:.0f}s", "--latency", url]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    if "Non-2xx" in out:
        raise RuntimeError(f"{path} answered errors under load:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    count = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return rps, p99, count


def _measure(name: str, port: int, path: str) -> None:
    if shutil.which("wrk"):
        _wrk(port, path, WARMUP_SECONDS)
        rps, p99, count = _wrk(port, path, SECONDS)
        _print(name, rps, 0.0, p99, count, "wrk")
        return
    asyncio.run(_load(port, path, WARMUP_SECONDS))
    _report(name, asyncio.run(_load(port, path, SECONDS)), SECONDS)


def run() -> None:
    """Serve a scratch school with gunicorn and load its post page and feed."""
    with tempfile.TemporaryDirectory() as tmp:
        var = Path(tmp)
        env = _environment(var)
        slug = (
            subprocess.run(  # noqa: S603  our own interpreter and script
                [sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, text=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603  our own interpreter and gunicorn
            [
                sys.executable, "-m", "gunicorn", "schoolgate.config.wsgi:application",
                f"--bind=127.0.0.1:{port}", "--workers=2", "--threads=4",
                "--worker-class=gthread", "--keep-alive=30", "--log-level=error",
            ],
            env=env,
        )  # fmt: skip
        try:
            _wait_for(port)
            for name, path in (
                ("post page", f"/news/bench/{slug}/"),
                ("RSS feed", "/news/bench/rss/"),
            ):
                _measure(name, port, path)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    run()
