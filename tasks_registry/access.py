"""Who acts for a result: the agency each party stands for, and whether a person holds the right role there."""

from django.utils import timezone

from .lifecycle import Party, Status
from .memo import remembered
from .models import Agency, AgencyKind, Membership, TaskLevel, TransferStatus
from .roles import WORKING_ROLES, Role


def agency_for_party(result, party, subject=None):
    """The agency that must act as `party` for this result (or for one of its transfers or supports, `subject`), or
    None when nobody holds that part now.

    A party merged away (a former province's Sở, a district committee) acts through its successor: the record keeps
    the agency as it was, the work goes to the agency that carries it today.
    """
    agency = recorded_party(result, party, subject=subject)
    return agency.acting() if agency is not None else None


def recorded_party(result, party, subject=None):
    """The agency the result's records name for `party` (before following mergers), or None. `subject`: the
    transfer whose receiving unit, or the support whose applicant, acts (a receiving unit acts only on a transfer
    it is named in)."""
    if party == Party.RECEIVING:
        return subject.receiving_unit if subject is not None else None
    if party == Party.APPLICANT:
        return subject.applicant if subject is not None else support_applicant(result)
    if party == Party.HOST:
        return result.task.host
    if party == Party.MANAGING:
        return result.task.managing_agency
    if party == Party.OWNER:
        return result.ownership_holder
    if party == Party.AUTHORITY:
        return ownership_authority(result.task.managing_agency)
    if party == Party.REGISTRAR:
        return registrar_of(result.task)
    raise ValueError(party)


def ownership_authority(managing_agency):
    """Who decides ownership of the results of tasks `managing_agency` manages (Decree 08/2014): the People's
    Committee above a department (its Chairman decides, advised by the department), the ministry above one of its
    departments (the minister); any other body (a ministry, a People's Committee) decides itself."""
    parent = managing_agency.parent if managing_agency.parent_id else None
    if managing_agency.kind == AgencyKind.DEPARTMENT and parent is not None and parent.kind in AUTHORITY_KINDS:
        return parent
    return managing_agency


# The bodies that decide ownership for the departments under them.
AUTHORITY_KINDS = (AgencyKind.PEOPLES_COMMITTEE, AgencyKind.MINISTRY)


# Tasks whose results the national S&T information agency registers (TT 14/2014); the managing agency (Sở KH&CN
# for provincial tasks) registers the others.
CENTRAL_LEVELS = (TaskLevel.NATIONAL, TaskLevel.MINISTERIAL)


def central_registrar():
    """The agency marked as registering national and ministerial results, or None when none is marked."""
    return remembered(("central_registrar",), lambda: Agency.objects.filter(registers_central_results=True).first())


def registrar_of(task):
    """Who registers the results of `task`: the national agency for national and ministerial tasks (the managing
    agency until an administrator marks one), the managing agency for the others."""
    if task.level in CENTRAL_LEVELS:
        return central_registrar() or task.managing_agency
    return task.managing_agency


def support_applicant(result):
    """Who asks for a commercialisation support now: the owner once ownership is settled, the host before."""
    return result.ownership_holder or result.task.host


# Transfers that give their receiving unit a part in the result: any not declined.
LIVE_TRANSFER_STATUSES = (TransferStatus.OFFERED, TransferStatus.CONFIRMED, TransferStatus.APPLIED)


def memberships_on(user, day):
    """The person's memberships in force on `day`, with their agencies, ordered by agency name and role.

    Every check of a page (the menu, the queues, the reports, the auditor's rule, the ministry's) is answered from
    this one read, kept for the rest of the request (tasks_registry.memo): a page asks it a dozen times."""
    if user is None or not user.is_authenticated:
        return ()
    return remembered(
        ("memberships", user.pk, day),
        lambda: tuple(
            Membership.objects.active(day).filter(user=user).select_related("agency").order_by("agency__name", "role")
        ),
    )


def memberships_today(user):
    return memberships_on(user, timezone.localdate())


def holds_role(user, agency, roles, on=None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active or agency is None:
        return False
    held = {(membership.agency_id, membership.role) for membership in memberships_on(user, on or timezone.localdate())}
    agency_id = getattr(agency, "pk", agency)
    return any((agency_id, role) in held for role in roles)


AUTHORITY_STATES = (Status.OWNERSHIP_SUBMITTED,)
REGISTRAR_STATES = (Status.REGISTRATION_SUBMITTED,)


def parties_of(result):
    """Every agency with a part in the result now (for documents and reading rights)."""
    agencies = {result.task.host, result.task.managing_agency}
    # The competent authority and the registrar act (attach a paper) only while the case is before them; they read
    # it at any time through the selectors.
    if result.status in AUTHORITY_STATES:
        agencies.add(recorded_party(result, Party.AUTHORITY))
    if result.status in REGISTRAR_STATES:
        agencies.add(recorded_party(result, Party.REGISTRAR))
    if result.ownership_holder_id:
        agencies.add(result.ownership_holder)
    for transfer in result.transfers.filter(status__in=LIVE_TRANSFER_STATUSES).select_related("receiving_unit"):
        agencies.add(transfer.receiving_unit)
    for support in result.supports.exclude(applicant=None).select_related("applicant"):
        agencies.add(support.applicant)
    # The agency as recorded and the one that carries it today (after a merger) both have a part.
    return {agency.pk for agency in agencies} | {agency.acting().pk for agency in agencies}


# --- roles that open whole workspaces ---------------------------------------------------------------------------


def is_auditor(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(membership.role == Role.AUDITOR for membership in memberships_today(user))


def is_read_only_auditor(user) -> bool:
    """An auditor and nothing else: such a person may change nothing on the site."""
    if not user.is_authenticated or user.is_superuser:
        return False  # superusers administer the site; their changes are audited, not refused
    return {membership.role for membership in memberships_today(user)} == {Role.AUDITOR}


def is_ministry(user):
    """An officer or head of a central body (Bộ KH&CN): sees every province's consolidation and KPIs."""
    if not user.is_authenticated or not user.is_active:
        return False
    return any(
        membership.role in WORKING_ROLES
        and membership.agency.kind == AgencyKind.MINISTRY
        and membership.agency.province_id is None
        # The national registrar is a central body with a job of its own, not the ministry's comparison of provinces.
        and not membership.agency.registers_central_results
        for membership in memberships_today(user)
    )
