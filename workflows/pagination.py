"""Pages of a work list that cost the same however long the list is.

Django's paginator counts the whole list for every page (`SELECT COUNT(*)` over every queued task: at national scale
an agency's queue holds tens of thousands), and a page number past the count is refused. Here the count stops at
`CAP`: a longer list says "more than 1.000", its pages go on for as long as rows come back, and a page knows it has
a next one by reading one row more than it shows.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from tasks_registry.pagination import CountedPaginator

CAP = 1000


class CappedPaginator(CountedPaginator):
    """`counted`: the queue's work items, read from their index without the tasks, counted instead of the list."""

    cap = CAP

    @cached_property
    def count(self):
        """The number of rows, exact up to `cap`; `cap + 1` for a longer list (`capped`)."""
        rows = self.counted if self.counted is not None else self.object_list
        return rows.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self):
        return self.count > self.cap

    @property
    def cap_text(self):
        return number_format(self.cap, force_grouping=True)

    def validate_number(self, number):
        if not self.capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(_("Số trang không hợp lệ.")) from error
        if number < 1:
            raise EmptyPage(_("Số trang không hợp lệ."))
        return number

    def page(self, number):
        if not self.capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows:
            raise EmptyPage(_("Trang này không có dòng nào."))
        return CappedPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)


class CappedPage(Page):
    def __init__(self, object_list, number, paginator, *, has_more):
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self):
        return self.has_more

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1
