"""Legal paths through the result lifecycle, read from the state machine of `Result` itself.

The transition graph comes from django-fsm (`get_all_transitions`); its conditions are evaluated by the model's own
condition functions against a stand-in for a result in a given *scenario* (which regime, whether the state keeps the
rights, whether anyone holds rights after the ownership decision), and the `register` transition's GET_STATE target
is resolved by its own function. So when the lifecycle changes, the demo follows it, and a path that is planned
here is one the services would accept step by step.

Paths run over the result's own states. The steps that open a transfer or a support leave the result where it is and
are not planned here; the steps of a transfer that move the result on (`Step.advances`: the first transfer confirmed,
the first applied) are, as markers: `demo.results` gives each of them the transfer it belongs to, and plans the
result's transfers and supports around the path.
"""

from collections import deque
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

from django_fsm import GET_STATE, State

from tasks_registry.lifecycle import OWNERSHIP_SETTLED, RESULT, STEPS, OwnershipOutcome, Status, TransferStatus
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


class Records:
    """A stand-in for a result's transfers or supports (`result.transfers`): records with a `status`, filtered by
    `status` or `status__in` as the guards read them."""

    def __init__(self, *statuses):
        self.statuses = statuses

    def filter(self, status=None, status__in=None):
        wanted = set(status__in) if status__in is not None else {status}
        return Records(*(s for s in self.statuses if s in wanted))

    def exists(self):
        return bool(self.statuses)


def _probe(scenario, status):
    """A stand-in with the attributes the transition conditions and GET_STATE functions read.

    Nothing of its transfers and supports is under way when a path closes the case (the generator plans them so),
    and where someone holds rights one transfer was declined: a result whose ownership is settled is closed only
    after its owner's offer was refused (the generator then gives it one)."""
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
        transfers=Records(TransferStatus.DECLINED) if scenario.holder else Records(),
        supports=Records(),
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


def _opening_conditions(step):
    """A transfer's step moves its result on only where a transfer could have been opened: the guards of the step
    that opens one (someone holds rights to offer)."""
    if step.subject == RESULT:
        return ()
    return next(opener.conditions for opener in STEPS.values() if opener.opens == step.subject)


@cache
def graph(scenario):
    """{status: ((transition name, next status), ...)} of the steps legal in this scenario, in a stable order."""
    edges = {status: [] for status in Status.values}
    for transition in transitions():
        if transition.name in NOT_PLANNED or STEPS[transition.name].opens:
            continue
        conditions = [*transition.conditions, *_opening_conditions(STEPS[transition.name])]
        for source in _sources(transition):
            if source in NOT_PLANNED_FROM.get(transition.name, ()):
                continue
            probe = _probe(scenario, source)
            if all(condition(probe) for condition in conditions):
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
# most owners transfer their results to receiving units rather than only applying them themselves, and so on.
PREFERENCE = {
    "return_acceptance": 0.12,
    "return_registration": 0.12,
    "return_ownership": 0.15,
    "reject": 0.5,
    "decline_ownership": 0.35,
    "confirm_transfer": 2.5,
}
# Steps whose target the stand-in cannot know (which dossier went up to the authority): never planned.
NOT_PLANNED = {"return_ownership_submission"}
# Steps from states the generator's transfers never leave them in: a confirmed transfer has made its result
# "transferred" already, so the first application is never reported while ownership is merely settled; and a
# transferred result has a confirmed transfer under way (applying it makes the result "applied"), so it is not closed.
NOT_PLANNED_FROM = {"report_application": OWNERSHIP_SETTLED, "close": (Status.TRANSFERRED,)}


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
