"""The auditor's one search box: cases by registration number, task code or words of the title, and events by a
person's full name, an agency's name or the Vietnamese label of the action.

Accent-insensitive for Vietnamese ("tran minh khoa" finds "Trần Minh Khoa"): the query is folded in Python (lower
case, marks removed, đ → d) and compared with the same folding of the columns. On PostgreSQL the column side is
`f_unaccent(lower(col))` (an immutable wrapper of the `unaccent` extension, created by migration
audit/0006_search_indexes with trigram GIN indexes on exactly those expressions, so `LIKE '%…%'` uses them).
The embedded SQLite demo has neither extension: each SQLite connection gets `f_unaccent` as a Python function
(`folding.fold`, registered by `folding.register_sqlite_unaccent` on connection_created), so the same query works there, unindexed.
Scoping is not decided here: callers pass the events the person may read (`audit.workspace.access.visible_events`).
"""

from django.db.models import Q
from django.db.models.functions import Lower

from tasks_registry.lifecycle import STEPS
from tasks_registry.models import Result
from tasks_registry.templatetags.registry_tags import ACTION_LABELS

from ..folding import Unaccent, fold
from .access import RESULT_CASE_PREFIX


def _folded_contains(field: str, query: str) -> Q:
    """`field` contains `query`, accents and case aside, as a filter on an annotation named after the field."""
    return Q(**{f"_folded_{field.replace('__', '_')}__contains": fold(query)})


def _folded(queryset, *fields):
    return queryset.annotate(**{f"_folded_{f.replace('__', '_')}": Unaccent(Lower(f)) for f in fields})


def _text_match(queryset, fields, query):
    """Rows of `queryset` where any of `fields` contains `query`, accents and case aside."""
    condition = Q()
    for field in fields:
        condition |= _folded_contains(field, query)
    return _folded(queryset, *fields).filter(condition)


def action_codes_matching(query: str) -> set:
    """Recorded action codes whose Vietnamese label contains the query (folded), e.g. "giao quyền"."""
    wanted = fold(query)
    labels = {f"result.{name}": step.label for name, step in STEPS.items()}
    labels.update(ACTION_LABELS)
    return {code for code, label in labels.items() if wanted and wanted in fold(str(label))}


def matching_results(query: str):
    """Results whose registration number, task code or title holds the query (the cases the box names)."""
    results = Result.objects.all()
    exact = results.filter(Q(registration_no__iexact=query) | Q(task__code__iexact=query))
    words = _text_match(results, ("title", "task__title", "registration_no", "task__code"), query)
    return Result.objects.filter(Q(pk__in=exact.values("pk")) | Q(pk__in=words.values("pk")))


def search_events(events, query: str):
    """The events of `events` (already scoped) that the box's query names: a case, a person, an agency, an action."""
    query = " ".join((query or "").split())
    if not query:
        return events
    case_keys = [f"{RESULT_CASE_PREFIX}{pk}" for pk in matching_results(query).values_list("pk", flat=True)[:500]]
    named = _text_match(events, ("actor_name", "agency_name"), query).values("pk")
    condition = Q(case_key__in=case_keys) | Q(pk__in=named)
    codes = action_codes_matching(query)
    if codes:
        condition |= Q(action__in=codes)
    return events.filter(condition)
