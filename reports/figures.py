"""An agency's figures for one year, computed from the registry with a constant number of aggregate queries.

Counted for the agency as host organisation or managing agency of the result's task:
results recognised (accepted in the year), of which with an application address; results transferred (a transfer
confirmed by the receiving unit in the year); results supported for commercialisation (support granted in the
year); the number and value of those transfers; IP titles granted in the year. The consolidating agency
(Sở KH&CN) also reports the intermediaries active in the year. Start-ups supported and the other indicators the
registry cannot know are entered by hand in the report (manual figures).
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Sum

from tasks_registry.lifecycle import Status
from tasks_registry.models import (
    Agency, AgencyKind, ApplicationAddress, CommercialisationSupport, IPTitle, Result, SupportStatus, Transfer,
    TransferStatus,
)

NOT_RECOGNISED = (Status.ACCEPTANCE_SUBMITTED, Status.ACCEPTANCE_RETURNED, Status.NOT_ACCEPTED)
GRANTED_SUPPORT = (SupportStatus.GRANTED, SupportStatus.REPORTED)
COUNTS = ("results_recognised", "results_with_address", "results_transferred", "results_supported",
          "transfers_count", "transfers_value", "ip_titles_granted", "intermediaries")


def _agency_filter(agency, prefix=""):
    if agency is None:
        return Q()
    return Q(**{f"{prefix}task__host": agency}) | Q(**{f"{prefix}task__managing_agency": agency})


def percent(part, whole):
    if not whole:
        return None
    return round(100 * part / whole, 1)


def with_shares(figures):
    """Add the two shares of the Đồng Tháp targets to a dict of counts."""
    figures = dict(figures)
    base = figures.get("results_with_address") or 0
    figures["share_transferred"] = percent(figures.get("results_transferred") or 0, base)
    figures["share_supported"] = percent(figures.get("results_supported") or 0, base)
    return figures


def registry_figures(agency, year, *, intermediaries=False, results=None, agencies=None):
    """Figures of `agency` (None: every result of `results`) for `year`; four queries whatever the data.

    `results` and `agencies` are the province's own (tasks_registry.scoping.province_results / province_agency_ids):
    a province's figures never count another province's results or intermediaries.
    """
    scope = Q() if results is None else Q(pk__in=results.values("pk"))
    result_scope = Q() if results is None else Q(result__in=results.values("pk"))
    agency_scope = Q() if agencies is None else Q(pk__in=agencies)
    transferred = Transfer.objects.filter(
        result=OuterRef("pk"), status=TransferStatus.CONFIRMED, answered_on__year=year
    )
    supported = CommercialisationSupport.objects.filter(
        result=OuterRef("pk"), status__in=GRANTED_SUPPORT, decided_on__year=year
    )
    has_address = ApplicationAddress.objects.filter(task=OuterRef("task"))
    recognised = Q(acceptance_date__year=year) & ~Q(status__in=NOT_RECOGNISED)
    results = (
        Result.objects.filter(_agency_filter(agency), scope)
        .annotate(_transferred=Exists(transferred), _supported=Exists(supported), _address=Exists(has_address))
        .aggregate(
            results_recognised=Count("pk", filter=recognised),
            results_with_address=Count("pk", filter=recognised & Q(_address=True)),
            results_transferred=Count("pk", filter=Q(_transferred=True)),
            results_supported=Count("pk", filter=Q(_supported=True)),
        )
    )
    transfers = Transfer.objects.filter(
        _agency_filter(agency, "result__"), result_scope, status=TransferStatus.CONFIRMED, answered_on__year=year
    ).aggregate(transfers_count=Count("pk"), transfers_value=Sum("contract_value"))
    ip_titles = IPTitle.objects.filter(_agency_filter(agency, "result__"), result_scope, granted_on__year=year).count()
    figures = {
        **results,
        "transfers_count": transfers["transfers_count"],
        "transfers_value": int(transfers["transfers_value"] or 0),
        "ip_titles_granted": ip_titles,
    }
    if intermediaries:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        figures["intermediaries"] = Agency.objects.filter(
            agency_scope, Q(active_to__isnull=True) | Q(active_to__gte=first), kind=AgencyKind.INTERMEDIARY, active_from__lte=last,
        ).count()
    return with_shares(figures)
