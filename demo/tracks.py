"""A result's transfers and supports, planned around the path of its own states (`demo.paths`).

A result may be offered to several receiving units and helped in several support cycles; each transfer and each
support has a little history of its own (`TransferStatus`, `SupportStatus`). Here they are drawn for one result and
woven into its path, into one sequence of steps in the order the result's audit chain records them, so that:
- the first transfer confirmed is the path's `confirm_transfer` (the result becomes transferred) and the first
  applied its `report_application` (applied); any other transfer is confirmed or applied only where the result is
  past that, so that its step leaves the result where it is;
- a result is closed with nothing under way, and one closed while its ownership was merely settled had an offer
  declined first (the close step's guard);
- some results are transferred again, to other units ("nhân rộng"), once transferred or applied;
- support is asked for from recognition on: now and then by the host right after the acceptance, before ownership is
  settled, mostly by the owner afterwards, sometimes in a second cycle once the first is over;
- a transfer or support left waiting for someone now (an offer to answer, a dossier to appraise, complete or
  decide) comes last, so that once dated it ends shortly before AS_OF, as a result waiting in such a state does.
Which agency acts, and what each step fills, is `demo.results`' part.
"""

import math
import random
from dataclasses import dataclass

from tasks_registry.lifecycle import (
    FINAL_STATES,
    OWNERSHIP_SETTLED,
    STEPS,
    SUPPORT,
    TRANSFER,
    Status,
    SupportStatus,
    TransferStatus,
)

from . import paths

# The steps of a transfer, by the state it is left in.
TRANSFER_STEPS = {
    TransferStatus.OFFERED: ("offer_transfer",),
    TransferStatus.DECLINED: ("offer_transfer", "decline_transfer"),
    TransferStatus.CONFIRMED: ("offer_transfer", "confirm_transfer"),
    TransferStatus.APPLIED: ("offer_transfer", "confirm_transfer", "report_application"),
}
# States in which a transfer or a support waits for someone to act soon (a receiving unit's answer, the Sở's
# appraisal or decision, the applicant's completed dossier): such tracks end shortly before AS_OF. A confirmed
# transfer (its application report) and a granted support (its outcome report) wait for months and may be old.
WAITING = (TransferStatus.OFFERED, SupportStatus.REQUESTED, SupportStatus.RETURNED, SupportStatus.APPRAISED)

# Demo assumptions: how often each kind of track happens, and how they end.
DECLINED_BEFORE_FIRST = 0.25  # an offer refused before the transfer that went through
OWN_RESULT_APPLIED_BY_RECEIVER = 0.5  # after the owner's own application, the receiver's report comes in too
# A result whose ownership is settled and that nobody has taken yet: (declined offer, pending offer) by a draw.
SETTLED_DECLINED, SETTLED_PENDING = (0.0, 0.3), (0.15, 0.65)
# Further transfers once a result is transferred or applied (replication): how many.
REPLICATIONS = {0: 0.5, 1: 0.33, 2: 0.17}
REPLICATION_ENDS = {
    Status.TRANSFERRED: {TransferStatus.CONFIRMED: 3, TransferStatus.OFFERED: 1.5, TransferStatus.DECLINED: 1},
    Status.APPLIED: {
        TransferStatus.APPLIED: 3,
        TransferStatus.CONFIRMED: 2,
        TransferStatus.OFFERED: 1.5,
        TransferStatus.DECLINED: 1,
    },
    Status.CLOSED: {TransferStatus.APPLIED: 3, TransferStatus.DECLINED: 1},
}
EARLY_SUPPORT = 0.15  # asked for by the host once the result is recognised, before ownership is settled
LATER_SUPPORT = 0.4  # asked for by the owner
SECOND_CYCLE = 0.35  # of those, a second request once the first is over
RETURN_CHANCE = 0.15  # a support dossier returned and sent again on the way
SUPPORT_ENDS = {
    SupportStatus.REPORTED: 4,
    SupportStatus.REFUSED: 2,
    SupportStatus.GRANTED: 2,
    SupportStatus.REQUESTED: 2,
    SupportStatus.APPRAISED: 1.2,
    SupportStatus.RETURNED: 0.8,
}
# How a support ends when something must follow it: the result is closed, or a second cycle is asked for.
SUPPORT_ENDS_OVER = {SupportStatus.REPORTED: 2, SupportStatus.REFUSED: 1}
LATER = (*OWNERSHIP_SETTLED, Status.TRANSFERRED, Status.APPLIED, Status.CLOSED)


@dataclass(eq=False)
class Track:
    """One transfer or support of a result, as planned: the state it is left in. `record` is the Transfer or
    CommercialisationSupport the generator makes for it at its first step, `unit` and `applicant` the agencies it
    picks for it then."""

    subject: str  # TRANSFER or SUPPORT
    ends: str
    replication: bool = False  # a further transfer once the result was transferred or applied
    early: bool = False  # a support asked for before ownership was settled
    record: object = None
    unit: str | None = None  # a transfer's receiving unit (agency code)
    applicant: str | None = None  # who asked for a support (agency code)

    @property
    def waiting(self):
        return self.ends in WAITING


@dataclass(frozen=True)
class Entry:
    """One step of a result's history: of the result itself (`track` None) or of one of its transfers or supports.
    `before` and `after` are the result's states around it (the same unless the step moves the result on)."""

    name: str
    before: str
    after: str
    track: Track | None = None


@dataclass
class History:
    entries: list
    tracks: list

    @property
    def waiting(self):
        """Someone has work to do on one of its transfers or supports now."""
        return any(track.waiting for track in self.tracks)


def _weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def _opener(subject):
    return next(step for step in STEPS.values() if step.opens == subject)


def allows(name, state):
    """Whether a step of a transfer or support may be taken while its result is in `state` without moving it on:
    the result is where such a record can be worked on (not closed), and the step does not move it."""
    step = STEPS[name]
    if state not in _opener(step.opens or step.subject).source:
        return False
    return not step.advances or state not in step.advances[0]


def support_steps(rng, ends):
    steps = ["request_support"]
    if ends == SupportStatus.RETURNED:
        return [*steps, "return_support"]
    if rng.random() < RETURN_CHANCE:
        steps += ["return_support", "resubmit_support"]
    if ends == SupportStatus.REQUESTED:
        return steps
    steps.append("appraise_support")
    if ends == SupportStatus.APPRAISED:
        return steps
    steps.append("refuse_support" if ends == SupportStatus.REFUSED else "grant_support")
    if ends == SupportStatus.REPORTED:
        steps.append("report_support_outcome")
    return steps


class Weaver:
    """Plans the transfers and supports of one result around its path and weaves them in.

    Positions order the steps: the path's k-th step is at k + 1; a track's step at a position in (k, k + 1) is taken
    between the path's steps k - 1 and k, while the result is in `states[k]`; waiting tracks come after everything.
    """

    def __init__(self, rng: random.Random, scenario, target, path):
        self.rng, self.scenario, self.target, self.path = rng, scenario, target, path
        self.n = len(path)
        self.states = [paths.START, *(after for _name, _before, after in path)]
        self.first = {}
        for index, (name, _before, _after) in enumerate(path):
            self.first.setdefault(name, index)
        self.settled = next((k for k, state in enumerate(self.states) if state in OWNERSHIP_SETTLED), None)
        self.placed = []  # (position, step name, track)
        self.markers = {}  # index in the path → the transfer whose step it is
        self.waiting = []  # (track, steps), placed after everything
        self.tracks = []

    def weave(self):
        self._transfers()
        self._supports()
        end = self.n + 1
        for track, steps in self.waiting:
            for name in steps:
                self.placed.append((end, name, track))
                end += 0.01
        entries = [
            (index + 1, Entry(name, before, after, self.markers.get(index)))
            for index, (name, before, after) in enumerate(self.path)
        ]
        for position, name, track in self.placed:
            state = self.states[min(math.floor(position), self.n)]
            entries.append((position, Entry(name, state, state, track)))
        entries.sort(key=lambda item: item[0])
        return History([entry for _position, entry in entries], self.tracks)

    # --- placing --------------------------------------------------------------------------------------------------

    def _track(self, subject, ends, steps, *, fixed=None, after=0.0, before=None, first_before=None, **flags):
        """Add a track whose steps come after position `after` and before `before` (its first step before
        `first_before`), those in `fixed` ({index among its steps: index in the path}) being the path's own.
        Returns the position of its last step, or None when it waits (it is then placed after everything)."""
        track = Track(subject, ends, **flags)
        self.tracks.append(track)
        fixed = fixed or {}
        if track.waiting:
            self.waiting.append((track, steps))
            return None
        before = self.n + 1 if before is None else before
        previous = after
        for index, name in enumerate(steps):
            if index in fixed:
                self.markers[fixed[index]] = track
                previous = fixed[index] + 1
                continue
            bound = min([fixed[j] + 1 for j in fixed if j > index] + [before])
            if index == 0 and first_before is not None:
                bound = min(bound, first_before)
            slots = [
                k
                for k in range(math.floor(previous), self.n + 1)
                if previous < k + 1 and k < bound and allows(name, self.states[k])
            ]
            if not slots:
                raise ValueError(f"no room for {name} in the path of a {self.target} result")
            k = self.rng.choice(slots)
            low, high = max(previous, k), min(k + 1, bound)
            previous = low + (high - low) * self.rng.uniform(0.1, 0.9)
            self.placed.append((previous, name, track))
        return previous

    def _transfer(self, ends, **options):
        return self._track(TRANSFER, ends, TRANSFER_STEPS[ends], **options)

    # --- what a result gets ---------------------------------------------------------------------------------------

    def _transfers(self):
        if not self.scenario.holder or self.settled is None:
            return
        rng = self.rng
        confirmed, applied = self.first.get("confirm_transfer"), self.first.get("report_application")
        own, close = self.first.get("report_own_application"), self.first.get("close")
        if confirmed is not None:
            if rng.random() < DECLINED_BEFORE_FIRST:
                self._transfer(TransferStatus.DECLINED, before=confirmed + 1)
            fixed = {1: confirmed}
            if applied is not None:
                fixed[2] = applied
                ends = TransferStatus.APPLIED
            elif own is not None and (close is not None or rng.random() < OWN_RESULT_APPLIED_BY_RECEIVER):
                # The owner's own application made the result applied: the receiver's report leaves it there. A
                # closed result has nothing under way, so its transfer was applied before the close.
                ends = TransferStatus.APPLIED
            else:
                ends = TransferStatus.CONFIRMED
            self._transfer(ends, fixed=fixed)
        if close is not None and self.path[close][1] in OWNERSHIP_SETTLED:
            self._transfer(TransferStatus.DECLINED, before=close + 1)
        if self.target in OWNERSHIP_SETTLED:
            draw = rng.random()
            if SETTLED_DECLINED[0] <= draw < SETTLED_DECLINED[1]:
                self._transfer(TransferStatus.DECLINED)
            if SETTLED_PENDING[0] <= draw < SETTLED_PENDING[1]:
                self._transfer(TransferStatus.OFFERED)
        taken = [index for index in (confirmed, own) if index is not None]
        if taken and self.target in REPLICATION_ENDS:
            for _ in range(_weighted(rng, REPLICATIONS)):
                self._transfer(_weighted(rng, REPLICATION_ENDS[self.target]), after=min(taken) + 1, replication=True)

    def _supports(self):
        rng = self.rng
        accept = self.first.get("accept")
        if accept is None:
            return
        over = self.target in FINAL_STATES
        before_settlement = self.target not in LATER
        if rng.random() < EARLY_SUPPORT:
            ends = _weighted(rng, SUPPORT_ENDS_OVER if over else SUPPORT_ENDS)
            if ends in WAITING and not before_settlement:
                ends = SupportStatus.GRANTED  # asked for before the settlement, so decided long ago
            # Asked for right after the acceptance (or lately, when it still waits: before the settlement either way).
            self._track(SUPPORT, ends, support_steps(rng, ends), after=accept + 1, first_before=accept + 2, early=True)
        if (
            self.settled is None
            or not self.scenario.holder
            or self.scenario.state_retains_rights
            or rng.random() >= LATER_SUPPORT
        ):
            return
        cycles = 2 if rng.random() < SECOND_CYCLE else 1
        after = float(self.settled)
        for cycle in range(cycles):
            last = cycle == cycles - 1
            ends = _weighted(rng, SUPPORT_ENDS if last and not over else SUPPORT_ENDS_OVER)
            after = self._track(SUPPORT, ends, support_steps(rng, ends), after=after)


def weave(rng, scenario, target, path):
    """The history of a result that takes `path`: its steps, with its transfers' and supports' woven in."""
    return Weaver(rng, scenario, target, path).weave()
