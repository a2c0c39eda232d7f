"""Read a plan task's timeline as written in a plan's appendix ("Năm 2023", "2023 - 2025", "Thường xuyên") as years."""

import re

YEAR = re.compile(r"\b(19|20)\d{2}\b")


def timeline_years(text):
    """(first year, last year) named by `text`, or (None, None) when it names none (the task runs every year)."""
    years = [int(match.group(0)) for match in YEAR.finditer(text or "")]
    if not years:
        return None, None
    return min(years), max(years)
