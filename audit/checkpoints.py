"""Signed chain checkpoints, kept outside the database.

A checkpoint is every chain's length and head hash at one moment, signed with the audit HMAC key and written as a
new file in settings.AUDIT_CHECKPOINT_DIR (never overwritten: a directory an auditor keeps, ideally copied to a
machine or an append-only store the application cannot write). Whoever controls the database can empty the log, cut
a chain's tail or rewrite a whole chain consistently; none of that can make the database agree with a checkpoint it
cannot change, and a forged checkpoint needs the key. `verify_audit` compares the chains with the latest one.
"""

import gzip
import json
import os
from dataclasses import dataclass
from datetime import datetime
from datetime import timezone as dt_timezone
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import signing
from .models import ChainHead

PREFIX, SUFFIX = "checkpoint-", ".json.gz"
FORMAT = 1


class CheckpointError(Exception):
    pass


@dataclass
class Checkpoint:
    path: Path
    created_at: datetime
    chains: dict  # case_key -> (length, head hash)
    key_id: str
    signature_ok: bool
    problem: str = ""

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def events(self) -> int:
        return sum(length for length, _ in self.chains.values())


def _message(body: dict) -> str:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def directory(path=None) -> Path:
    return Path(path or settings.AUDIT_CHECKPOINT_DIR)


def write(path=None) -> Checkpoint:
    """Write a new signed checkpoint of every chain head; returns it. Never replaces an existing file."""
    target = directory(path)
    target.mkdir(parents=True, exist_ok=True)
    created_at = timezone.now()
    chains = {
        key: [length, last]
        for key, length, last in ChainHead.objects.filter(length__gt=0)
        .order_by("case_key")
        .values_list("case_key", "length", "last_hash")
        .iterator(chunk_size=10_000)
    }
    body = {"format": FORMAT, "created_at": created_at.astimezone(dt_timezone.utc).isoformat(), "chains": chains}
    key_id, signature = signing.sign(_message(body))
    document = {**body, "key_id": key_id, "hmac": signature}
    file = target / f"{PREFIX}{created_at.astimezone(dt_timezone.utc):%Y%m%dT%H%M%S%fZ}{SUFFIX}"
    # O_EXCL: a checkpoint is written once; the file is then read-only.
    fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(json.dumps(document, ensure_ascii=False).encode("utf-8"))
        out.flush()
        raw.flush()
        os.fsync(raw.fileno())
    os.chmod(file, 0o440)
    return read(file)


def read(file: Path) -> Checkpoint:
    try:
        with gzip.open(file, "rb") as handle:
            document = json.loads(handle.read().decode("utf-8"))
        body = {key: document[key] for key in ("format", "created_at", "chains")}
        key_id, signature = document["key_id"], document["hmac"]
        created_at = datetime.fromisoformat(body["created_at"])
        chains = {key: (int(length), str(last)) for key, (length, last) in body["chains"].items()}
    except (OSError, EOFError, ValueError, KeyError, TypeError) as error:
        raise CheckpointError(f"checkpoint {file.name} cannot be read: {error}") from error
    try:
        ok, problem = signing.valid(_message(body), key_id, signature), ""
    except signing.UnknownKey:
        ok, problem = False, f"signed with an unknown key ({key_id})"
    if not ok and not problem:
        problem = "checkpoint signature does not match (forged or altered)"
    return Checkpoint(file, created_at, chains, key_id, ok, problem)


def files(path=None) -> list[Path]:
    folder = directory(path)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.startswith(PREFIX) and p.name.endswith(SUFFIX))


def latest(path=None) -> Checkpoint | None:
    """The newest checkpoint (by its name, which is its UTC time), or None when there is none yet."""
    found = files(path)
    return read(found[-1]) if found else None
