"""Where a notification leads: the task itself while it is open, otherwise the case's page."""

from django.urls import NoReverseMatch, reverse


def task_link(task):
    try:
        return task.reverse("index")
    except NoReverseMatch:
        return ""


def case_link_for_result(result):
    return reverse("result-detail", args=[result.pk])


def report_link(report):
    return reverse("reports:detail", args=[report.pk])
