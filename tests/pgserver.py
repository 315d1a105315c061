"""A throwaway PostgreSQL server for the tests: ``initdb`` and ``pg_ctl`` from the Debian
package ``postgresql`` (scripts/run-tests.sh installs it), on a free localhost port, in a
temporary folder, as an unprivileged user (``postgres`` when the tests run as root)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.harness import free_port

USER = "ikztest"


class ServerUnavailable(RuntimeError):
    """PostgreSQL cannot be started here (the message says why)."""


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise ServerUnavailable(
        "PostgreSQL fehlt (initdb nicht gefunden): als root 'apt-get install postgresql' "
        "ausführen oder ./scripts/run-tests.sh als root starten."
    )


def _as_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    if shutil.which("runuser") is None:
        raise ServerUnavailable("runuser fehlt: PostgreSQL kann nicht als root laufen.")
    return ["runuser", "-u", "postgres", "--", *cmd]


def _run(cmd: list[str]) -> None:
    done = subprocess.run(_as_user(cmd), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise ServerUnavailable(f"{' '.join(cmd[:2])}: {done.stderr.strip()[-800:]}")


@contextmanager
def running_postgres() -> Iterator[str]:
    """Start a server; yield its SQLAlchemy URL (database ``ikzmap``); stop and delete it."""
    bin_dir = _bin_dir()
    root = Path(tempfile.mkdtemp(prefix="ikzmap-pg-"))
    data, sockets = root / "data", root / "run"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = free_port()
    started = False
    try:
        _run([str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "-A", "trust", "-E", "UTF8"])
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c fsync=off"
        _run(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-t", "60", "-l",
             str(root / "server.log"), "start"]
        )  # fmt: skip
        started = True
        _run([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", USER, "ikzmap"])
        yield f"postgresql+psycopg://{USER}@127.0.0.1:{port}/ikzmap"
    finally:
        if started:
            subprocess.run(
                _as_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                capture_output=True,
                timeout=120,
            )
        shutil.rmtree(root, ignore_errors=True)
