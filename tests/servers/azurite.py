"""Azurite, Microsoft's Azure Storage emulator, started for the storage tests.

`make test` installs it from the npm registry into `.cache/azurite` (see the
Makefile). Without it the tests skip on a workstation and fail in CI, so a
pipeline never goes green without having run them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from schoolgate.config.env import BASE_DIR

AZURITE = Path(
    os.environ.get(
        "SCHOOLGATE_AZURITE", BASE_DIR / ".cache/azurite/node_modules/.bin/azurite-blob"
    )
)
#: Azurite's documented development account (public, valid only against Azurite).
ACCOUNT = "devstoreaccount1"
ACCOUNT_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Azurite stopped at start (exit {process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"Azurite did not listen on 127.0.0.1:{port} within {seconds} s")


@pytest.fixture(scope="session")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start Azurite's blob service; yield a connection string for it."""
    if not os.access(AZURITE, os.X_OK):
        reason = f"Azurite is not installed at {AZURITE} (run `make azurite`)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the storage tests.")
        pytest.skip(reason)
    port = _free_port()
    command = [
        str(AZURITE),
        "--blobHost", "127.0.0.1",
        "--blobPort", str(port),
        "--location", str(tmp_path_factory.mktemp("azurite")),
        "--silent", "--loose", "--skipApiVersionCheck",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port, process)
        yield (
            f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={ACCOUNT_KEY};"
            f"BlobEndpoint=http://127.0.0.1:{port}/{ACCOUNT};"
        )
    finally:
        process.terminate()
        process.wait(timeout=10)
