"""The registry's figures: each measure is one group of rows (results, transfers, IP titles, intermediaries), written
once here and in docs/reports.md, and read over the set of results the caller puts in scope (a province's, one
agency's). The same queryset gives the number and the drill-down list behind it, so a reviewer can check any figure.

Why the shares are taken over one group (Đồng Tháp plan II.2: "chuyển giao 100% sản phẩm khoa học đã được công
nhận kết quả thực hiện nhiệm vụ KHCN sử dụng ngân sách (có địa chỉ ứng dụng) … trong đó có ít nhất 10% … được hỗ
trợ thương mại hoá"): the target is about the stock of recognised, state-funded results with an application address
since the plan began, so the numerator is a subset of the denominator and the share never exceeds 100 %.
"""

import datetime
from dataclasses import dataclass, replace

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from tasks_registry.lifecycle import Status
from tasks_registry.models import (
    Agency,
    AgencyKind,
    IPTitle,
    Result,
    RevenueRecord,
    SupportStatus,
    Transfer,
    TransferStatus,
)

from .models import Indicator, IndicatorKind

NOT_RECOGNISED = (Status.ACCEPTANCE_SUBMITTED, Status.ACCEPTANCE_RETURNED, Status.NOT_ACCEPTED)
GRANTED_SUPPORT = (SupportStatus.GRANTED, SupportStatus.REPORTED)
# A transfer the receiving unit confirmed, whether or not it has reported applying the result since.
CONFIRMED_TRANSFER = (TransferStatus.CONFIRMED, TransferStatus.APPLIED)

RESULTS, TRANSFERS, IP_TITLES, AGENCIES = "results", "transfers", "ip_titles", "agencies"


@dataclass(frozen=True)
class Scope:
    """What a figure is counted over: the results in scope (already narrowed by the caller, e.g. to a province),
    the agencies in scope (for the intermediaries), the year, and the first year of the plan's period."""

    results: object
    year: int
    start_year: int | None = None
    agencies: object = None
    # The same results as a condition on a result, when the caller can say it (a province's): transfers and IP
    # titles are then joined to their result, task and agency instead of asked for `result IN (the results)`, which
    # PostgreSQL answered by merging them with every result of the country (245 ms a figure at 204.000 results).
    results_q: Q | None = None

    def for_agency(self, agency):
        """The results an agency answers for: it hosts the task or manages it."""
        answers_for = Q(task__host=agency) | Q(task__managing_agency=agency)
        return Scope(
            self.results.filter(answers_for),
            self.year,
            self.start_year,
            self.agencies,
            None if self.results_q is None else self.results_q & answers_for,
        )

    @property
    def first_day(self):
        return datetime.date(self.year, 1, 1)

    @property
    def last_day(self):
        return datetime.date(self.year, 12, 31)


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    rows: str  # RESULTS, TRANSFERS, IP_TITLES or AGENCIES
    definition: str


def _prefixed(q, prefix):
    """`q` (a condition on a result) as a condition on a record that points to its result through `prefix`."""
    children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1]) for child in q.children
    ]
    return Q(*children, _connector=q.connector, _negated=q.negated)


def _of_results_in_scope(scope, state_funded_only):
    """A transfer or an IP title whose result is in scope."""
    if scope.results_q is None:
        return Q(result__in=_base(scope, state_funded_only))
    condition = _prefixed(scope.results_q, "result__")
    return condition & Q(result__task__state_budget__gt=0) if state_funded_only else condition


def _recognised(results):
    return results.exclude(status__in=NOT_RECOGNISED).filter(acceptance_date__isnull=False)


def _base(scope, state_funded_only):
    results = scope.results
    if state_funded_only:
        results = results.filter(task__state_budget__gt=0)
    return results


# The measures over recognised results: each is a condition on the dates below, so one pass over the results in
# scope counts them for any number of years (the KPI page's five), and the drill-down lists the same rows.
RECOGNISED_MEASURES = (
    "recognised_in_year",
    "recognised_with_address_to_date",
    "transferred_of_recognised",
    "supported_of_recognised",
)


def _recognised_rows(scope, state_funded_only):
    """The recognised results in scope, each with whether its task has an application address, the first day a
    receiving unit confirmed a transfer of it and the first day commercialisation support was granted to it.

    Grouped over joins rather than annotated with subqueries: PostgreSQL would copy a subquery into every year's
    condition of the one-pass count (a cost estimate high enough to switch on JIT compilation, ~50 ms)."""
    return _recognised(_base(scope, state_funded_only)).annotate(
        an_address=Max("task__application_addresses__pk"),
        first_confirmed_on=Min("transfers__answered_on", filter=Q(transfers__status__in=CONFIRMED_TRANSFER)),
        first_granted_on=Min("supports__decided_on", filter=Q(supports__status__in=GRANTED_SUPPORT)),
    )


def _recognised_condition(code, scope):
    """Which of `_recognised_rows` measure `code` counts in `scope`'s year."""
    if code == "recognised_in_year":
        return Q(acceptance_date__year=scope.year)
    to_date = Q(an_address__isnull=False, acceptance_date__lte=scope.last_day)
    if scope.start_year:
        to_date &= Q(acceptance_date__gte=datetime.date(scope.start_year, 1, 1))
    if code == "recognised_with_address_to_date":
        return to_date
    if code == "transferred_of_recognised":  # a transfer confirmed by the end of the year
        return to_date & Q(first_confirmed_on__lte=scope.last_day)
    if code == "supported_of_recognised":  # support granted by the end of the year
        return to_date & Q(first_granted_on__lte=scope.last_day)
    raise KeyError(code)


def _applied_in_year(scope, state_funded_only):
    """Results a receiving unit reported applying in Y, or whose owner recorded revenue (or a capital contribution)
    for Y: what the yearly report on the application of results lists (TT 14/2014 Mẫu 12)."""
    applied = Transfer.objects.filter(result=OuterRef("pk"), applied_on__year=scope.year)
    earned = RevenueRecord.objects.filter(result=OuterRef("pk"), year=scope.year)
    return _base(scope, state_funded_only).filter(Exists(applied) | Exists(earned))


def _rows(code, scope, state_funded_only):
    """The rows behind measure `code` in `scope`."""
    if code in RECOGNISED_MEASURES:
        return _recognised_rows(scope, state_funded_only).filter(_recognised_condition(code, scope))
    if code == "transfers_in_year":
        return Transfer.objects.filter(
            _of_results_in_scope(scope, state_funded_only),
            status__in=CONFIRMED_TRANSFER,
            answered_on__year=scope.year,
        )
    if code == "ip_titles_in_year":
        return IPTitle.objects.filter(_of_results_in_scope(scope, state_funded_only), granted_on__year=scope.year)
    if code == "applied_in_year":
        return _applied_in_year(scope, state_funded_only)
    if code == "payout_below_minimum_in_year":
        short = RevenueRecord.objects.filter(result=OuterRef("pk"), year=scope.year, below_minimum=True)
        return _applied_in_year(scope, state_funded_only).filter(Exists(short))
    if code == "intermediaries_active":
        agencies = scope.agencies if scope.agencies is not None else Agency.objects.all()
        return agencies.filter(
            Q(active_to__isnull=True) | Q(active_to__gte=scope.first_day),
            kind=AgencyKind.INTERMEDIARY,
            active_from__lte=scope.last_day,
        )
    raise KeyError(code)


MEASURES = {
    m.code: m
    for m in (
        Measure(
            "recognised_in_year",
            _("Kết quả được công nhận trong năm"),
            RESULTS,
            _("Kết quả có ngày nghiệm thu trong năm và không ở trạng thái chờ nghiệm thu hoặc không đạt."),
        ),
        Measure(
            "recognised_with_address_to_date",
            _("Kết quả được công nhận từ đầu kế hoạch đến hết năm, có địa chỉ ứng dụng"),
            RESULTS,
            _(
                "Kết quả được công nhận (nghiệm thu đạt) từ ngày 01/01 của năm đầu kế hoạch đến 31/12 của năm "
                "báo cáo, mà nhiệm vụ có ít nhất một địa chỉ ứng dụng."
            ),
        ),
        Measure(
            "transferred_of_recognised",
            _("Trong đó: đã chuyển giao đến hết năm"),
            RESULTS,
            _(
                "Trong nhóm trên, kết quả có ít nhất một chuyển giao được đơn vị tiếp nhận xác nhận đến 31/12 của năm "
                "báo cáo."
            ),
        ),
        Measure(
            "supported_of_recognised",
            _("Trong đó: được hỗ trợ thương mại hoá đến hết năm"),
            RESULTS,
            _("Trong nhóm trên, kết quả có quyết định hỗ trợ thương mại hoá (được hỗ trợ) đến 31/12 của năm báo cáo."),
        ),
        Measure(
            "transfers_in_year",
            _("Hợp đồng chuyển giao được xác nhận trong năm"),
            TRANSFERS,
            _("Mỗi chuyển giao được đơn vị tiếp nhận xác nhận trong năm là một hợp đồng; giá trị là giá trị hợp đồng."),
        ),
        Measure(
            "ip_titles_in_year",
            _("Văn bằng sở hữu trí tuệ được cấp trong năm"),
            IP_TITLES,
            _("Văn bằng có ngày cấp trong năm, của kết quả trong phạm vi."),
        ),
        Measure(
            "applied_in_year",
            _("Kết quả được ứng dụng trong năm"),
            RESULTS,
            _(
                "Kết quả có báo cáo ứng dụng, nhân rộng của đơn vị tiếp nhận trong năm, hoặc có doanh thu (hoặc góp "
                "vốn bằng kết quả) của chủ sở hữu được báo cáo cho năm đó."
            ),
        ),
        Measure(
            "payout_below_minimum_in_year",
            _("Trong đó: chi trả cho tác giả thấp hơn mức tối thiểu"),
            RESULTS,
            _(
                "Trong nhóm trên, kết quả mà khoản chi cho tác giả của năm thấp hơn tỷ lệ tối thiểu của chế độ pháp "
                "lý, tính trên lợi nhuận sau thuế hoặc trên giá trị kết quả góp vốn."
            ),
        ),
        Measure(
            "intermediaries_active",
            _("Tổ chức trung gian hoạt động trong năm"),
            AGENCIES,
            _("Cơ quan loại «tổ chức trung gian» hoạt động ít nhất một ngày trong năm."),
        ),
    )
}


def measure_choices():
    return [(m.code, m.label) for m in MEASURES.values()]


def rows_of(indicator, scope):
    """The rows behind a count or money indicator (the drill-down list)."""
    return _rows(indicator.measure, scope, indicator.state_funded_only)


def value_of(indicator, scope):
    rows = rows_of(indicator, scope)
    if indicator.kind == IndicatorKind.MONEY:
        return int(rows.aggregate(total=Sum("contract_value"))["total"] or 0)
    return rows.count()


def percent(part, whole):
    if not whole:
        return None
    return round(100 * part / whole, 1)


def registry_indicators(plan=None):
    indicators = Indicator.objects.exclude(
        kind__in=(IndicatorKind.MANUAL_NUMBER, IndicatorKind.MANUAL_PERCENT, IndicatorKind.MANUAL_FLAG)
    )
    if plan is not None:
        indicators = indicators.filter(Q(plan__isnull=True) | Q(plan=plan))
    return list(indicators.select_related("numerator", "denominator"))


def _counted_in_one_pass(indicator):
    return indicator.kind == IndicatorKind.COUNT and indicator.measure in RECOGNISED_MEASURES


def _recognised_counts(scope, years, indicators):
    """{(indicator pk, year): count} of the recognised results' measures: one query per kind of funding, for every
    year at once, each count the number of rows its drill-down lists (`_rows`)."""
    counts = {}
    for state_funded_only in {i.state_funded_only for i in indicators}:
        chosen = [i for i in indicators if i.state_funded_only == state_funded_only]
        aggregates = {
            f"m{i.pk}_{year}": Count("pk", filter=_recognised_condition(i.measure, replace(scope, year=year)))
            for i in chosen
            for year in years
        }
        for name, value in _recognised_rows(scope, state_funded_only).aggregate(**aggregates).items():
            pk, year = name[1:].split("_")
            counts[int(pk), int(year)] = value
    return counts


def registry_figures(scope, *, indicators=None, intermediaries=True):
    """{indicator code: value} of every registry indicator over `scope`. Ratios divide two counts of the same group."""
    return registry_figures_by_year(scope, [scope.year], indicators=indicators, intermediaries=intermediaries)[
        scope.year
    ]


def registry_figures_by_year(scope, years, *, indicators=None, intermediaries=True):
    """{year: registry_figures of that year} over the results in `scope` (whose own year is not used)."""
    indicators = registry_indicators() if indicators is None else indicators
    wanted = [
        indicator
        for indicator in indicators
        if indicator.kind != IndicatorKind.RATIO
        and (intermediaries or getattr(MEASURES.get(indicator.measure), "rows", None) != AGENCIES)
    ]
    # Two shares over the same group (transferred, supported) count the group once.
    parts = {
        part.pk: part for i in indicators if i.kind == IndicatorKind.RATIO for part in (i.numerator, i.denominator)
    }
    parts.update({indicator.pk: indicator for indicator in wanted})
    counted = _recognised_counts(scope, years, [i for i in parts.values() if _counted_in_one_pass(i)])
    by_year = {}
    for year in years:
        in_year = replace(scope, year=year)
        for indicator in parts.values():
            if (indicator.pk, year) not in counted:
                counted[indicator.pk, year] = value_of(indicator, in_year)
        figures = by_year[year] = {indicator.code: counted[indicator.pk, year] for indicator in wanted}
        for indicator in indicators:
            if indicator.kind == IndicatorKind.RATIO:
                figures[indicator.code] = percent(
                    counted[indicator.numerator_id, year], counted[indicator.denominator_id, year]
                )
    return by_year


# --- Breakdowns the national statistics ask for (TT 15/2018: 06/KHCN-CG transfers, 08/KHCN-SHTT IP) -----------


def transfers_by_form(scope):
    from tasks_registry.models import TransferForm

    rows = (
        _rows("transfers_in_year", scope, False)
        .values("form")
        .annotate(count=Count("pk"), value=Sum("contract_value"))
        .order_by("form")
    )
    labels = dict(TransferForm.choices)
    return [
        {
            "key": row["form"],
            "label": str(labels.get(row["form"], row["form"])),
            "count": row["count"],
            "value": int(row["value"] or 0),
        }
        for row in rows
    ]


def transfers_by_receiver_kind(scope):
    rows = (
        _rows("transfers_in_year", scope, False)
        .values("receiving_unit__kind")
        .annotate(count=Count("pk"), value=Sum("contract_value"))
        .order_by("receiving_unit__kind")
    )
    labels = dict(AgencyKind.choices)
    return [
        {
            "key": row["receiving_unit__kind"],
            "label": str(labels.get(row["receiving_unit__kind"], "—")),
            "count": row["count"],
            "value": int(row["value"] or 0),
        }
        for row in rows
    ]


def ip_titles_by_kind(scope):
    from tasks_registry.models import IPKind

    rows = _rows("ip_titles_in_year", scope, False).values("kind").annotate(count=Count("pk")).order_by("kind")
    labels = dict(IPKind.choices)
    return [
        {"key": row["kind"], "label": str(labels.get(row["kind"], row["kind"])), "count": row["count"]} for row in rows
    ]


def result_rows(rows, kind):
    """Results behind rows of any kind, for the drill-down page."""
    if kind == RESULTS:
        return rows
    if kind in (TRANSFERS, IP_TITLES):
        return Result.objects.filter(pk__in=rows.values("result"))
    return Result.objects.none()


# --- The yearly report on the application of results (TT 14/2014 Mẫu 12) ---------------------------------------------

# Mẫu 12 is about tasks funded by the state budget (our reading: docs/legal-sources.md).
APPLICATION_STATE_FUNDED_ONLY = True


@dataclass(frozen=True)
class ApplicationRow:
    """One result applied in the year: the transfers whose receiving unit reported applying it in the year, and the
    owner's revenue record for the year (None when the owner reported none)."""

    result: Result
    transfers: tuple
    revenue: RevenueRecord | None


@dataclass(frozen=True)
class ApplicationTotals:
    results: int
    applied_by_receivers: int
    with_revenue: int
    below_minimum: int
    revenue: int
    author_payout: int
    author_minimum: int


def revenues_in_year(scope):
    """The owners' revenue records for Y of the results in scope: every amount of Mẫu 12 is read from these."""
    results = _base(scope, APPLICATION_STATE_FUNDED_ONLY)
    return RevenueRecord.objects.filter(result__in=results.values("pk"), year=scope.year)


def application_rows(scope):
    """The rows of Mẫu 12 for `scope` (a province's results, year Y), ordered by task code and result: the results
    of measure `applied_in_year`, each with what was applied and earned in Y. Three queries whatever their number."""
    results = list(
        _rows("applied_in_year", scope, APPLICATION_STATE_FUNDED_ONLY)
        .select_related("task__host", "task__managing_agency", "ownership_holder")
        .order_by("task__code", "pk")
    )
    ids = [result.pk for result in results]
    transfers = {}
    for transfer in (
        Transfer.objects.filter(result_id__in=ids, applied_on__year=scope.year)
        .select_related("receiving_unit")
        .order_by("applied_on", "pk")
    ):
        transfers.setdefault(transfer.result_id, []).append(transfer)
    revenues = {record.result_id: record for record in revenues_in_year(scope).filter(result_id__in=ids)}
    return [ApplicationRow(result, tuple(transfers.get(result.pk, ())), revenues.get(result.pk)) for result in results]


def application_totals(scope):
    """The figures of Mẫu 12's summary, each counted once from the groups above (never added up from a page)."""
    money = revenues_in_year(scope).aggregate(
        revenue=Sum("revenue"), author_payout=Sum("author_payout"), author_minimum=Sum("author_minimum")
    )
    applied = _rows("applied_in_year", scope, APPLICATION_STATE_FUNDED_ONLY)
    by_receivers = applied.filter(
        Exists(Transfer.objects.filter(result=OuterRef("pk"), applied_on__year=scope.year))
    ).count()
    return ApplicationTotals(
        results=applied.count(),
        applied_by_receivers=by_receivers,
        with_revenue=revenues_in_year(scope).count(),
        below_minimum=_rows("payout_below_minimum_in_year", scope, APPLICATION_STATE_FUNDED_ONLY).count(),
        revenue=int(money["revenue"] or 0),
        author_payout=int(money["author_payout"] or 0),
        author_minimum=int(money["author_minimum"] or 0),
    )
