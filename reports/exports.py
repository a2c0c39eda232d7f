"""The consolidated report as an Excel workbook and as a Word administrative document (Decree 30/2020/NĐ-CP), both
written by the office layer (office/excel.py, office/word.py): the province's figures with their targets, the plan
tasks' progress, the agencies that reported and those that have not, their difficulties and proposals."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from office import excel, word
from office.excel import Column, Typed
from tasks_registry.numbers import format_number

from .models import AnnualReport, IndicatorKind, PlanTaskProgress, ReportStatus


def fmt(value, indicator=None):
    """A figure as the pages show it ("1.500.000.000", "12,5", "Có"/"Không", "—")."""
    if value is None:
        return "—"
    if indicator is not None and indicator.is_flag:
        return _("Có") if value else _("Không")
    return format_number(value)


def target_text(line):
    if line.target is None:
        return ""
    return f"{line.target.text()} ({line.target.year})"


def met_text(line):
    return {True: _("Đạt"), False: _("Chưa đạt"), None: ""}[line.met]


def title_of(consolidation):
    return _("Kết quả thực hiện Kế hoạch phát triển thị trường khoa học và công nghệ năm %(year)s") % {
        "year": consolidation.year
    }


# --- what the document adds to the figures --------------------------------------------------------------------------


@dataclass
class TaskProgress:
    number: str
    text: str
    lead: str
    timeline: str
    progress: list = field(default_factory=list)  # ["Agency: what it did", …] from the accepted reports


@dataclass
class Annex:
    """The plan's tasks with their progress and the agencies that owe a report and have not had it accepted."""

    tasks: list = field(default_factory=list)
    pending: list = field(default_factory=list)  # [(agency name, what its report waits for)]

    @classmethod
    def of(cls, consolidation, plan):
        from . import services  # services imports exports' neighbours; imported here to keep the graph flat

        if plan is None:
            return cls()
        reports = {report.pk: report for report in consolidation.reports}
        progress = {}
        for row in (
            PlanTaskProgress.objects.filter(report_id__in=list(reports))
            .exclude(progress="")
            .select_related("report__agency")
            .order_by("report__agency__name")
        ):
            progress.setdefault(row.plan_task_id, []).append(f"{row.report.agency.name}: {row.progress}")
        tasks = [
            TaskProgress(
                f"{task.section}{task.number}" if task.section else str(task.number),
                task.text,
                task.lead_agency.name,
                task.timeline,
                progress.get(task.pk, []),
            )
            for task in sorted(services.plan_tasks_in(plan, consolidation.year), key=lambda t: (t.section, t.number))
        ]
        accepted = {report.agency_id for report in consolidation.reports}
        rounds = {
            report.agency_id: report
            for report in AnnualReport.objects.filter(
                year=consolidation.year, round__ad_hoc=False, reviewer_id=consolidation.consolidator_id
            )
        }
        pending = []
        for agency in services.reporting_agencies(plan, consolidation.year).order_by("name"):
            if agency.pk in accepted:
                continue
            report = rounds.get(agency.pk)
            state = report.get_status_display() if report is not None else _("Chưa có báo cáo")
            if report is not None and report.status == ReportStatus.ACCEPTED:
                continue
            pending.append((agency.name, str(state)))
        return cls(tasks=tasks, pending=pending)


# --- Excel ----------------------------------------------------------------------------------------------------------


def _kind(indicator, value):
    if indicator.is_flag or isinstance(value, str):
        return excel.TEXT
    if indicator.is_percent:
        return excel.PERCENT
    if indicator.kind == IndicatorKind.MONEY:
        return excel.MONEY
    if value is not None and not float(value).is_integer():
        return excel.DECIMAL
    return excel.INTEGER


def _excel_value(value, indicator):
    """Numbers stay numbers in the workbook (a reviewer adds them up); flags read Có/Không; no figure is empty."""
    if value is None:
        return None
    if indicator.is_flag:
        return _("Có") if value else _("Không")
    return Typed(value, _kind(indicator, value))


def xlsx(consolidation, breakdowns=None, annex=None):
    annex = annex or Annex()
    book = excel.WorkbookWriter()
    heading = [
        _("BÁO CÁO TỔNG HỢP: %(title)s") % {"title": title_of(consolidation)},
        _("Tỉnh: %(province)s") % {"province": consolidation.province},
    ]
    agencies = [report.agency.name for report in consolidation.reports]
    columns = [
        Column(_("Chỉ tiêu"), wrap=True, width=45),
        Column(_("Đơn vị tính")),
        Column(_("Số liệu của tỉnh"), excel.DECIMAL),
        Column(_("Mục tiêu")),
        Column(_("Đánh giá")),
        Column(_("Cách tổng hợp"), wrap=True, width=30),
        Column(_("Nguồn mục tiêu"), wrap=True, width=30),
        Column(_("Định nghĩa"), wrap=True, width=50),
        *[Column(name, excel.DECIMAL, wrap=True) for name in agencies],
    ]
    rows = []
    for line in consolidation.lines:
        indicator = line.indicator
        rows.append(
            [
                indicator.name,
                indicator.unit,
                _excel_value(line.value, indicator),
                target_text(line),
                met_text(line),
                str(indicator.get_combine_display()) if indicator.is_manual else _("Đếm một lần trong cơ sở dữ liệu"),
                line.target.source if line.target else "",
                indicator.definition,
                *[_excel_value(value, indicator) for _report, value, _corrected in line.by_agency],
            ]
        )
    book.sheet(_("Tổng hợp %(year)s") % {"year": consolidation.year}, columns, rows, heading=heading)
    if breakdowns:
        for title, label, key, with_value in (
            (_("Chuyển giao theo hình thức"), _("Hình thức chuyển giao (Luật CGCN 2017, Điều 5)"), "by_form", True),
            (_("Chuyển giao theo bên nhận"), _("Loại đơn vị tiếp nhận"), "by_receiver", True),
            (_("Văn bằng SHTT theo loại"), _("Loại văn bằng"), "ip_by_kind", False),
        ):
            columns = [
                Column(label),
                Column(_("Số lượng"), excel.INTEGER),
                *([Column(_("Giá trị (đồng)"), excel.MONEY)] if with_value else []),
            ]
            rows = [
                [str(row["label"]), row["count"], *([row["value"]] if with_value else [])] for row in breakdowns[key]
            ]
            book.sheet(title, columns, rows, heading=[f"{title} — {consolidation.province}, {consolidation.year}"])
    book.sheet(
        _("Báo cáo đã tiếp nhận"),
        [Column(_("Cơ quan, đơn vị")), Column(_("Gửi lúc"), excel.DATETIME), Column(_("Nộp muộn"))],
        [
            [report.agency.name, report.submitted_at, _("Có") if report.late else _("Không")]
            for report in consolidation.reports
        ],
        heading=[_("Báo cáo đã tiếp nhận năm %(year)s") % {"year": consolidation.year}],
    )
    book.sheet(
        _("Chưa báo cáo"),
        [Column(_("Cơ quan, đơn vị")), Column(_("Tình trạng báo cáo"))],
        [list(row) for row in annex.pending],
        heading=[_("Cơ quan, đơn vị chưa có báo cáo được tiếp nhận năm %(year)s") % {"year": consolidation.year}],
    )
    book.sheet(
        _("Nhiệm vụ của kế hoạch"),
        [
            Column(_("STT")),
            Column(_("Nhiệm vụ và giải pháp"), wrap=True, width=50),
            Column(_("Đơn vị chủ trì"), wrap=True, width=28),
            Column(_("Thời gian triển khai"), wrap=True, width=16),
            Column(_("Kết quả thực hiện"), wrap=True, width=50),
        ],
        [[task.number, task.text, task.lead, task.timeline, "\n".join(task.progress)] for task in annex.tasks],
        heading=[_("Tiến độ các nhiệm vụ của kế hoạch năm %(year)s") % {"year": consolidation.year}],
    )
    return book.save()


# --- Word -----------------------------------------------------------------------------------------------------------


def issuer_names(issuer, province):
    """(superior, issuing body) as the heading prints them: "UBND TỈNH ĐỒNG THÁP" over "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    the province said once, on the superior's line (Decree 30/2020 Appendix I: tên cơ quan chủ quản trực tiếp)."""
    if issuer is None:
        return (_("UBND tỉnh %(province)s") % {"province": province} if province else ""), _("Sở Khoa học và Công nghệ")
    # The superior's full name, with the common abbreviation the Decree allows ("Ủy ban nhân dân" → "UBND"); its
    # short name ("UBND tỉnh") would drop the province.
    superior = issuer.parent.name.replace("Ủy ban nhân dân", "UBND") if issuer.parent_id else ""
    name = issuer.name
    for place in (province, getattr(issuer.province, "name", "")):
        for prefix in (" tỉnh ", " thành phố "):
            if place and name.endswith(f"{prefix}{place}"):
                name = name[: -len(f"{prefix}{place}")]
    return superior, name


def symbol_of(name):
    """The abbreviation of the issuing body in the number and symbol ("Sở Khoa học và Công nghệ" → "SKHCN"): the
    first letter of each word but "và"."""
    return "".join(word_[0].upper() for word_ in name.split() if word_.lower() != "và" and word_[0].isalpha())


def _body(document, consolidation, annex, issuer_name):
    late = len(consolidation.late_reports)
    document.paragraph(
        _(
            "Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh %(province)s, trên cơ sở %(count)s báo cáo của các cơ quan, đơn vị "
            "đã được tiếp nhận (%(late)s báo cáo nộp muộn) và số liệu của cơ sở dữ liệu kết quả thực hiện nhiệm vụ khoa "
            "học và công nghệ, %(issuer)s báo cáo kết quả năm %(year)s như sau:"
        )
        % {
            "province": consolidation.province,
            "count": len(consolidation.reports),
            "late": late,
            "issuer": issuer_name,
            "year": consolidation.year,
        }
    )
    document.section_heading(_("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"))
    document.table(
        [_("Chỉ tiêu"), _("Đơn vị tính"), _("Số liệu của tỉnh"), _("Mục tiêu"), _("Đánh giá")],
        [
            [
                line.indicator.name,
                line.indicator.unit,
                fmt(line.value, line.indicator),
                target_text(line),
                met_text(line),
            ]
            for line in consolidation.lines
        ],
        widths_mm=(68, 20, 30, 27, 20),
        align=[word.LEFT, word.CENTER, word.RIGHT, word.CENTER, word.CENTER],
        no_wrap=(2,),
    )
    document.section_heading(_("II. TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ CỦA KẾ HOẠCH"))
    if annex.tasks:
        document.table(
            [_("STT"), _("Nhiệm vụ và giải pháp"), _("Đơn vị chủ trì"), _("Kết quả thực hiện")],
            [
                [task.number, task.text, task.lead, "\n".join(task.progress) or _("Chưa có báo cáo")]
                for task in annex.tasks
            ],
            widths_mm=(12, 63, 35, 55),
            align=[word.CENTER, word.LEFT, word.LEFT, word.LEFT],
        )
    else:
        document.paragraph(
            _("Kế hoạch không có nhiệm vụ triển khai trong năm %(year)s.") % {"year": consolidation.year}
        )
    document.section_heading(_("III. TÌNH HÌNH BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ"))
    if consolidation.reports:
        document.paragraph(_("Đã tiếp nhận %(count)s báo cáo:") % {"count": len(consolidation.reports)})
    else:
        document.paragraph(_("Chưa tiếp nhận báo cáo nào."))
    for report in consolidation.reports:
        document.paragraph(f"- {report.agency.name}" + (_(" (nộp muộn)") if report.late else "") + ";")
    if annex.pending:
        document.paragraph(
            _("Chưa có báo cáo được tiếp nhận (%(count)s cơ quan, đơn vị):") % {"count": len(annex.pending)}
        )
        for name, state in annex.pending:
            document.paragraph(f"- {name} ({state});")
    else:
        document.paragraph(_("Tất cả cơ quan, đơn vị phải báo cáo đều đã có báo cáo được tiếp nhận."))
    document.section_heading(_("IV. KHÓ KHĂN, VƯỚNG MẮC"))
    difficulties = [report for report in consolidation.reports if report.difficulties.strip()]
    for report in difficulties:
        document.labelled(report.agency.name, report.difficulties.strip())
    if not difficulties:
        document.paragraph(_("Các cơ quan, đơn vị không nêu khó khăn, vướng mắc."))
    document.section_heading(_("V. ĐỀ XUẤT, KIẾN NGHỊ"))
    proposals = [report for report in consolidation.reports if report.proposals.strip()]
    for report in proposals:
        document.labelled(report.agency.name, report.proposals.strip())
    if not proposals:
        document.paragraph(_("Các cơ quan, đơn vị không có đề xuất, kiến nghị."))
    document.paragraph(
        _("Trên đây là báo cáo kết quả năm %(year)s của %(issuer)s./.")
        % {"year": consolidation.year, "issuer": issuer_name},
        keep_with_next=True,
    )  # never a signature alone on a page


def docx(consolidation, *, issuer=None, signer=None, annex=None, today=None):
    """`issuer`: the consolidating agency (None: a generic Sở KH&CN heading); `signer`: office.word.Signer from the
    signing person's membership (tasks_registry/signers.py)."""
    today = today or timezone.localdate()
    annex = annex or Annex()
    superior, issuer_name = issuer_names(issuer, consolidation.province)
    heading = word.Heading(
        issuer=issuer_name,
        superior=superior,
        number_symbol=f"Số: …/BC-{symbol_of(issuer_name)}",
        place=consolidation.province or "",
        day=today,
        doc_type=_("Báo cáo"),
        # "năm 2026" stays on one line (a no-break space): a year alone on the subject's last line reads badly.
        subject=title_of(consolidation).replace(f" {consolidation.year}", f"\u00a0{consolidation.year}"),
        recipients=[
            _("Bộ Khoa học và Công nghệ"),
            _("UBND tỉnh %(province)s") % {"province": consolidation.province}
            if consolidation.province
            else _("Ủy ban nhân dân tỉnh"),
            _("Lưu: VT, %(symbol)s") % {"symbol": symbol_of(issuer_name)},
        ],
    )
    document = word.AdministrativeDocument(heading, author=signer.name if signer else issuer_name)
    _body(document, consolidation, annex, issuer_name)
    document.signature(signer or word.Signer(name=""))
    return document.save()
