import fcntl

import pytest


@pytest.fixture(autouse=True)
def _alone_when_marked(request, tmp_path_factory, worker_id):
    """The suite's workers (pytest-xdist) share one PostgreSQL cluster. A test marked `alone` needs the cluster
    quiet (the standby test measures replication after an idle spell): it takes the lock exclusively, every other
    test takes it shared, so it waits for the other worker's current test and holds that worker until it ends."""
    if worker_id == "master":
        yield
        return
    exclusive = request.node.get_closest_marker("alone") is not None
    with open(tmp_path_factory.getbasetemp().parent / "alone.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield


@pytest.fixture(autouse=True)
def _fast_and_isolated(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"
    # Hashing strength is not under test; PBKDF2 would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
