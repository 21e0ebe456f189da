"""The helper processes a benchmark starts beside itself (a server, the intake worker)."""

from __future__ import annotations

import subprocess

STOP_SECONDS = 15


def process_stop(process: subprocess.Popen[bytes]) -> None:
    """Ask the process to stop; kill it if it has not within STOP_SECONDS."""
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
