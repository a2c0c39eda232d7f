"""A paginator that counts a list on another queryset holding the same rows, one the database counts faster.

The work queues count their work items from an index instead of the tasks (workflows.pagination, which also caps the
count); `/results/` counts what a person may open on the union of index lookups instead of the ordered form its page
is read with (tasks_registry.selectors).
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """`counted`: a cheaper queryset with as many rows as the list, counted instead of it (the list when None)."""

    def __init__(self, object_list, per_page, *args, counted=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.counted = counted

    @cached_property
    def count(self):
        return super().count if self.counted is None else self.counted.count()
