import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property-based tests (the lifecycle's random walks): thorough where a developer runs them, shorter and the same
# every run on CI (`CI=true`), where a failure must reproduce. HYPOTHESIS_PROFILE chooses either explicitly.
hypothesis_settings.register_profile(
    "thorough", max_examples=60, stateful_step_count=30, deadline=None, suppress_health_check=list(HealthCheck)
)
hypothesis_settings.register_profile(
    "ci", parent=hypothesis_settings.get_profile("thorough"), max_examples=25, derandomize=True, database=None
)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "thorough")
)


@pytest.fixture(autouse=True)
def _fast_and_isolated(tmp_path, settings):
    from django.core.cache import cache

    cache.clear()  # what one test computed and kept (the KPI page's stage times) is never another test's answer
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"
    # Hashing strength is not under test; PBKDF2 would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def analyzed():
    """`analyzed(table="")` runs ANALYZE as the owner; the statistics are deleted when the test ends
    (tests/planner_statistics.py says why)."""
    from tests.planner_statistics import analyze, forget_statistics

    used = []

    def run(table=""):
        used.append(table)
        analyze(table)

    yield run
    if used:
        forget_statistics()


WORKFLOW_RECEIVERS = ("workflows.start_process_for_new_result", "workflows.follow_result")


@pytest.fixture
def without_workflows():
    """The registry alone: recording or changing a result opens and routes no viewflow process (a third of the
    queries of a step). For tests of the registry's own rules, which no queue, task or work item is part of."""
    from tasks_registry.signals import result_changed, result_recorded

    saved = []
    for signal in (result_recorded, result_changed):
        with signal.lock:
            kept = [r for r in signal.receivers if r[0][0] not in WORKFLOW_RECEIVERS]
            saved.append((signal, signal.receivers))
            signal.receivers = kept
            signal.sender_receivers_cache.clear()
    yield
    for signal, receivers in saved:
        with signal.lock:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()
