"""The cells of the workflow's task lists: each carries its column's heading (the cards of a narrow screen show it)
and its full text as a hover title, without the markup of links and marks."""

import html
import re

import pytest

from tasks_registry.models import Result
from tests.factories import Province

from .test_performance import _more_results

pytestmark = pytest.mark.django_db

CELL = re.compile(r'<td class="vf-list__table-cell-(\w+)" data-label="([^"]*)" title="([^"]*)">(.*?)</td>', re.S)


def test_each_cell_of_the_queue_names_its_column_and_holds_its_text_as_title(client):
    province = Province()
    _more_results(province, 2)
    Result.objects.update(title='Giống lúa "OM" <mới> & bền')
    client.force_login(province.dept_head)
    page = client.get("/workflow/result/queue/").content.decode()
    cells = CELL.findall(page)
    assert len(cells) == 2 * 7, page  # two tasks, seven columns
    by_heading = {}
    for _kind, heading, title, shown in cells:
        by_heading.setdefault(heading, []).append((html.unescape(title), shown))
    assert {"#", "Công việc", "Kết quả", "Cơ quan xử lý", "Hạn xử lý", "Ưu tiên", "Đến lúc"} == set(by_heading)
    for title, shown in by_heading["Kết quả"]:
        assert title.endswith('Giống lúa "OM" <mới> & bền'), title  # the text, unescaped once by the browser
        assert "<a " in shown and "&lt;mới&gt;" in shown  # the cell itself still links, the title escaped
    for title, shown in by_heading["#"]:
        assert re.fullmatch(r"#\d+", title) and shown.startswith("<a href=")
