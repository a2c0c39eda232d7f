"""A deterministic generator of S&T tasks and their results, each with the whole history that led to its state.

Pure: it reads no database. Given a seed, a count and a `Context` (the primary keys of agencies and regimes), it
yields unsaved model instances (`STTask`, `Result`, `Transfer`, `CommercialisationSupport`, `IPTitle`,
`RevenueRecord`, `ApplicationAddress`) and one `EventDraft` per step of each result's history, with the values the
services would have written at that step. `writer` saves them and turns the drafts into audit events.

How a result is made:
1. its target state is drawn (every state of `Status` once when there are enough results, then by TARGET_WEIGHTS);
2. a scenario is drawn in which the target is reachable (old regime, new regime, new regime with the state keeping
   the rights; for the old regime whether anyone holds rights after the decision) and a legal path is planned to it
   with `paths.plan`; `tracks.weave` adds the result's transfers and supports, each with its own little history;
3. results of one scenario are grouped into tasks (1 to 3 per task) and each task gets dates inside the period of
   its regime (LegalRegime data), so the approval date picks the same regime `LegalRegime.objects.for_date` picks;
4. the history is dated (GAPS; compressed when it would run past AS_OF; pending work, of the result or of one of
   its transfers or supports, ends shortly before AS_OF), and every step fills the fields, transfers and support
   records as the corresponding service does, its audit event keeping what the service's keeps.
"""

import datetime
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from tasks_registry.access import AUTHORITY_KINDS
from tasks_registry.lifecycle import (
    OPEN_TRANSFER_STATES,
    OUTCOMES_WITHOUT_HOLDER,
    RESULT,
    STEPS,
    SUPPORT,
    TRANSFER,
    HostKind,
    OwnershipOutcome,
    Party,
    Status,
    outcome_fits_host,
    outcomes_decided_from,
)
from tasks_registry.models import (
    AcceptanceGrade,
    AgencyKind,
    ApplicationAddress,
    CommercialisationSupport,
    IPKind,
    IPTitle,
    Result,
    ResultType,
    RevenueRecord,
    STTask,
    SupportKind,
    SupportStatus,
    TaskLevel,
    Transfer,
    TransferForm,
    TransferRights,
    TransferStatus,
)
from tasks_registry.models.results import minimum_payout
from tasks_registry.roles import Role
from tasks_registry.services import RESULT_AUDITED_FIELDS, revenue_snapshot

from . import AS_OF, MEMBERSHIPS_FROM, paths, tracks
from .agencies import BY_CODE, PROFILES, SUCCESSORS, timelines
from .people import PEOPLE
from .vocabulary import (
    ACADEMIC_TITLES,
    APPLICATION_REPORTS,
    DOMAINS,
    FAMILY,
    GIVEN,
    MIDDLE,
    OWN_APPLICATION_REPORTS,
    PLACES,
    REASONS,
    RETENTION_BASIS,
    SUPPORT_OUTCOMES,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime.timedelta(days=1)
FIRST_APPROVAL = datetime.date(2016, 1, 1)
LAST_APPROVAL = AS_OF - datetime.timedelta(days=120)

# How many results end in each state, relatively (demo assumption: many results wait in filing cabinets after
# registration, DOMAIN.md "What exists today"; most of the rest are applied or closed).
TARGET_WEIGHTS = {
    Status.ACCEPTANCE_SUBMITTED: 3,
    Status.ACCEPTANCE_RETURNED: 1,
    Status.ACCEPTED: 2,
    Status.NOT_ACCEPTED: 2,
    Status.REGISTRATION_SUBMITTED: 2,
    Status.REGISTRATION_RETURNED: 1,
    Status.REGISTERED: 12,
    Status.OWNERSHIP_REQUESTED: 2,
    Status.OWNERSHIP_RETURNED: 1,
    Status.OWNERSHIP_APPRAISED: 1,
    Status.OWNERSHIP_NOT_REQUESTED: 2,
    Status.OWNERSHIP_SUBMITTED: 2,
    Status.OWNERSHIP_DECIDED: 8,
    Status.OWNERSHIP_BY_LAW: 5,
    Status.OWNERSHIP_RETAINED_BY_STATE: 2,
    Status.TRANSFERRED: 10,
    Status.APPLIED: 22,
    Status.CLOSED: 10,
}
SCENARIO_WEIGHTS = {paths.OLD: 0.72, paths.OLD_NO_HOLDER: 0.12, paths.NEW: 0.2, paths.NEW_RETAINED: 0.05}
# Whether anyone holds rights after the decision only matters for results that go through a decision.
HOLDER_MATTERS = (Status.OWNERSHIP_DECIDED, Status.CLOSED)
# States in which someone has work to do now: such results end shortly before AS_OF, not years ago (and so do those
# with a transfer or support waiting for someone: `tracks.WAITING`).
PENDING = (
    Status.ACCEPTANCE_SUBMITTED,
    Status.ACCEPTANCE_RETURNED,
    Status.ACCEPTED,
    Status.REGISTRATION_SUBMITTED,
    Status.REGISTRATION_RETURNED,
    Status.OWNERSHIP_REQUESTED,
    Status.OWNERSHIP_RETURNED,
    Status.OWNERSHIP_APPRAISED,
    Status.OWNERSHIP_NOT_REQUESTED,
    Status.OWNERSHIP_SUBMITTED,
)
# Pending work ends within this many days before AS_OF.
WAITING_WITHIN = 150

# Days from the previous step to this one (uniform between the two), before any compression. Statutory
# deadlines from DOMAIN.md where there is one: registration within 30 days of acceptance (TT 14/2014), appraisal
# within 20 working days and decision within 30 (Decree 08/2014), asset report within 60 days (Decree 70/2018).
GAPS = {
    "return_acceptance": (7, 30),
    "resubmit_acceptance": (10, 45),
    "accept": (20, 75),
    "reject": (20, 75),
    "submit_registration": (5, 30),
    "return_registration": (3, 15),
    "resubmit_registration": (5, 20),
    "register": (5, 20),
    "apply_for_ownership": (10, 60),
    "decline_ownership": (20, 60),
    "return_ownership": (5, 20),
    "resubmit_ownership": (7, 30),
    "appraise_ownership": (10, 28),
    "submit_ownership_decision": (3, 10),
    "decide_ownership": (5, 20),
    "offer_transfer": (30, 300),
    "decline_transfer": (10, 60),
    "confirm_transfer": (10, 60),
    "report_application": (90, 400),
    "report_own_application": (60, 365),
    "request_support": (30, 300),
    "return_support": (5, 20),
    "resubmit_support": (7, 30),
    "appraise_support": (10, 30),
    "grant_support": (7, 30),
    "refuse_support": (7, 30),
    "report_support_outcome": (120, 365),
    "close": (30, 300),
}
DEFAULT_GAP = (7, 60)

FORM_WEIGHTS = {
    TransferForm.STANDALONE: 6,
    TransferForm.INVESTMENT_PROJECT: 1,
    TransferForm.CAPITAL_CONTRIBUTION: 1,
    TransferForm.FRANCHISING: 0.3,
    TransferForm.IP_RIGHTS: 1,
    TransferForm.MACHINERY: 1,
    TransferForm.SPIN_OFF: 0.3,
}
SUPPORT_WEIGHTS = {
    SupportKind.CONFERENCE: 2,
    SupportKind.TECHMART: 2,
    SupportKind.CONSULTANCY: 1.5,
    SupportKind.TRAINING: 1.5,
    SupportKind.DIRECT_FUNDING: 1,
    SupportKind.LOAN: 0.7,
    SupportKind.TASK_FUNDING: 0.7,
    SupportKind.PRIORITY_LISTING: 0.5,
}
OUTCOME_WEIGHTS = {
    OwnershipOutcome.USE_RIGHTS_STATE_ASSET: 3,
    OwnershipOutcome.HOST_WITH_REPAYMENT: 2,
    OwnershipOutcome.OTHER_APPLICANT_WITH_REPAYMENT: 1,
    OwnershipOutcome.OTHER_DISPOSAL: 1,
}
IP_KINDS = {
    ResultType.PATENT: (IPKind.PATENT, 0.7),
    ResultType.UTILITY_SOLUTION: (IPKind.UTILITY_SOLUTION, 0.7),
    ResultType.PLANT_VARIETY: (IPKind.PLANT_VARIETY, 0.6),
    ResultType.SOFTWARE: (IPKind.COPYRIGHT, 0.4),
}
REVENUE_CHANCE = 0.45
# Of the years reported, the share in which the owner paid its authors less than the minimum (flagged, not refused).
SHORT_PAYOUT_CHANCE = 0.12


@dataclass(frozen=True)
class RegimeInfo:
    pk: int
    effective_from: datetime.date
    ownership_by_law: bool
    author_share_min_percent: Decimal


@dataclass
class Context:
    """What the generator needs from the database: primary keys, and the legal regimes in force."""

    agency_pk: dict
    regimes: list  # RegimeInfo, ordered by effective_from


class Ref:
    """The primary key of an object that is not saved yet; `writer` puts the key in once it is."""

    __slots__ = ("obj",)

    def __init__(self, obj):
        self.obj = obj

    def __repr__(self):
        return f"Ref({self.obj._meta.model_name})"


class Values:
    """A transfer's or support's `audit_values()` as they stood at a step (what the service's event keeps); `writer`
    puts the record's key in once it is saved."""

    __slots__ = ("obj", "values")

    def __init__(self, obj, values):
        self.obj, self.values = obj, values

    @classmethod
    def of(cls, obj):
        return cls(obj, {key: json_ready(value) for key, value in obj.audit_values().items() if key != "id"})

    def resolved(self):
        return {"id": self.obj.pk, **self.values}

    def __repr__(self):
        return f"Values({self.obj._meta.model_name}, {self.values})"


@dataclass(slots=True)
class EventDraft:
    at: datetime.datetime
    action: str
    actor: str  # username
    agency: str  # agency code
    obj: object  # the model instance the event is about (the result, or a record added to it)
    changes: dict
    comment: str = ""


@dataclass
class ResultBundle:
    result: Result
    transfers: list = field(default_factory=list)
    supports: list = field(default_factory=list)
    ip_titles: list = field(default_factory=list)
    revenues: list = field(default_factory=list)
    events: list = field(default_factory=list)
    returns: list = field(default_factory=list)  # the EventDrafts of its return steps (services: DossierReturn)


@dataclass
class TaskBundle:
    task: STTask
    addresses: list
    results: list


@dataclass(frozen=True)
class Window:
    start: datetime.date
    end: datetime.date
    regime: RegimeInfo


def json_ready(value):
    """What DjangoJSONEncoder writes and the database gives back (audit.recorder stores exactly that)."""
    if isinstance(value, datetime.datetime):
        raise TypeError("no datetimes in result fields")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        return str(value)  # plain text, not a Choices member
    return value


def moment(x):
    """A point in time from a fractional day number: the fraction maps to working hours, 7:30 to 17:00."""
    day = math.floor(x)
    base = datetime.datetime.combine(datetime.date.fromordinal(day), datetime.time(7, 30), tzinfo=VN)
    return base + datetime.timedelta(seconds=round((x - day) * 34_200))


def local_day(at):
    return at.astimezone(VN).date()


def _money(rng, low, high, step=1_000_000):
    return Decimal(rng.randrange(low // step, high // step + 1) * step)


def _round(value, step):
    """Whole VND, rounded to `step` (Decimal.quantize would only round to units)."""
    return (value / step).to_integral_value() * step


def _weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


class Counters:
    def __init__(self):
        self._values = {}

    def next(self, *key, start=1):
        value = self._values.get(key, start - 1) + 1
        self._values[key] = value
        return value


class Generator:
    def __init__(self, seed, ctx):
        self.rng = random.Random(seed)
        self.ctx = ctx
        self.counters = Counters()
        self.timelines = timelines()
        self.windows = self._windows(ctx.regimes)
        self.members = self._membership_index()

    # --- set-up -----------------------------------------------------------------------------------------------

    @staticmethod
    def _windows(regimes, last=LAST_APPROVAL):
        """Approval-date periods per kind of regime (ownership by law or not), within the demo years (and before
        `last`: a former province approved tasks only while it existed)."""
        windows = {False: [], True: []}
        for index, regime in enumerate(regimes):
            nxt = regimes[index + 1].effective_from - DAY if index + 1 < len(regimes) else last
            start, end = max(regime.effective_from, FIRST_APPROVAL), min(nxt, last)
            if start <= end:
                windows[regime.ownership_by_law].append(Window(start, end, regime))
        return windows

    def _membership_index(self):
        index = {}
        for person in PEOPLE:
            for m in person.memberships:
                line = self.timelines[m.agency]
                start = m.valid_from or max(MEMBERSHIPS_FROM, line.active_from)
                index.setdefault((m.agency, m.role), []).append((person.username, start, m.valid_to or line.active_to))
        return index

    def actor(self, agency, role, day):
        people = [
            u for u, start, end in self.members.get((agency, role), ()) if start <= day and (end is None or day <= end)
        ]
        if not people:
            raise ValueError(f"no demo person is {role} of {agency} on {day}")
        return people[0] if len(people) == 1 else self.rng.choice(people)

    def scenarios_for(self, target):
        return [
            s
            for s in paths.SCENARIOS
            if self.windows[s.by_law]
            and paths.reachable(s, target)
            and (s is not paths.OLD_NO_HOLDER or target in HOLDER_MATTERS)
        ]

    # --- the whole run ------------------------------------------------------------------------------------------

    def targets(self, count):
        available = [s for s in Status.values if self.scenarios_for(s)]
        chosen = list(available) if count >= len(available) else []
        weights = [TARGET_WEIGHTS.get(s, 1) for s in available]
        chosen += self.rng.choices(available, weights, k=count - len(chosen))
        self.rng.shuffle(chosen)
        return chosen

    def acting(self, code, day):
        """The agency that acted for `code` on `day`: its successor once it was merged (a former province's Sở)."""
        while code in SUCCESSORS and not self.timelines[code].active(day):
            code = SUCCESSORS[code]
        return code

    def tasks(self, count):
        """Yield TaskBundles until `count` results have been produced, shared among the provinces' profiles."""
        shares = [math.floor(count * profile.share) for profile in PROFILES]
        shares[0] += count - sum(shares)
        for profile, share in zip(PROFILES, shares, strict=True):
            self.profile = profile
            retired = self.timelines[profile.managing].active_to
            self.windows = self._windows(self.ctx.regimes, min(LAST_APPROVAL, retired or LAST_APPROVAL))
            yield from self._tasks(share)

    def _tasks(self, count):
        rng = self.rng
        members = []
        for target in self.targets(count):
            options = self.scenarios_for(target)
            members.append((target, rng.choices(options, [SCENARIO_WEIGHTS[s] for s in options])[0]))
        buckets = {}
        for member in members:
            buckets.setdefault((member[1].by_law, member[1].state_retains_rights), []).append(member)
        groups = []
        for key in sorted(buckets):
            bucket = buckets[key]
            while bucket:
                size = rng.choice((1, 1, 2, 2, 2, 3))
                groups.append(bucket[:size])
                del bucket[:size]
        rng.shuffle(groups)
        for group in groups:
            yield self.task(group)

    # --- one task -----------------------------------------------------------------------------------------------

    def task(self, group):
        rng = self.rng
        scenario = group[0][1]
        planned = [tracks.weave(rng, s, target, paths.plan(rng, s, target)) for target, s in group]
        applied = any(e.name in ("offer_transfer", "report_own_application") for h in planned for e in h.entries)

        host = _weighted(rng, self.profile.hosts)
        domains = [d for d in BY_CODE[host].domains if not (applied and DOMAINS[d].early_only)]
        domain = DOMAINS[rng.choice(domains)]
        gaps = [[rng.uniform(*GAPS.get(e.name, DEFAULT_GAP)) for e in h.entries] for h in planned]

        window = rng.choices(
            self.windows[scenario.by_law], [(w.end - w.start).days + 1 for w in self.windows[scenario.by_law]]
        )[0]
        offset, submit = rng.uniform(15, 60), rng.uniform(3, 30)
        contract = rng.uniform(150, 270) if scenario.by_law else rng.uniform(365, 900)
        as_of = AS_OF.toordinal()
        latest_start = as_of - 20
        lo = window.start.toordinal() + offset + contract + submit
        if lo > latest_start:  # a young regime: shorter contracts so that something has happened since
            contract = max(30.0, contract - (lo - latest_start) - rng.uniform(5, 30))
            lo = window.start.toordinal() + offset + contract + submit
        hi = min(window.end.toordinal() + offset + contract + submit, latest_start)
        hi = max(hi, lo)
        pending = [i for i, (target, _) in enumerate(group) if target in PENDING or planned[i].waiting]
        if pending:
            first = pending[0]
            start = as_of - rng.uniform(2, WAITING_WITHIN) - sum(gaps[first])
            start = min(max(start, lo), hi)
        else:
            upper = min(hi, as_of - max(sum(g) for g in gaps) - 5)
            start = rng.uniform(lo, upper) if upper >= lo else rng.uniform(lo, hi)

        approval = datetime.date.fromordinal(math.floor(start - submit - contract - offset))
        approval = min(max(approval, window.start), window.end)
        contract_start = min(
            approval + datetime.timedelta(days=round(offset)), datetime.date.fromordinal(math.floor(start)) - 2 * DAY
        )
        contract_start = max(contract_start, approval)
        contract_end = max(contract_start, datetime.date.fromordinal(math.floor(start - submit)))
        first_time = max(start, contract_end.toordinal() + 1.0)

        state_budget = _money(rng, 300_000_000, 3_000_000_000, 10_000_000)
        co_funding = (
            Decimal(0) if rng.random() < 0.4 else _round(state_budget * Decimal(rng.uniform(0.1, 0.6)), 1_000_000)
        )
        pi_title = _weighted(rng, dict(ACADEMIC_TITLES))
        task_title = rng.choice(domain.task_topics)
        if rng.random() < 0.5:
            task_title = f"{task_title} {rng.choice(self.profile.places or PLACES)}"
        if self.profile.province_name:
            task_title = task_title.replace("Đồng Tháp", self.profile.province_name)
        year = approval.year
        task = STTask(
            code=f"{self.profile.code_prefix}-{year}-{self.counters.next('task', self.profile.code_prefix, year):04d}",
            title=task_title,
            level=TaskLevel.PROVINCIAL,
            field_code=domain.field_code,
            managing_agency_id=self.ctx.agency_pk[self.profile.managing],
            host_id=self.ctx.agency_pk[host],
            principal_investigator=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            principal_investigator_title=pi_title,
            approval_date=approval,
            contract_start=contract_start,
            contract_end=contract_end,
            state_budget=state_budget,
            co_funding=co_funding,
            state_retains_rights=scenario.state_retains_rights,
            retention_basis=rng.choice(RETENTION_BASIS) if scenario.state_retains_rights else "",
            created_at=moment(approval.toordinal() + 0.1),
        )
        addresses = self._addresses(task, domain, approval)
        bundles = []
        for index, ((target, result_scenario), history, result_gaps) in enumerate(
            zip(group, planned, gaps, strict=True)
        ):
            begin = first_time + (rng.uniform(0, 3) if index else 0)
            total = sum(result_gaps)
            if total and begin + total > as_of + 0.99:
                # Too long to have happened by AS_OF: the same steps, closer together, ending some days before.
                end = as_of + 0.99 - rng.uniform(0, 0.3) * (as_of - begin)
                result_gaps = [g * (end - begin) / total for g in result_gaps]
            if history.waiting:
                result_gaps = self._lately(history, begin, result_gaps)
            times, x = [], begin
            for gap in result_gaps:
                x += gap
                times.append(x)
            bundles.append(
                ResultMaker(self, task, host, domain, result_scenario, target, history, begin, times, len(group)).make()
            )
        return TaskBundle(task, addresses, bundles)

    def _lately(self, history, begin, gaps):
        """Gaps that bring the transfers and supports waiting for someone (they come last in the history) within
        WAITING_WITHIN days of AS_OF: offered or asked for lately, after a pause when the rest is older."""
        as_of, lately = AS_OF.toordinal(), AS_OF.toordinal() - WAITING_WITHIN
        first = next(i for i, entry in enumerate(history.entries) if entry.track and entry.track.waiting)
        head, tail = sum(gaps[:first]), gaps[first + 1 :]
        end = begin + sum(gaps)
        if end < lately:
            end = as_of - self.rng.uniform(2, WAITING_WITHIN)
        asked = max(end - sum(tail), lately + self.rng.uniform(0, 0.2) * (end - lately))
        if sum(tail):
            tail = [g * (end - asked) / sum(tail) for g in tail]
        return [*gaps[:first], asked - (begin + head), *tail]

    def _addresses(self, task, domain, day):
        rng = self.rng
        receivers = [c for c in domain.receivers if c in self.profile.receivers] or self.profile.receivers
        options = [c for c in receivers if self.timelines[c].active(day)]
        rng.shuffle(options)
        addresses = [
            ApplicationAddress(task=task, name=self.timelines[code].name_on(day), agency_id=self.ctx.agency_pk[code])
            for code in options[: rng.choice((1, 1, 2))]
        ]
        if not addresses:
            addresses.append(ApplicationAddress(task=task, name="Sở Khoa học và Công nghệ và các sở, ngành liên quan"))
        return addresses

    def regime_for(self, day):
        chosen = None
        for regime in self.ctx.regimes:
            if regime.effective_from <= day:
                chosen = regime
        return chosen


# Words that say nothing of the subject ("Nghiên cứu", "quy trình" …) do not make a title belong to a task.
_FILLER = {
    "nghiên",
    "cứu",
    "ứng",
    "dụng",
    "xây",
    "dựng",
    "quy",
    "trình",
    "công",
    "nghệ",
    "giải",
    "pháp",
    "nâng",
    "cao",
    "chất",
    "lượng",
    "sản",
    "xuất",
    "hoàn",
    "thiện",
    "theo",
    "hướng",
    "cho",
    "của",
    "các",
    "và",
    "trong",
    "tại",
    "với",
    "mô",
    "hình",
    "giống",
    "kỹ",
    "thuật",
    "phát",
    "triển",
    "tỉnh",
    "đồng",
    "tháp",
}


def _words(text):
    return {w for w in text.lower().replace(",", " ").split() if len(w) > 1 and w not in _FILLER}


class ResultMaker:
    """Walks one result along its planned history (`tracks.History`), filling what each step's service fills."""

    def __init__(self, gen, task, host, domain, scenario, target, history, begin, times, siblings):
        self.gen, self.rng, self.ctx = gen, gen.rng, gen.ctx
        self.task, self.host, self.domain, self.scenario = task, host, domain, scenario
        self.target, self.history, self.begin, self.times, self.siblings = target, history, begin, times, siblings
        self.entries = history.entries
        self.holder = None  # agency code of the owner once ownership is settled
        self.track = None  # the transfer or support the step being taken acts on (tracks.Track)
        self.applied_at = None
        self.registered_at = None

    def make(self):
        result_type, title = self._title()
        result = Result(
            task=self.task,
            title=title,
            result_type=result_type,
            status=self.target,
            summary=f"Kết quả của nhiệm vụ «{self.task.title}» ({self.task.code}), "
            f"do {BY_CODE[self.host].name} chủ trì.",
        )
        self.result = result
        self.bundle = ResultBundle(result)
        self.cur = {name: getattr(result, name) for name in RESULT_AUDITED_FIELDS}
        self.cur["status"] = Status.ACCEPTANCE_SUBMITTED
        recorded_at = moment(self.begin)
        self.last_submission = local_day(recorded_at)
        self._event(
            recorded_at,
            "result.recorded",
            self.host,
            Role.OFFICER,
            result,
            {
                "status": [None, Status.ACCEPTANCE_SUBMITTED.value],
                "title": [None, title],
                "task_id": [None, Ref(self.task)],
            },
        )
        self.moments, last_at = [], recorded_at
        for x in self.times:  # strictly increasing, whatever the rounding to seconds
            last_at = max(moment(x), last_at + datetime.timedelta(minutes=1))
            self.moments.append(last_at)
        for index, (entry, at) in enumerate(zip(self.entries, self.moments, strict=True)):
            step = STEPS[entry.name]
            snapshot = dict(self.cur)
            self.index, self.at, self.day, self.entry, self.track = index, at, local_day(at), entry, entry.track
            handler = getattr(self, f"_on_{entry.name}", None)
            related, comment, extra = (handler() if handler else None) or (None, "", None)
            if step.subject != RESULT:
                # A step of a transfer or support fires that record's own transition (and the result's, when it
                # moves the result on): services._perform.
                related = self.track.record
                related.status = step.target[0]
            self.cur["status"] = entry.after
            changes = {
                key: [json_ready(snapshot[key]), json_ready(value)]
                for key, value in self.cur.items()
                if snapshot[key] != value
            }
            changes.update(extra or {})
            if related is not None:
                # As the service keeps it: a record with audit values whole, as it stands after the step.
                changes[related._meta.model_name] = [
                    None,
                    Values.of(related) if hasattr(related, "audit_values") else Ref(related),
                ]
            role = Role.OFFICER if Role.OFFICER in step.roles else step.roles[0]
            self._event(at, f"result.{entry.name}", self._acting_party(step), role, result, changes, comment)
            if step.returns_dossier:
                self.bundle.returns.append(self.bundle.events[-1])
        self._ip_title()
        self._revenues()
        for key, value in self.cur.items():
            if key != "status":
                setattr(result, key, value)
        result.created_at = recorded_at
        # The offer of a transfer or the request for a support leaves the result's state, and its time, as they were.
        transitions = [e for e in self.bundle.events if e.action != "result.recorded" and "status" in e.changes]
        result.status_changed_at = transitions[-1].at if transitions else recorded_at
        self.bundle.events.sort(key=lambda e: e.at)
        return self.bundle

    # --- helpers ----------------------------------------------------------------------------------------------

    def _title(self):
        """A title that belongs to the task: among the domain's titles, those sharing most words with the task's."""
        rng = self.rng
        candidates = [(t, template) for t, templates in self.domain.results.items() for template in templates]
        task_words = _words(self.task.title)
        scores = [len(_words(template) & task_words) for _t, template in candidates]
        best = max(scores)
        result_type, template = rng.choice([c for c, score in zip(candidates, scores, strict=True) if score == best])
        title = template.format(code=f"ĐT{rng.randint(10, 299)}")
        if rng.random() < 0.35 and " tại " not in title:
            title = f"{title} {rng.choice(self.gen.profile.places or PLACES)}"
        if self.gen.profile.province_name:
            title = title.replace("Đồng Tháp", self.gen.profile.province_name)
        return result_type, title

    def _acting_party(self, step):
        """The agency that takes `step`: the receiving unit of the transfer, the applicant of the support, the owner
        (or, before ownership is settled, the host) asking for a support; else the step's party."""
        if step.party == Party.RECEIVING:
            return self.track.unit
        if step.party == Party.APPLICANT:
            return self.track.applicant
        if step.opens == SUPPORT:
            return self._applicant()
        return self._party_agency(step.party)

    def _applicant(self):
        """access.support_applicant: the owner once ownership is settled, the host before (or when nobody holds it)."""
        return self.holder or self.host

    def _party_agency(self, party):
        if party == Party.HOST:
            return self.host
        if party == Party.MANAGING:
            return self.gen.profile.managing
        if party == Party.AUTHORITY:
            # access.ownership_authority: a department's People's Committee decides; any other body itself.
            managing = BY_CODE[self.gen.profile.managing]
            parent = BY_CODE.get(managing.parent) if managing.parent else None
            if managing.kind == AgencyKind.DEPARTMENT and parent and parent.kind in AUTHORITY_KINDS:
                return parent.code
            return managing.code
        if party == Party.REGISTRAR:
            return self.gen.profile.managing  # every demo task is provincial: the Sở registers it
        if party == Party.OWNER:
            return self.holder
        raise ValueError(party)

    def _event(self, at, action, agency, role, obj, changes, comment=""):
        agency = self.gen.acting(agency, local_day(at))
        actor = self.gen.actor(agency, role, local_day(at))
        self.bundle.events.append(EventDraft(at, action, actor, agency, obj, changes, comment))

    def _reason(self, name):
        return self.rng.choice(REASONS[name])

    def _decision_no(self, office, day, suffix):
        return f"{self.gen.counters.next(office, day.year)}/{suffix}"

    def _scale(self, text):
        return text.format(n=self.rng.randint(5, 400), p=self.rng.randint(5, 40))

    # --- steps: each mirrors the service of the same name ------------------------------------------------------

    def _on_return_acceptance(self):
        return None, self._reason("return_acceptance"), None

    def _on_resubmit_acceptance(self):
        self.last_submission = self.day

    def _acceptance_date(self):
        return max(self.last_submission, self.day - datetime.timedelta(days=self.rng.randint(0, 10)))

    def _on_accept(self):
        self.cur["acceptance_date"] = self._acceptance_date()
        self.cur["acceptance_grade"] = AcceptanceGrade.EXCELLENT if self.rng.random() < 0.2 else AcceptanceGrade.PASSED
        self.cur["recognition_decision_no"] = self._decision_no("qd-skhcn", self.day, "QĐ-SKHCN")
        self.cur["recognition_decision_date"] = self.day

    def _on_reject(self):
        self.cur["acceptance_date"] = self._acceptance_date()
        self.cur["acceptance_grade"] = AcceptanceGrade.FAILED
        return None, self._reason("reject"), None

    def _on_return_registration(self):
        return None, self._reason("return_registration"), None

    def _on_register(self):
        regime = self.gen.regime_for(self.task.approval_date)
        self.cur["regime_id"] = regime.pk
        self.cur["registration_no"] = f"KQ{self.gen.counters.next('registration', start=12001):06d}"
        self.cur["archive_no"] = self._decision_no("archive", self.day, "KQNC-SKHCN")
        self.cur["registered_on"] = self.day
        self.registered_at = self.at
        # apply_registration: the regime picks the next state; by law the host owns it, or the state keeps it.
        after = self.entry.after
        if after == Status.OWNERSHIP_BY_LAW:
            self._settle(OwnershipOutcome.BY_LAW, self.host)
        elif after == Status.OWNERSHIP_RETAINED_BY_STATE:
            self._settle(OwnershipOutcome.RETAINED_BY_STATE, self.gen.profile.managing)

    def _settle(self, outcome, holder):
        self.cur["ownership_outcome"] = outcome
        self.cur["ownership_holder_id"] = self.ctx.agency_pk[holder] if holder else None
        self.holder = holder

    def _on_apply_for_ownership(self):
        self.cur["ownership_applied_on"] = self.day
        self.cur["ownership_requested"] = True

    _on_resubmit_ownership = _on_apply_for_ownership

    def _on_decline_ownership(self):
        self.cur["ownership_applied_on"] = self.day
        self.cur["ownership_requested"] = False
        # The asset report's creation cost (Decree 70/2018): the state budget spent on the task, shared by its results.
        self.cur["asset_creation_cost"] = _round(self.task.state_budget / self.siblings, 1_000)

    def _on_submit_ownership_decision(self):
        self.cur["ownership_submission_no"] = self._decision_no("tt-skhcn", self.day, "TTr-SKHCN")

    def _on_return_ownership(self):
        return None, self._reason("return_ownership"), None

    def _on_decide_ownership(self):
        rng = self.rng
        before = self.entry.before
        allowed = outcomes_decided_from(before, self.cur["ownership_requested"])
        if self.scenario.holder:
            # As services.decide_ownership: only the outcomes the host's kind of body may receive (Decree 70/2018).
            kind = HostKind.PUBLIC_BODY if BY_CODE[self.host].public else HostKind.OTHER
            options = [o for o in allowed if o not in OUTCOMES_WITHOUT_HOLDER and outcome_fits_host(o, kind)]
        else:
            options = [o for o in allowed if o in OUTCOMES_WITHOUT_HOLDER]
        outcome = rng.choices(options, [OUTCOME_WEIGHTS.get(o, 1) for o in options])[0]
        if outcome == OwnershipOutcome.OTHER_APPLICANT_WITH_REPAYMENT:
            holder = rng.choice(self.gen.profile.other_applicants)
        elif outcome in OUTCOMES_WITHOUT_HOLDER:
            holder = None
        else:
            holder = self.host
        self._settle(outcome, holder)
        self.cur["ownership_decision_no"] = self._decision_no("qd-ubnd", self.day, "QĐ-UBND")
        self.cur["ownership_decision_date"] = self.day
        if outcome in (OwnershipOutcome.HOST_WITH_REPAYMENT, OwnershipOutcome.OTHER_APPLICANT_WITH_REPAYMENT):
            share = self.task.state_budget * Decimal(rng.uniform(0.05, 0.3)) / self.siblings
            self.cur["repayment_value"] = max(_round(share, 1_000_000), Decimal(1_000_000))
        else:
            self.cur["repayment_value"] = None

    def _until(self):
        """The last day the receiving unit of the transfer offered now acts on it: today when it is still under way
        (the unit has its work), else the day of its last step."""
        if self.track.ends in OPEN_TRANSFER_STATES:
            return AS_OF
        last = max(i for i, entry in enumerate(self.entries) if entry.track is self.track)
        return local_day(self.moments[last])

    def _on_offer_transfer(self):
        rng = self.rng
        until = self._until()
        receivers = [c for c in self.gen.profile.receivers if c != self.holder]
        active = [c for c in receivers if self.gen.timelines[c].active(self.day, until)]
        transfers = [t for t in self.history.tracks if t.subject == TRANSFER and t.record is not None]
        # A result is transferred again to other units (replication); a unit considering an offer of it is not
        # offered it twice (services.offer_transfer); one that took it or declined is asked again only in a small
        # province, and one merged away before the case ends only when no other is left (its successor carries it).
        offered = {t.unit for t in transfers if t.record.status == TransferStatus.OFFERED}
        candidates = (
            [c for c in active if c not in {t.unit for t in transfers}]
            or [c for c in active if c not in offered]
            or [c for c in receivers if c not in offered and self.gen.timelines[c].active(self.day)]
        )
        weights = [3 if c in self.domain.receivers else 1 for c in candidates]
        unit = rng.choices(candidates, weights)[0]
        forms = dict(FORM_WEIGHTS)
        for earlier in transfers:  # in another form than before, where it can
            forms[earlier.record.form] = forms[earlier.record.form] / 4
        transfer = Transfer(
            result=self.result,
            receiving_unit_id=self.ctx.agency_pk[unit],
            form=_weighted(rng, forms),
            rights=TransferRights.OWNERSHIP if rng.random() < 0.15 else TransferRights.LICENCE,
            contract_value=_money(rng, 50_000_000, 1_500_000_000),
            offered_on=self.day,
            status=TransferStatus.OFFERED,
        )
        self.track.record, self.track.unit = transfer, unit
        self.bundle.transfers.append(transfer)
        return transfer, "", None

    def _on_decline_transfer(self):
        self.track.record.answered_on = self.day
        return None, self._reason("decline_transfer"), None

    def _on_confirm_transfer(self):
        transfer = self.track.record
        transfer.answered_on = self.day
        transfer.contract_no = f"{self.gen.counters.next('contract', self.day.year):02d}/{self.day.year}/HĐCGCN"

    def _on_report_application(self):
        transfer = self.track.record
        transfer.application_report = self._scale(self.rng.choice(APPLICATION_REPORTS))
        transfer.applied_on = self.day
        self.applied_at = self.applied_at or self.at

    def _on_report_own_application(self):
        report = self._scale(self.rng.choice(OWN_APPLICATION_REPORTS))
        self.applied_at = self.applied_at or self.at
        return None, report, {"application_report": [None, report]}

    def _on_request_support(self):
        rng = self.rng
        intermediaries = [c for c in self.gen.profile.intermediaries if self.gen.timelines[c].active(self.day)]
        intermediary = rng.choice(intermediaries) if intermediaries and rng.random() < 0.5 else None
        applicant = self._applicant()
        support = CommercialisationSupport(
            result=self.result,
            kind=_weighted(rng, SUPPORT_WEIGHTS),
            status=SupportStatus.REQUESTED,
            applicant_id=self.ctx.agency_pk[applicant],
            requested_amount=_money(rng, 100_000_000, 800_000_000),
            intermediary_id=self.ctx.agency_pk[intermediary] if intermediary else None,
            requested_on=self.day,
        )
        self.track.record, self.track.applicant = support, applicant
        self.bundle.supports.append(support)
        return support, "", None

    def _on_return_support(self):
        return None, self._reason("return_support"), None

    def _on_resubmit_support(self):
        self.track.record.resubmitted_on = self.day

    def _on_grant_support(self):
        support = self.track.record
        support.decided_on = self.day
        support.decision_no = self._decision_no("qd-skhcn", self.day, "QĐ-SKHCN")
        support.granted_amount = _round(support.requested_amount * Decimal(self.rng.uniform(0.6, 1.0)), 1_000_000)

    def _on_refuse_support(self):
        self.track.record.decided_on = self.day
        return None, self._reason("refuse_support"), None

    def _on_report_support_outcome(self):
        self.track.record.outcome_report = self._scale(self.rng.choice(SUPPORT_OUTCOMES))

    # --- records around a result (services.add_ip_title, services.record_revenue) ------------------------------

    def _ip_title(self):
        rng = self.rng
        kind_chance = IP_KINDS.get(self.result.result_type)
        if self.registered_at is None or kind_chance is None or rng.random() >= kind_chance[1]:
            return
        kind = kind_chance[0]
        as_of = AS_OF.toordinal() + 0.99
        start = self.registered_at.astimezone(VN)
        x = start.toordinal() + 0.95
        at = moment(min(x + rng.uniform(1, 60), (x + as_of) / 2))
        at = max(at, self.registered_at + datetime.timedelta(minutes=5))
        day = local_day(at)
        filed = max(self.task.contract_start, self.task.contract_end - datetime.timedelta(days=rng.randint(30, 300)))
        granted = filed + datetime.timedelta(days=rng.randint(365, 1000))
        granted = granted if granted <= day else None
        n = self.gen.counters.next("ip", kind)
        year = (granted or filed).year
        number = {
            IPKind.PATENT: f"1-{20_000 + n:07d}",
            IPKind.UTILITY_SOLUTION: f"2-{3_000 + n:07d}",
            IPKind.PLANT_VARIETY: f"{n}.VN.{year}",
            IPKind.COPYRIGHT: f"{n}/{year}/QTG",
        }[kind]
        title = IPTitle(
            result=self.result,
            kind=kind,
            number=number,
            filed_on=filed,
            granted_on=granted,
            holder=BY_CODE[self.host].name,
        )
        self.bundle.ip_titles.append(title)
        self._event(
            at,
            "ip_title.added",
            self.host,
            Role.OFFICER,
            title,
            {"ip_title": [None, {"kind": kind.value, "number": number}]},
        )

    def _revenues(self):
        rng = self.rng
        if self.applied_at is None or self.holder is None or rng.random() >= REVENUE_CHANCE:
            return
        regime = self.gen.regime_for(self.task.approval_date)
        first = local_day(self.applied_at).year
        for year in range(first, min(first + 3, AS_OF.year)):
            report_day = datetime.date(year + 1, 3, rng.randint(1, 28))
            if report_day > AS_OF:
                break
            revenue = _money(rng, 200_000_000, 5_000_000_000)
            profit = _round(revenue * Decimal(rng.uniform(0.08, 0.25)), 1_000)
            percent = regime.author_share_min_percent
            minimum = minimum_payout(profit, percent)
            # Now and then an owner pays its authors less than the minimum: recorded and flagged, as the service does.
            short = rng.random() < SHORT_PAYOUT_CHANCE
            share = rng.uniform(0.18, 0.27) if short else rng.uniform(0.30, 0.45)
            payout = _round(profit * Decimal(share), 1_000)
            payout = min(payout, minimum - 1) if short else max(minimum, payout)
            record = RevenueRecord(
                result=self.result,
                year=year,
                revenue=revenue,
                after_tax_profit=profit,
                author_payout=payout,
                share_min_percent=percent,
                author_minimum=minimum,
                below_minimum=payout < minimum,
                note=f"Chia cho tác giả {str((payout * 100 / profit).quantize(Decimal('0.1'))).replace('.', ',')}% "
                "lợi nhuận sau thuế.",  # a note typed by a Vietnamese officer: decimal comma
            )
            self.bundle.revenues.append(record)
            at = moment(report_day.toordinal() + rng.uniform(0.05, 0.95))
            self._event(
                at,
                "revenue.recorded",
                self.holder,
                Role.OFFICER,
                record,
                {"revenue": [None, revenue_snapshot(record)]},
            )


def generate(seed, count, ctx):
    """Yield TaskBundles with `count` results in all, the same ones for the same seed and context."""
    yield from Generator(seed, ctx).tasks(count)
