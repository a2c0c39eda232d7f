"""Legal paths through the result lifecycle, read from the state machine of `Result` itself.

The transition graph comes from django-fsm (`get_all_transitions`); its conditions are evaluated by the model's own
condition functions against a stand-in for a result in a given *scenario* (which regime, whether the state keeps the
rights, whether anyone holds rights after the ownership decision), and the `register` transition's GET_STATE target
is resolved by its own function. So when the lifecycle changes, the demo follows it, and a path that is planned
here is one the services would accept step by step.
"""

from collections import deque
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

from django_fsm import GET_STATE, State

from tasks_registry.lifecycle import OwnershipOutcome, Status
from tasks_registry.models import Result

START = Status.ACCEPTANCE_SUBMITTED


@dataclass(frozen=True)
class Scenario:
    code: str
    by_law: bool  # the regime's ownership_by_law (Law 93/2025) or the rights route (Law 2013)
    state_retains_rights: bool  # task.state_retains_rights
    holder: bool  # after the ownership is settled, someone holds rights to transfer or apply

    @property
    def new_regime(self):
        return self.by_law


OLD = Scenario("old", by_law=False, state_retains_rights=False, holder=True)
OLD_NO_HOLDER = Scenario("old_no_holder", by_law=False, state_retains_rights=False, holder=False)
NEW = Scenario("new", by_law=True, state_retains_rights=False, holder=True)
NEW_RETAINED = Scenario("new_retained", by_law=True, state_retains_rights=True, holder=True)
SCENARIOS = (OLD, OLD_NO_HOLDER, NEW, NEW_RETAINED)


def _probe(scenario, status):
    """A stand-in with the attributes the transition conditions and GET_STATE functions read."""
    if scenario.by_law:
        outcome = OwnershipOutcome.RETAINED_BY_STATE if scenario.state_retains_rights else OwnershipOutcome.BY_LAW
    else:
        outcome = OwnershipOutcome.USE_RIGHTS_STATE_ASSET if scenario.holder else OwnershipOutcome.OTHER_DISPOSAL
    return SimpleNamespace(
        status=status,
        regime_id=1,
        regime=SimpleNamespace(ownership_by_law=scenario.by_law),
        registration_no="KQ000000",
        ownership_outcome=outcome,
        ownership_holder_id=1 if scenario.holder else None,
        # The demo's hosts answer within their 60 days: no planned path goes through a recorded lapse (the demo
        # lapses one afterwards, through the service: demo.work.lapse_one_asset_report).
        asset_report_overdue_on=None,
        ownership_requested=None,
        task=SimpleNamespace(state_retains_rights=scenario.state_retains_rights),
    )


def transitions():
    return list(Result._meta.get_field("status").get_all_transitions(Result))


def _sources(transition):
    if transition.source in ("*", "+"):
        return [s for s in Status.values if transition.source == "*" or s != transition.target]
    return [transition.source]


def _target(transition, probe):
    target = transition.target
    if isinstance(target, GET_STATE):
        return target.func(probe)
    if isinstance(target, State):
        raise TypeError(f"cannot plan through transition {transition.name}: its target is only known when it runs")
    return target


@cache
def graph(scenario):
    """{status: ((transition name, next status), ...)} of the steps legal in this scenario, in a stable order."""
    edges = {status: [] for status in Status.values}
    for transition in transitions():
        if transition.name in NOT_PLANNED:
            continue
        for source in _sources(transition):
            probe = _probe(scenario, source)
            if all(condition(probe) for condition in transition.conditions):
                edges[str(source)].append((transition.name, str(_target(transition, probe))))
    return {status: tuple(sorted(set(steps))) for status, steps in edges.items()}


@cache
def distances(scenario, target):
    """Fewest steps from each status to `target` in this scenario (statuses that cannot reach it are absent)."""
    reverse = {}
    for source, steps in graph(scenario).items():
        for _name, nxt in steps:
            reverse.setdefault(nxt, []).append(source)
    dist = {str(target): 0}
    queue = deque([str(target)])
    while queue:
        status = queue.popleft()
        for source in reverse.get(status, ()):
            if source not in dist:
                dist[source] = dist[status] + 1
                queue.append(source)
    return dist


def reachable(scenario, target):
    return START in distances(scenario, target)


# How often the parties take a step when they have a choice (demo assumption): dossiers are returned now and then,
# most owners offer their results to receiving units rather than only applying them themselves, and so on.
PREFERENCE = {
    "return_acceptance": 0.12,
    "return_registration": 0.12,
    "return_ownership": 0.15,
    "return_support": 0.15,
    "reject": 0.5,
    "decline_ownership": 0.35,
    "decline_transfer": 0.2,
    "refuse_support": 0.3,
    "offer_transfer": 2.5,
}
# Steps whose target the stand-in cannot know (which dossier went up to the authority): never planned.
NOT_PLANNED = {"return_ownership_submission"}


def plan(rng, scenario, target, slack=6):
    """A legal path [(transition, before, after), ...] from acceptance_submitted to `target`.

    A weighted random walk over the steps that can still reach the target (PREFERENCE), within `slack` steps more
    than the shortest way: so paths take detours the law allows (a dossier returned and resubmitted, a transfer
    declined and offered again, support refused and asked again) and always end.
    """
    dist = distances(scenario, target)
    if START not in dist:
        raise ValueError(f"{target} cannot be reached in scenario {scenario.code}")
    edges = graph(scenario)
    path, status, budget = [], START, dist[START] + slack
    while status != target:
        choices = [(name, nxt) for name, nxt in edges[status] if dist.get(nxt, budget) <= budget - 1]
        weights = [PREFERENCE.get(name, 1.0) for name, _ in choices]
        name, nxt = rng.choices(choices, weights)[0]
        path.append((name, status, nxt))
        status, budget = nxt, budget - 1
    return path
