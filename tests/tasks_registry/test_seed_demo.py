"""`manage.py seed_demo`: a deterministic demo province whose every result got to its state by legal steps."""

import datetime
import io
import itertools
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import Client, override_settings
from django_fsm import can_proceed

from audit.models import ChainHead, Event
from audit.recorder import case_key_for
from audit.verification import verify
from demo import AS_OF, DEMO_PASSWORD, MEMBERSHIPS_FROM, paths, results, tracks
from demo.agencies import BY_CODE
from demo.plan import ROWS
from demo.results import Context, Ref, RegimeInfo, Values, generate
from reports.models import Plan, ReportingSettings
from tasks_registry import services
from tasks_registry.access import agency_for_party
from tasks_registry.lifecycle import (
    OPEN_SUPPORT_STATES,
    OPEN_TRANSFER_STATES,
    OWNERSHIP_SETTLED,
    RESULT,
    STEPS,
    SUPPORT,
    TRANSFER,
    OwnershipOutcome,
    Party,
    Status,
)
from tasks_registry.models import (
    Agency,
    AgencyName,
    CommercialisationSupport,
    IPTitle,
    LegalRegime,
    Membership,
    Province,
    Result,
    RevenueRecord,
    STTask,
    SupportStatus,
    Transfer,
    TransferStatus,
)
from tasks_registry.models.results import minimum_payout
from tasks_registry.roles import Role
from tasks_registry.selectors import province_results

RESULTS = 120
SEED = 7
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- the generator alone (no database) -------------------------------------------------------------------------

FAKE_CONTEXT = Context(
    agency_pk={code: index for index, code in enumerate(BY_CODE, start=1)},
    regimes=[
        RegimeInfo(1, datetime.date(2014, 1, 1), False, Decimal(30)),
        RegimeInfo(2, datetime.date(2025, 10, 1), True, Decimal(30)),
    ],
)


def _value(value):
    if isinstance(value, Values):
        return (value.obj._meta.model_name, tuple(sorted(value.values.items())))
    return value.obj._meta.model_name if isinstance(value, Ref) else value


def _describe(seed, count):
    """Everything the generator decides, as plain values."""
    out = []
    for bundle in generate(seed, count, FAKE_CONTEXT):
        t = bundle.task
        out.append(("task", t.code, t.title, t.host_id, t.approval_date, t.contract_end, t.state_budget, t.co_funding))
        for r in bundle.results:
            res = r.result
            out.append(
                ("result", res.title, res.status, res.registration_no, res.acceptance_date, res.ownership_outcome)
            )
            out += [("transfer", x.receiving_unit_id, x.status, x.offered_on, x.contract_value) for x in r.transfers]
            out += [("support", s.kind, s.status, s.requested_on, s.granted_amount) for s in r.supports]
            out += [("ip", i.kind, i.number) for i in r.ip_titles]
            out += [("revenue", v.year, v.revenue, v.author_payout) for v in r.revenues]
            out += [
                (
                    "event",
                    e.at,
                    e.action,
                    e.actor,
                    e.agency,
                    e.comment,
                    tuple((k, tuple(_value(v) for v in pair)) for k, pair in sorted(e.changes.items())),
                )
                for e in r.events
            ]
    return out


def test_generator_is_deterministic_and_depends_on_the_seed():
    first = _describe(2025, 80)
    assert first == _describe(2025, 80)
    assert first != _describe(2026, 80)
    statuses = {row[2] for row in first if row[0] == "result"}
    assert statuses == set(Status.values)


def test_every_demo_result_title_belongs_to_its_task():
    """A result shares the subject of its task (a word beyond "nghiên cứu", "quy trình" …), not just its domain."""
    from demo.results import _words

    strangers = [
        (bundle.task.title, made.result.title)
        for bundle in generate(2025, 200, FAKE_CONTEXT)
        for made in bundle.results
        if not _words(bundle.task.title) & _words(made.result.title)
    ]
    assert strangers == []


def _replay_on(result):
    """Result.transfers and Result.supports answer from `records` (the replayed transfers and supports, kept by
    `_replay`) instead of the database, for the guards that read them (close: nothing under way)."""
    records = {}

    def of(kind):
        return property(lambda _self: paths.Records(*(r.status for (k, _i), r in records.items() if k == kind)))

    patches = (mock.patch.object(Result, "transfers", of(TRANSFER)), mock.patch.object(Result, "supports", of(SUPPORT)))
    return records, patches


RECORD_KEYS = {TRANSFER: "transfer", SUPPORT: "commercialisationsupport"}
RECORD_MODELS = {TRANSFER: Transfer, SUPPORT: CommercialisationSupport}


def _replay(replay, steps, records):
    """Take `steps` ((step name, the event's changes), in order) on `replay`, a result starting over, and on the
    transfers and supports their steps open (kept in `records` by (kind, id)), through the real transitions: each
    must be legal then, and its event must say what the service's says: the result's state only when it changes,
    and the transfer or support as it stands after the step."""
    for name, changes in steps:
        step = STEPS[name]
        before = replay.status
        kind = step.opens or (step.subject if step.subject != RESULT else None)
        if kind:
            kept = changes[RECORD_KEYS[kind]]
            assert kept[0] is None, (name, kept)
            values = kept[1].values if isinstance(kept[1], Values) else kept[1]
            ident = (kind, id(kept[1].obj) if isinstance(kept[1], Values) else values["id"])
        if step.subject == RESULT:
            assert can_proceed(getattr(replay, name)), (name, before)
            getattr(replay, name)()
            if step.opens:
                assert ident not in records
                records[ident] = RECORD_MODELS[kind]()
        else:
            record = records[ident]
            assert can_proceed(getattr(record, name)), (name, record.status)
            getattr(record, name)()
            if replay.status in (step.advances or ((), None))[0]:
                getattr(replay, name)()
        if kind:
            assert values["status"] == records[ident].status, (name, values)
        if replay.status == before:
            assert "status" not in changes, (name, changes)
        else:
            assert changes["status"] == [before, replay.status], (name, changes)
    return records


def _check_where_it_ends(status, records, own_application):
    """The result's state says how far its transfers have come; a closed result has nothing under way."""
    transfers = [r.status for (kind, _i), r in records.items() if kind == TRANSFER]
    supports = [r.status for (kind, _i), r in records.items() if kind == SUPPORT]
    applied = TransferStatus.APPLIED in transfers or own_application
    transferred = TransferStatus.CONFIRMED in transfers and not applied
    assert (status == Status.APPLIED) == (applied and status != Status.CLOSED), (status, transfers)
    assert (status == Status.TRANSFERRED) == (transferred and status != Status.CLOSED), (status, transfers)
    if status in OWNERSHIP_SETTLED:
        assert not {TransferStatus.CONFIRMED, TransferStatus.APPLIED} & set(transfers)
    if status == Status.CLOSED:
        assert not set(OPEN_TRANSFER_STATES) & set(transfers) and not set(OPEN_SUPPORT_STATES) & set(supports)


def test_planned_paths_are_legal_for_the_state_machine():
    """Every state is reachable in some scenario, and the real transitions accept each planned path: over the
    result's own states, a close finding nothing under way and, where someone holds rights, an offer declined (as
    the generator then makes them)."""
    import random

    rng = random.Random(1)
    reached = set()
    for scenario in paths.SCENARIOS:
        for target in Status.values:
            if not paths.reachable(scenario, target):
                continue
            reached.add(target)
            for _ in range(5):
                regime = LegalRegime(pk=1, ownership_by_law=scenario.by_law)
                if scenario.by_law:
                    outcome = (
                        OwnershipOutcome.RETAINED_BY_STATE if scenario.state_retains_rights else OwnershipOutcome.BY_LAW
                    )
                else:
                    outcome = (
                        OwnershipOutcome.USE_RIGHTS_STATE_ASSET if scenario.holder else OwnershipOutcome.OTHER_DISPOSAL
                    )
                probe = Result(
                    task=STTask(state_retains_rights=scenario.state_retains_rights),
                    regime=regime,
                    registration_no="KQ1",
                    ownership_outcome=outcome,
                    ownership_holder_id=1 if scenario.holder else None,
                )
                records, patches = _replay_on(probe)
                if scenario.holder:
                    records[(TRANSFER, 0)] = Transfer(status=TransferStatus.DECLINED)
                with patches[0], patches[1]:
                    for name, before, after in paths.plan(rng, scenario, target):
                        assert STEPS[name].subject == RESULT or STEPS[name].advances, name
                        assert not STEPS[name].opens, name
                        assert probe.status == before
                        assert can_proceed(getattr(probe, name)), (scenario.code, target, name)
                        getattr(probe, name)()
                        assert probe.status == after
                assert probe.status == target
    assert reached == set(Status.values)


def test_each_generated_history_is_legal_with_its_transfers_and_supports():
    """Replayed step by step through the real transitions of the result and of each transfer and support, every
    generated history is legal, its events say what the services' say, and the result ends where its transfers
    have brought it. Some results are transferred to several units in several forms, some supports are asked for by
    the host before ownership is settled, some results get two of them; those that wait for someone end lately."""
    several, forms, early, cycles, waiting = 0, set(), 0, 0, []
    for bundle in generate(2025, 300, FAKE_CONTEXT):
        for made in bundle.results:
            res = made.result
            regime = next((r for r in FAKE_CONTEXT.regimes if r.pk == res.regime_id), None)
            replay = Result(
                task=STTask(state_retains_rights=bundle.task.state_retains_rights),
                regime=LegalRegime(pk=regime.pk, ownership_by_law=regime.ownership_by_law) if regime else None,
                registration_no=res.registration_no,
                ownership_outcome=res.ownership_outcome,
                ownership_holder_id=res.ownership_holder_id,
            )
            steps = [
                (e.action.removeprefix("result."), e.changes)
                for e in made.events
                if e.action.removeprefix("result.") in STEPS
            ]
            records, patches = _replay_on(replay)
            with patches[0], patches[1]:
                _replay(replay, steps, records)
            assert replay.status == res.status
            _check_where_it_ends(res.status, records, any(name == "report_own_application" for name, _c in steps))
            assert len(records) == len(made.transfers) + len(made.supports)

            units = [t.receiving_unit_id for t in made.transfers]
            assert res.ownership_holder_id not in units
            if len(made.transfers) >= 2:
                several += 1
                forms |= {len({t.form for t in made.transfers})}
            cycles += len(made.supports) >= 2
            settled_at = next(
                (e.at for e in made.events if "status" in e.changes and e.changes["status"][1] in OWNERSHIP_SETTLED),
                None,
            )
            for support in made.supports:
                asked = next(
                    e
                    for e in made.events
                    if e.action == "result.request_support" and e.changes["commercialisationsupport"][1].obj is support
                )
                if settled_at is None or asked.at < settled_at:
                    assert support.applicant_id == bundle.task.host_id
                    early += 1
                else:
                    assert support.applicant_id == res.ownership_holder_id
            for record in (*made.transfers, *made.supports):
                if record.status in tracks.WAITING:
                    last = max(
                        e.at
                        for e in made.events
                        if any(getattr(v, "obj", None) is record for pair in e.changes.values() for v in pair)
                    )
                    waiting.append((AS_OF - last.date()).days)
    assert several >= 20 and max(forms) >= 2
    assert early >= 5 and cycles >= 5
    assert waiting and max(waiting) <= results.WAITING_WITHIN + 1 and min(waiting) >= 0


# --- the command on the database -------------------------------------------------------------------------------


def _seed_snapshot(**options):
    """Seed inside a savepoint, describe what was written by natural keys, then roll it all back."""
    savepoint = transaction.savepoint()
    try:
        call_command("seed_demo", stdout=io.StringIO(), **options)
        natural = {
            case_key_for(r): (r.task.code, r.title, r.status, r.registration_no)
            for r in Result.objects.select_related("task")
        }
        results = sorted(natural.values(), key=repr)
        tasks = sorted(STTask.objects.values_list("code", "title", "approval_date", "host__code", "state_budget"))
        events = sorted(
            (natural[case], seq, action, at, actor, agency, comment)
            for case, seq, action, at, actor, agency, comment in Event.objects.filter(case_key__in=natural).values_list(
                "case_key", "seq", "action", "occurred_at", "actor__username", "agency__code", "comment"
            )
        )
        transfers = sorted(
            Transfer.objects.values_list("result__title", "receiving_unit__code", "status", "offered_on")
        )
        return results, tasks, events, transfers
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.mark.django_db
def test_same_seed_gives_the_same_rows_and_another_seed_others():
    first = _seed_snapshot(results=60, seed=11)
    assert Agency.objects.filter(code="SKHCN").count() == 0  # rolled back: a fresh database again
    assert _seed_snapshot(results=60, seed=11) == first
    assert _seed_snapshot(results=60, seed=12) != first
    assert len(first[0]) == 60


@pytest.mark.django_db
def test_negative_count_is_refused():
    with pytest.raises(CommandError):
        call_command("seed_demo", results=-1, stdout=io.StringIO())


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """One seeded province for the tests of the class, rolled back afterwards (tests run in savepoints)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            # As tests/conftest.py does for each test: hashing strength is not under test.
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                call_command("seed_demo", results=RESULTS, seed=SEED, stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
class TestSeededProvince:
    def test_output_lists_logins_password_and_counts(self, seeded):
        for text in ("skhcn.chuyenvien1", "skhcn.lanhdao", "thanhtra", "quantri", "dhdt.chuyenvien", DEMO_PASSWORD):
            assert text in seeded
        assert f"Kết quả: {RESULTS}" in seeded
        for status in Status:
            assert str(status.label) in seeded

    def test_every_state_and_both_regimes(self):
        assert Result.objects.count() == RESULTS
        assert set(Result.objects.values_list("status", flat=True)) == set(Status.values)
        codes = set(Result.objects.exclude(regime=None).values_list("regime__code", flat=True))
        assert len(codes) == 2
        for result in Result.objects.exclude(regime=None).select_related("task", "regime"):
            assert result.regime == LegalRegime.objects.for_date(result.task.approval_date)
        retaining = STTask.objects.filter(state_retains_rights=True)
        assert retaining.exists()
        for task in retaining:
            assert task.regime.ownership_by_law and task.retention_basis
        approvals = STTask.objects.values_list("approval_date", flat=True)
        assert min(approvals) >= datetime.date(2016, 1, 1) and max(approvals) <= AS_OF
        assert STTask.objects.annotate(n=Count("results")).filter(Q(n__lt=1) | Q(n__gt=3)).count() == 0

    def test_numbers_look_like_the_registry(self):
        for task in STTask.objects.all():
            # ĐT-, or the former province's prefix (Tiền Giang, Bắc Kạn) or Thái Nguyên's, then the approval year.
            assert re.fullmatch(r"(ĐT|TG|TN|BK)-(\d{4})-\d{4}", task.code) and task.code[3:7] == str(
                task.approval_date.year
            )
            assert task.state_budget > 0 and task.managing_agency.code in {"SKHCN", "SKHCN-TG", "SKHCN-TN", "SKHCN-BK"}
            if task.managing_agency.code in ("SKHCN-TG", "SKHCN-BK"):  # approved while the former province existed
                assert task.approval_date <= task.managing_agency.active_to == datetime.date(2025, 6, 30)
        for result in Result.objects.exclude(registration_no=None):
            assert re.fullmatch(r"KQ\d{6}", result.registration_no)
            assert re.fullmatch(r"\d+/KQNC-SKHCN", result.archive_no)
            assert result.registered_on >= result.acceptance_date

    def test_audit_chains_verify_and_each_result_took_a_legal_path(self):
        report = verify()
        assert report.ok, report.broken
        assert ChainHead.objects.filter(case_key__startswith="tasks_registry.result:").count() == RESULTS
        for result in Result.objects.select_related("task", "regime"):
            events = list(Event.objects.filter(case_key=case_key_for(result)).order_by("seq").select_related("actor"))
            assert [e.seq for e in events] == list(range(1, len(events) + 1))
            assert all(a.occurred_at < b.occurred_at for a, b in itertools.pairwise(events))
            assert events[0].action == "result.recorded"
            assert events[0].changes["status"] == [None, Status.ACCEPTANCE_SUBMITTED]
            # Replay on a copy that starts over, with its transfers and supports as their steps open them: the real
            # transitions must accept every step, in order, and each event keeps what the service's keeps.
            replay = Result(
                task=result.task,
                regime=result.regime,
                registration_no=result.registration_no,
                ownership_outcome=result.ownership_outcome,
                ownership_holder_id=result.ownership_holder_id,
            )
            steps = [
                (e.action.removeprefix("result."), e.changes)
                for e in events[1:]
                if e.action.removeprefix("result.") in STEPS
            ]
            records, patches = _replay_on(replay)
            with patches[0], patches[1]:
                _replay(replay, steps, records)
            assert replay.status == result.status
            # The records are the ones the events name, in the states they were left in, as the events left them.
            saved = {(TRANSFER, t.pk): t for t in result.transfers.all()}
            saved |= {(SUPPORT, s.pk): s for s in result.supports.all()}
            assert {key: r.status for key, r in records.items()} == {key: r.status for key, r in saved.items()}
            last = {}
            for _name, changes in steps:
                for kind, key in RECORD_KEYS.items():
                    if key in changes:
                        last[(kind, changes[key][1]["id"])] = changes[key][1]
            assert last == {key: r.audit_values() for key, r in saved.items()}
            _check_where_it_ends(
                result.status, records, any(name == "report_own_application" for name, _changes in steps)
            )
            assert result.created_at == events[0].occurred_at
            moved = [e for e in events[1:] if "status" in e.changes]
            assert result.status_changed_at == (moved[-1].occurred_at if moved else events[0].occurred_at)
            assert events[-1].occurred_at.date() <= AS_OF

    def test_every_actor_held_the_role_on_the_day_for_the_agency(self):
        memberships = {}
        for m in Membership.objects.all():
            memberships.setdefault((m.user_id, m.agency_id), []).append(m)
        for event in Event.objects.filter(case_key__startswith="tasks_registry.result:"):
            name = event.action.removeprefix("result.")
            roles = STEPS[name].roles if name in STEPS else (Role.OFFICER,)
            day = event.occurred_at.date()
            assert any(
                m.role in roles and m.valid_from <= day and (m.valid_to is None or day <= m.valid_to)
                for m in memberships.get((event.actor_id, event.agency_id), ())
            ), (event.action, event.actor_name, event.agency_name, day)
            assert event.request_id == "seed_demo"

    def test_each_step_of_a_transfer_or_support_is_taken_by_its_party(self):
        """The owner offers, the receiving unit answers and reports, the applicant asks, completes and reports, the
        managing agency appraises and decides (or, once merged away, the agency that carries it on)."""
        transfers = {t.pk: t for t in Transfer.objects.select_related("receiving_unit", "result__ownership_holder")}
        supports = {s.pk: s for s in CommercialisationSupport.objects.select_related("applicant", "result__task")}
        checked = set()
        for event in Event.objects.filter(action__in=[f"result.{name}" for name in STEPS]):
            step = STEPS[event.action.removeprefix("result.")]
            kind = step.opens or step.subject
            if kind == RESULT:
                continue
            record = (transfers if kind == TRANSFER else supports)[event.changes[RECORD_KEYS[kind]][1]["id"]]
            party = {
                Party.OWNER: record.result.ownership_holder,
                Party.RECEIVING: getattr(record, "receiving_unit", None),
                Party.APPLICANT: getattr(record, "applicant", None),
                Party.MANAGING: record.result.task.managing_agency,
            }[Party.APPLICANT if step.opens == SUPPORT else step.party]
            assert event.agency_id in (party.pk, party.acting().pk), (event.action, event.agency_name, party)
            checked.add(step.name)
        assert checked == {name for name, step in STEPS.items() if step.subject != RESULT or step.opens}

    def test_records_follow_the_steps(self):
        several, early, cycles = 0, 0, 0
        for result in Result.objects.select_related("task"):
            transfers = list(result.transfers.order_by("offered_on", "id"))
            supports = list(result.supports.order_by("requested_on", "id"))
            statuses = {t.status for t in transfers}
            if result.status == Status.OWNERSHIP_BY_LAW:
                assert result.ownership_outcome == OwnershipOutcome.BY_LAW
                assert result.ownership_holder_id == result.task.host_id
            if result.status == Status.OWNERSHIP_RETAINED_BY_STATE:
                assert result.ownership_holder_id == result.task.managing_agency_id
            if result.status in OWNERSHIP_SETTLED:
                assert statuses <= {TransferStatus.OFFERED, TransferStatus.DECLINED}
            if result.status == Status.TRANSFERRED:
                assert TransferStatus.CONFIRMED in statuses and TransferStatus.APPLIED not in statuses
            if result.status == Status.CLOSED:
                assert not statuses & set(OPEN_TRANSFER_STATES)
                assert not {s.status for s in supports} & set(OPEN_SUPPORT_STATES)
            if result.status in (Status.NOT_ACCEPTED,):
                assert result.acceptance_grade == "failed" and result.registration_no is None
            if result.status == Status.OWNERSHIP_DECIDED:
                assert result.ownership_decision_no and result.ownership_decision_date
            for transfer in transfers:
                assert transfer.receiving_unit_id != result.ownership_holder_id
                assert (transfer.answered_on is None) == (transfer.status == TransferStatus.OFFERED)
                assert (transfer.applied_on is not None) == (transfer.status == TransferStatus.APPLIED)
                if transfer.status in (TransferStatus.CONFIRMED, TransferStatus.APPLIED):
                    assert transfer.contract_no
            # A result transferred again goes to other units, in more than one form.
            if len(transfers) >= 2 and len({t.form for t in transfers}) >= 2:
                several += len({t.receiving_unit_id for t in transfers}) == len(transfers)
            for support in supports:
                decided = support.status in (SupportStatus.GRANTED, SupportStatus.REFUSED, SupportStatus.REPORTED)
                assert (support.decided_on is not None) == decided
                if support.status in (SupportStatus.GRANTED, SupportStatus.REPORTED):
                    assert support.granted_amount > 0 and support.decision_no
                assert bool(support.outcome_report) == (support.status == SupportStatus.REPORTED)
                assert support.applicant_id in (result.task.host_id, result.ownership_holder_id)
                early += support.applicant_id == result.task.host_id != result.ownership_holder_id
            cycles += len(supports) >= 2
        assert several >= 3 and early >= 2 and cycles >= 2
        assert set(Transfer.objects.values_list("status", flat=True)) == set(TransferStatus.values)
        assert {SupportStatus.REFUSED, SupportStatus.REPORTED, SupportStatus.GRANTED} <= set(
            CommercialisationSupport.objects.values_list("status", flat=True)
        )
        # Support requests wait for the Sở (to appraise or decide) or for the applicant (to complete the dossier).
        assert CommercialisationSupport.objects.filter(status__in=tracks.WAITING).exists()
        assert IPTitle.objects.exists()
        revenues = RevenueRecord.objects.all()
        assert revenues.exists()
        for record in revenues:
            # Each record carries the minimum it was checked against, and a payout below it is flagged, as the
            # service records it (a short payout is recorded, not refused).
            assert record.author_minimum == minimum_payout(record.after_tax_profit, record.share_min_percent)
            assert record.below_minimum == (record.author_payout < record.author_minimum)
        assert revenues.filter(below_minimum=True).exists() and revenues.filter(below_minimum=False).exists()

    def test_the_services_carry_on_from_the_seeded_states(self):
        """A pending transfer can be answered through the service by the receiving unit's demo officer; a result
        whose ownership is settled is transferred by it, one already transferred or applied stays where it is."""
        answered = set()
        for transfer in Transfer.objects.filter(status=TransferStatus.OFFERED).select_related(
            "result", "receiving_unit"
        ):
            result, unit = transfer.result, transfer.receiving_unit.acting()
            settled = result.status in OWNERSHIP_SETTLED
            if settled in answered:
                continue
            answered.add(settled)
            before = result.status
            officer = Membership.objects.active().filter(agency=unit, role=Role.OFFICER).first().user
            length = ChainHead.objects.get(case_key=case_key_for(result)).length
            services.confirm_transfer(result, actor=officer, agency=unit, contract_no="01/HĐ", subject=transfer)
            result.refresh_from_db()
            transfer.refresh_from_db()
            assert transfer.status == TransferStatus.CONFIRMED
            assert result.status == (Status.TRANSFERRED if settled else before)
            assert ChainHead.objects.get(case_key=case_key_for(result)).length == length + 1
            assert verify(case_key_for(result)).ok
        assert answered == {True, False}

    def test_the_eleven_plan_tasks_and_their_agencies(self):
        plan = Plan.objects.get(province__name="Đồng Tháp")
        assert plan.issuer.code == "UBND-DT" and (plan.start_year, plan.end_year) == (2023, 2030)
        assert plan.title.startswith("Kế hoạch thực hiện Chương trình phát triển thị trường KH&CN quốc gia")
        tasks = {t.number: t for t in plan.tasks.select_related("lead_agency")}
        assert sorted(tasks) == list(range(1, 12))
        assert [tasks[n].section for n in range(1, 12)] == list("AAAABBCCCCC")
        for number, text, _lead, note, timeline in ROWS:
            assert (tasks[number].text, tasks[number].coordinating_note, tasks[number].timeline) == (
                text,
                note,
                timeline,
            )
        assert tasks[4].lead_agency.code == "SCT"
        assert tasks[6].lead_agency.kind == "peoples_committee" and tasks[6].lead_agency.active_to
        seventh = tasks[7].lead_agency
        assert seventh.name.startswith("Sở Kế hoạch và Đầu tư") and seventh.successor.code == "STC"
        assert seventh.active_to == datetime.date(2025, 2, 28)
        assert {tasks[n].lead_agency.code for n in (1, 2, 3, 5, 8, 9, 10, 11)} == {"SKHCN"}
        assert set(tasks[1].coordinating_agencies.values_list("code", flat=True)) == {"SCT", "BKHCN"}
        assert "SKHCN" in set(tasks[6].coordinating_agencies.values_list("code", flat=True))
        assert tasks[9].coordinating_agencies.filter(code="UBND-HTM").exists()

    def test_the_2025_restructuring_is_kept_as_history(self):
        agriculture = Agency.objects.get(code="SNNMT")
        assert agriculture.name == "Sở Nông nghiệp và Môi trường tỉnh Đồng Tháp"
        assert agriculture.name_on(datetime.date(2024, 6, 1)) == "Sở Nông nghiệp và Phát triển nông thôn tỉnh Đồng Tháp"
        assert AgencyName.objects.filter(agency=agriculture).count() == 2
        for code in ("UBND-TPCL", "UBND-TPSD", "UBND-HTM"):
            district = Agency.objects.get(code=code)
            assert district.active_to == datetime.date(2025, 6, 30)
            assert district.successor.active_from == datetime.date(2025, 7, 1) and "125/2025" in district.legal_basis
            assert not Membership.objects.active(datetime.date(2025, 7, 1)).filter(agency=district).exists()
        assert "29/2025" in Agency.objects.get(code="SKHDT").legal_basis
        # 1 rename; Sở KH&ĐT, 4 district committees, and the 2 Sở and 2 UBND tỉnh of the merged provinces.
        assert Event.objects.filter(action__in=["agency.renamed", "agency.merged"]).count() == 1 + 1 + 4 + 4

    def test_the_merged_provinces_are_in_their_2025_shape(self):
        dong_thap, thai_nguyen = Province.objects.get(name="Đồng Tháp"), Province.objects.get(name="Thái Nguyên")
        tien_giang, bac_kan = Province.objects.get(name="Tiền Giang"), Province.objects.get(name="Bắc Kạn")
        assert tien_giang.successor == dong_thap and bac_kan.successor == thai_nguyen
        assert "202/2025/QH15" in tien_giang.legal_basis and tien_giang.active_to == datetime.date(2025, 6, 30)
        assert Agency.objects.get(code="BKHCN").province is None
        # Results of former Tiền Giang tasks are Đồng Tháp's; Bắc Kạn's are Thái Nguyên's; none is counted twice.
        former = Result.objects.filter(task__managing_agency__code="SKHCN-TG")
        assert former.exists() and Result.objects.filter(task__managing_agency__code="SKHCN-BK").exists()
        assert set(former.values_list("pk", flat=True)) <= set(province_results(dong_thap).values_list("pk", flat=True))
        assert province_results(dong_thap).count() + province_results(thai_nguyen).count() == RESULTS
        # A former province's result shows its managing agency by the name it had; its work is the successor's.
        result = former.select_related("task__managing_agency").first()
        assert result.task.managing_agency.name == "Sở Khoa học và Công nghệ tỉnh Tiền Giang"
        assert agency_for_party(result, Party.MANAGING).code == "SKHCN"
        # Bắc Kạn's plan stays Bắc Kạn's, Thái Nguyên's Sở leads its tasks, and its targets are Thái Nguyên's to report.
        plan = Plan.objects.get(province=bac_kan)
        assert {t.lead_agency.code for t in plan.tasks.all()} == {"SKHCN-TN"} and plan.tasks.count() == 6
        assert ReportingSettings.for_province(bac_kan).consolidator.code == "SKHCN-TN"
        assert ReportingSettings.for_province(dong_thap).consolidator.code == "SKHCN"
        # People in every role of each province, and of the ministry.
        for province in (dong_thap, thai_nguyen):
            roles = set(Membership.objects.active().filter(agency__province=province).values_list("role", flat=True))
            assert roles == set(Role.values), (province, roles)
        ministry = set(Membership.objects.active().filter(agency__code="BKHCN").values_list("role", flat=True))
        assert ministry == {Role.OFFICER, Role.HEAD}

    def test_every_role_has_a_demo_login(self, settings):
        # Whichever hasher made the demo hash (the fixture's or the default one), it must be known to check it.
        settings.PASSWORD_HASHERS = list(dict.fromkeys([*FAST_HASHERS, *global_settings.PASSWORD_HASHERS]))
        assert not Membership.objects.filter(valid_from__lt=MEMBERSHIPS_FROM).exists()
        for role in Role.values:
            memberships = Membership.objects.active().filter(role=role).select_related("user")
            assert memberships.exists(), role
            for membership in memberships:
                assert Client().login(username=membership.user.username, password=DEMO_PASSWORD), role
        admin = get_user_model().objects.get(username="quantri")
        assert admin.is_staff and admin.is_superuser
        assert Membership.objects.filter(user=admin, role=Role.ADMINISTRATOR).exists()
        assert Client().login(username="skhcn.chuyenvien1", password=DEMO_PASSWORD)
        assert not Client().login(username="skhcn.chuyenvien1", password="wrong-password")

    def test_keep_existing_prints_the_logins_and_creates_nothing(self):
        before = (
            Agency.objects.count(),
            get_user_model().objects.count(),
            Result.objects.count(),
            Event.objects.count(),
        )
        out = io.StringIO()
        call_command("seed_demo", keep_existing=True, results=50, stdout=out)
        assert (
            Agency.objects.count(),
            get_user_model().objects.count(),
            Result.objects.count(),
            Event.objects.count(),
        ) == before
        assert "quantri" in out.getvalue() and DEMO_PASSWORD in out.getvalue()

    def test_without_keep_existing_a_seeded_database_is_refused(self):
        with pytest.raises(CommandError, match="đã có dữ liệu mẫu"):
            call_command("seed_demo", results=10, stdout=io.StringIO())
