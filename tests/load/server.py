"""The app server process seen from outside: its pid (by port) and memory (from /proc)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

PROC = Path("/proc")


def server_pid(url: str) -> int:
    """Pid of the streamlit process started with ``--server.port`` of ``url``."""
    port = str(urlparse(url).port).encode()
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:  # the process ended meanwhile
            continue
        if b"streamlit" in b" ".join(args) and _option(args, b"--server.port") == port:
            return int(entry.name)
    raise LookupError(f"no streamlit process listens on port {port.decode()}")


def _option(args: list[bytes], name: bytes) -> bytes | None:
    for i, arg in enumerate(args[:-1]):
        if arg == name:
            return args[i + 1]
    return None


def memory_kib(pid: int) -> dict[str, int]:
    """Resident set size now (``VmRSS``) and its peak (``VmHWM``) in KiB."""
    fields = {}
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def _field_mib(pid: int, name: str) -> float:
    fields = memory_kib(pid)
    if name not in fields:  # a zombie has no memory lines
        raise LookupError(f"server process {pid} has ended")
    return fields[name] / 1024


def rss_mib(pid: int) -> float:
    return _field_mib(pid, "VmRSS")


def peak_rss_mib(pid: int) -> float:
    return _field_mib(pid, "VmHWM")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    stat = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
