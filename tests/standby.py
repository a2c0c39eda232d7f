"""A hot standby of the suite's PostgreSQL cluster, by streaming replication: pg_basebackup, then pg_ctl start.

Run as the `postgres` OS user when we are root (PostgreSQL refuses to run as root), as ourselves otherwise, like
the suite's own cluster (tests/postgres_cluster.py).
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.postgres_cluster import WRAPPER, _free_port, find_pg_ctl

# How long a new standby may take to open for reads (see Standby.start).
READY_WAIT = 900  # seconds


class StandbyUnavailable(RuntimeError):
    pass


def _as_server_user(command):
    if os.geteuid() == 0:
        return ["runuser", "-u", os.environ.get("PG_TEST_OS_USER", "postgres"), "--", *command]
    return command


@dataclass
class Standby:
    base: Path
    port: int
    pg_ctl: str

    @property
    def datadir(self):
        return self.base / "data"

    def _pg_ctl(self, *args, timeout=120):
        env = {**os.environ, "PG_CTL_REAL": self.pg_ctl}
        subprocess.run(
            [str(WRAPPER), "-D", str(self.datadir), *args],
            check=True,
            env=env,
            cwd="/",
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
        )

    def start(self):
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c hot_standby=on "
            "-c fsync=off -c max_connections=200"
        )
        # A hot standby opens for reads only once it has replayed a snapshot of the primary's running transactions
        # that is complete. While another test worker holds a transaction with more than 64 savepoints (a test that
        # records many steps in its one transaction), the primary's snapshots are not, and the standby waits for that
        # transaction to end: minutes, not pg_ctl's default 60 s.
        try:
            self._pg_ctl(
                "-o",
                options,
                "-l",
                str(self.base / "server.log"),
                "-w",
                "-t",
                str(READY_WAIT),
                "start",
                timeout=READY_WAIT + 60,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self.remove()  # not left running, streaming from a primary that is about to go
            raise

    def stop(self):
        self._pg_ctl("-m", "fast", "-w", "stop")

    def remove(self):
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.base, ignore_errors=True)


def start_standby(primary_host, primary_port) -> Standby:
    pg_ctl = find_pg_ctl()
    # Beside the server binaries pg_ctl is (a symbolic link such as /usr/local/bin/pg_ctl is followed there).
    basebackup = Path(pg_ctl).resolve().with_name("pg_basebackup")
    if not os.access(basebackup, os.X_OK):
        raise StandbyUnavailable(f"pg_basebackup was not found next to {pg_ctl}")
    base = Path(tempfile.mkdtemp(prefix="ketqua-standby-"))
    if os.geteuid() == 0:
        account = pwd.getpwnam(os.environ.get("PG_TEST_OS_USER", "postgres"))
        os.chown(base, account.pw_uid, account.pw_gid)
    standby = Standby(base=base, port=_free_port(), pg_ctl=pg_ctl)
    # -R writes standby.signal and the primary's connection: the copy starts as a standby that streams from it.
    subprocess.run(
        _as_server_user(
            [
                str(basebackup),
                "-h",
                primary_host,
                "-p",
                str(primary_port),
                "-U",
                "postgres",
                "-D",
                str(standby.datadir),
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
            ]
        ),
        check=True,
        cwd="/",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=300,
    )
    standby.start()
    return standby
