"""A throwaway PostgreSQL server for tests and benchmarks: initdb in a temporary folder,
a free local port, trust authentication, stopped and deleted at the end.

Uses Debian's ``postgresql`` package (``/usr/lib/postgresql/N/bin``) or whatever
``initdb`` is on the PATH. PostgreSQL refuses to run as root, so as root the server runs
as the unprivileged ``nobody`` user.

    eval "$(python tools/pg_server.py start /tmp/pg)"   # exports KHABAR_TEST_POSTGRES
    python tools/pg_server.py stop /tmp/pg

``--durable`` keeps PostgreSQL's default fsync settings (for benchmarks); without it the
server trades durability for speed, as a test server may.
"""

from __future__ import annotations

import argparse
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

SUPERUSER = "khabar"
ENV = "KHABAR_TEST_POSTGRES"  # the URL of a server the tests may create databases on


class ServerUnavailable(RuntimeError):
    """No PostgreSQL binaries, or the server would not start; the message says which."""


def binaries() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not versions:
        raise ServerUnavailable("no PostgreSQL server binaries (apt-get install postgresql)")
    return Path(versions[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user() -> dict:
    """subprocess arguments that drop root to ``nobody``; nothing when not root."""
    if os.geteuid() != 0:
        return {}
    user = pwd.getpwnam("nobody")
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


def start(folder: Path, durable: bool = False) -> str:
    """Start a server whose files live in ``folder`` (made here); returns its URL."""
    bin_dir = binaries()
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    drop = _as_server_user()
    if drop:
        os.chown(folder, drop["user"], drop["group"])
        os.chmod(folder, 0o700)
    run = {"check": True, "capture_output": True, "text": True, "cwd": folder, **drop}
    try:
        subprocess.run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",  # a UTF-8 ctype: pg_trgm then sees Arabic letters as letters
                "--no-sync",
            ],
            **run,
        )
    except subprocess.CalledProcessError as e:
        raise ServerUnavailable(f"initdb failed: {e.stderr.strip()[-500:]}") from None
    port = _free_port()
    settings = [f"port={port}", "listen_addresses='127.0.0.1'", f"unix_socket_directories='{folder}'"]
    if not durable:
        settings += ["fsync=off", "synchronous_commit=off", "full_page_writes=off"]
    (data / "postgresql.auto.conf").write_text("\n".join(settings) + "\n")
    try:
        subprocess.run(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60", "start"],
            **run,
        )
    except subprocess.CalledProcessError as e:
        log = (folder / "server.log").read_text(errors="replace")[-500:] if (folder / "server.log").exists() else ""
        raise ServerUnavailable(f"the server did not start: {e.stderr.strip()[-300:]} {log}") from None
    (folder / "url").write_text(url := f"postgresql://{SUPERUSER}@127.0.0.1:{port}/postgres")
    return url


def stop(folder: Path) -> None:
    """Stop the server in ``folder`` (if it runs) and delete its files."""
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(
            [str(binaries() / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            cwd=folder,
            **_as_server_user(),
        )
    shutil.rmtree(folder, ignore_errors=True)


def wait_ready(url: str, seconds: float = 30) -> None:
    import psycopg

    deadline = time.monotonic() + seconds
    while True:
        try:
            psycopg.connect(url).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--durable", action="store_true", help="keep fsync on (benchmarks)")
    args = parser.parse_args()
    if args.action == "stop":
        stop(args.folder)
        return
    try:
        url = start(args.folder, args.durable)
    except ServerUnavailable as e:
        print(f"echo 'no PostgreSQL server for the tests: {e}' >&2", end="\n")
        sys.exit(0)  # the tests then skip PostgreSQL and say why
    print(f"export {ENV}={url}")


if __name__ == "__main__":
    main()
