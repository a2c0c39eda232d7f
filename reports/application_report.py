"""The yearly report on the application of the results of S&T tasks, from the provincial People's Committee to the
ministry (Luật KH&CN 2013 Art. 40; TT 14/2014/TT-BKHCN Mẫu 12), as an Excel workbook and a Word administrative
document (Decree 30/2020/NĐ-CP) written by the office layer.

We have not found the form's own columns: the rows and columns here are our reading (docs/legal-sources.md, R68).
Every figure comes from `reports.figures` (`applied_in_year`, `payout_below_minimum_in_year`, `revenues_in_year`,
`application_rows`, `application_totals`): the rows and the totals are read from the same groups, never added up
here.
"""

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from office import excel, word
from office.excel import Column
from tasks_registry.models import Agency, AgencyKind, RevenueBasis
from tasks_registry.numbers import format_number

from .figures import MEASURES, ApplicationTotals, application_rows, application_totals

FORM = "Mẫu 12"
SOURCE = "Thông tư 14/2014/TT-BKHCN"


@dataclass
class ApplicationReport:
    province: str
    year: int
    rows: list
    totals: ApplicationTotals

    @classmethod
    def of(cls, scope, province_name):
        return cls(province_name, scope.year, application_rows(scope), application_totals(scope))

    def summary(self):
        """[(label, value, definition)] of the report's figures, in the order the documents print them."""
        t = self.totals
        applied = MEASURES["applied_in_year"]
        short = MEASURES["payout_below_minimum_in_year"]
        return [
            (applied.label, t.results, applied.definition),
            (
                _("Trong đó: đơn vị tiếp nhận báo cáo ứng dụng, nhân rộng trong năm"),
                t.applied_by_receivers,
                _("Kết quả có ít nhất một chuyển giao mà đơn vị tiếp nhận báo cáo ứng dụng trong năm."),
            ),
            (
                _("Trong đó: chủ sở hữu báo cáo doanh thu trong năm"),
                t.with_revenue,
                _("Kết quả có báo cáo doanh thu (hoặc góp vốn bằng kết quả) của chủ sở hữu cho năm."),
            ),
            (short.label, t.below_minimum, short.definition),
            (_("Tổng doanh thu (đồng)"), t.revenue, _("Tổng doanh thu trong các báo cáo doanh thu của năm.")),
            (
                _("Tổng chi trả cho tác giả (đồng)"),
                t.author_payout,
                _("Tổng khoản chi cho tác giả trong các báo cáo doanh thu của năm."),
            ),
            (
                _("Tổng mức chi tối thiểu cho tác giả (đồng)"),
                t.author_minimum,
                _("Tổng mức tối thiểu ghi trên các báo cáo doanh thu của năm, theo tỷ lệ của chế độ pháp lý."),
            ),
        ]


def title_of(year):
    return _("Tình hình ứng dụng kết quả thực hiện nhiệm vụ khoa học và công nghệ năm %(year)s") % {"year": year}


def _result_text(result):
    number = _(" (số đăng ký %(number)s)") % {"number": result.registration_no} if result.registration_no else ""
    return f"{result.title}{number}"


def _task_text(task):
    return f"{task.code} – {task.title}"


def _applications(row):
    """ "Hợp tác xã Tân Hòa (Chuyển giao độc lập, 12/05/2026): Ứng dụng trên 20 ha" for each transfer applied."""
    return "\n".join(
        f"{transfer.receiving_unit.name} ({transfer.get_form_display()}, "
        f"{formats.date_format(transfer.applied_on, 'd/m/Y')}): {transfer.application_report}"
        for transfer in row.transfers
    )


def _base_text(record):
    if record is None:
        return ""
    return str(record.get_basis_display())


def _flag(record):
    if record is None or record.author_minimum is None:
        return ""
    return _("Có") if record.below_minimum else _("Không")


# --- Excel ----------------------------------------------------------------------------------------------------------


def _money(value):
    return None if value is None else int(value)


def xlsx(report):
    book = excel.WorkbookWriter()
    heading = [
        _("BÁO CÁO %(title)s") % {"title": title_of(report.year).upper()},
        _("Tỉnh: %(province)s") % {"province": report.province},
        _("%(form)s, %(source)s; các cột theo cách hiểu của hệ thống (chưa đối chiếu biểu mẫu gốc).")
        % {"form": FORM, "source": SOURCE},
    ]
    columns = [
        Column(_("STT"), excel.INTEGER),
        Column(_("Mã nhiệm vụ")),
        Column(_("Tên nhiệm vụ"), wrap=True, width=40),
        Column(_("Kết quả"), wrap=True, width=40),
        Column(_("Tổ chức chủ trì"), wrap=True, width=25),
        Column(_("Chủ sở hữu, sử dụng"), wrap=True, width=25),
        Column(_("Đơn vị tiếp nhận và kết quả ứng dụng, nhân rộng trong năm"), wrap=True, width=50),
        Column(_("Phần chia cho tác giả tính trên"), wrap=True, width=20),
        Column(_("Doanh thu (đồng)"), excel.MONEY),
        Column(_("Lợi nhuận sau thuế (đồng)"), excel.MONEY),
        Column(_("Giá trị kết quả góp vốn (đồng)"), excel.MONEY),
        Column(_("Chi trả cho tác giả (đồng)"), excel.MONEY),
        Column(_("Tỷ lệ tối thiểu (%)"), excel.DECIMAL),
        Column(_("Mức chi tối thiểu (đồng)"), excel.MONEY),
        Column(_("Thấp hơn mức tối thiểu")),
        Column(_("Số tiền còn thiếu (đồng)"), excel.MONEY),
        Column(_("Ghi chú"), wrap=True, width=30),
    ]
    rows = []
    for number, row in enumerate(report.rows, start=1):
        record, result = row.revenue, row.result
        rows.append(
            [
                number,
                result.task.code,
                result.task.title,
                _result_text(result),
                result.task.host.name,
                result.ownership_holder.name if result.ownership_holder_id else "—",
                _applications(row),
                _base_text(record),
                _money(record.revenue) if record else None,
                _money(record.after_tax_profit) if record and record.basis == RevenueBasis.PROFIT else None,
                _money(record.capital_value) if record else None,
                _money(record.author_payout) if record else None,
                record.share_min_percent if record else None,
                _money(record.author_minimum) if record else None,
                _flag(record),
                _money(record.shortfall) if record and record.below_minimum else None,
                record.note if record else "",
            ]
        )
    t = report.totals
    rows.append(
        [
            None,
            "",
            _("Tổng cộng"),
            _("%(count)s kết quả") % {"count": t.results},
            "",
            "",
            "",
            "",
            t.revenue,
            None,
            None,
            t.author_payout,
            None,
            t.author_minimum,
            _("%(count)s kết quả") % {"count": t.below_minimum},
            None,
            "",
        ]
    )
    book.sheet(FORM + " " + str(report.year), columns, rows, heading=heading)
    book.sheet(
        _("Tổng hợp"),
        [
            Column(_("Chỉ tiêu"), wrap=True, width=50),
            Column(_("Số liệu"), excel.MONEY),
            Column(_("Định nghĩa"), wrap=True, width=60),
        ],
        [[str(label), value, str(definition)] for label, value, definition in report.summary()],
        heading=[title_of(report.year), _("Tỉnh: %(province)s") % {"province": report.province}],
    )
    return book.save()


# --- Word -----------------------------------------------------------------------------------------------------------


def issuer_of(settings, province):
    """The provincial People's Committee that issues the report (the consolidating Sở's superior), or None."""
    consolidator = settings.consolidator if settings is not None else None
    if consolidator is not None and consolidator.parent_id and consolidator.parent.kind == AgencyKind.PEOPLES_COMMITTEE:
        return consolidator.parent
    if province is None:
        return None
    return (
        Agency.objects.filter(province=province, kind=AgencyKind.PEOPLES_COMMITTEE, parent__isnull=True)
        .order_by("pk")
        .first()
    )


def _body(document, report, issuer_name):
    t = report.totals
    document.paragraph(
        _(
            "Thực hiện Luật Khoa học và Công nghệ và Thông tư số 14/2014/TT-BKHCN của Bộ trưởng Bộ Khoa học và Công "
            "nghệ, %(issuer)s báo cáo tình hình ứng dụng kết quả thực hiện nhiệm vụ khoa học và công nghệ sử dụng "
            "ngân sách nhà nước năm %(year)s như sau:"
        )
        % {"issuer": issuer_name, "year": report.year}
    )
    document.section_heading(_("I. TỔNG HỢP"))
    for label, value, _definition in report.summary():
        document.paragraph(f"- {label}: {format_number(value)}.")
    document.section_heading(_("II. DANH MỤC KẾT QUẢ ĐƯỢC ỨNG DỤNG TRONG NĂM"))
    if report.rows:
        document.table(
            [
                _("STT"),
                _("Nhiệm vụ, kết quả"),
                _("Chủ sở hữu, sử dụng"),
                _("Ứng dụng, nhân rộng trong năm"),
                _("Doanh thu (đồng)"),
                _("Chi trả cho tác giả (đồng)"),
            ],
            [
                [
                    str(number),
                    f"{_task_text(row.result.task)}\n{_result_text(row.result)}",
                    row.result.ownership_holder.name if row.result.ownership_holder_id else "—",
                    _applications(row) or "—",
                    format_number(row.revenue.revenue) if row.revenue else "—",
                    format_number(row.revenue.author_payout) if row.revenue else "—",
                ]
                for number, row in enumerate(report.rows, start=1)
            ]
            + [["", _("Tổng cộng"), "", "", format_number(t.revenue), format_number(t.author_payout)]],
            widths_mm=(10, 52, 28, 35, 20, 20),
            align=[word.CENTER, word.LEFT, word.LEFT, word.LEFT, word.RIGHT, word.RIGHT],
            no_wrap=(4, 5),
        )
    else:
        document.paragraph(_("Không có kết quả nào được ứng dụng trong năm %(year)s.") % {"year": report.year})
    document.section_heading(_("III. CHI TRẢ CHO TÁC GIẢ THẤP HƠN MỨC TỐI THIỂU"))
    short = [row for row in report.rows if row.revenue is not None and row.revenue.below_minimum]
    for row in short:
        record = row.revenue
        document.paragraph(
            _(
                "- %(result)s (%(owner)s): chi trả cho tác giả %(payout)s đồng, thấp hơn mức tối thiểu %(minimum)s đồng "
                "(%(percent)s%% của %(basis)s %(base)s đồng), còn thiếu %(shortfall)s đồng;"
            )
            % {
                "result": row.result.title,
                "owner": row.result.ownership_holder.name if row.result.ownership_holder_id else "—",
                "payout": format_number(record.author_payout),
                "minimum": format_number(record.author_minimum),
                "percent": format_number(record.share_min_percent),
                "basis": str(record.get_basis_display()).lower(),
                "base": format_number(record.base),
                "shortfall": format_number(record.shortfall),
            }
        )
    if not short:
        document.paragraph(_("Không có trường hợp chi trả cho tác giả thấp hơn mức tối thiểu."))
    document.paragraph(
        _(
            "Trên đây là báo cáo tình hình ứng dụng kết quả thực hiện nhiệm vụ khoa học và công nghệ năm %(year)s của %(issuer)s./."
        )
        % {"year": report.year, "issuer": issuer_name},
        keep_with_next=True,
    )  # never a signature alone on a page


def docx(report, *, issuer=None, signer=None, consolidator=None, today=None):
    """`issuer`: the provincial People's Committee (None: named from the province); `signer`: office.word.Signer of
    its head (tasks_registry/signers.py), else the block a People's Committee signs with, without a name."""
    today = today or timezone.localdate()
    issuer_name = (
        issuer.name if issuer is not None else _("Ủy ban nhân dân tỉnh %(province)s") % {"province": report.province}
    )
    heading = word.Heading(
        issuer=issuer_name,
        number_symbol="Số: …/BC-UBND",
        place=report.province,
        day=today,
        doc_type=_("Báo cáo"),
        subject=title_of(report.year).replace(f" {report.year}", f"\u00a0{report.year}"),
        recipients=[
            _("Bộ Khoa học và Công nghệ"),
            *([consolidator.name] if consolidator is not None else []),
            _("Lưu: VT"),
        ],
    )
    document = word.AdministrativeDocument(heading, author=signer.name if signer and signer.name else issuer_name)
    _body(document, report, issuer_name)
    # A People's Committee's report is signed on behalf of the committee (Decree 30/2020 Appendix I: "TM.").
    document.signature(
        signer or word.Signer(name="", title=_("Chủ tịch"), authority="TM.", signs_for=_("Ủy ban nhân dân"))
    )
    return document.save()
