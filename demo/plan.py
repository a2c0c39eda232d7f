"""The Đồng Tháp plan for the national S&T market programme to 2030 (seeds/000) and the eleven tasks of its appendix.

Texts, lead agencies ("Đơn vị chủ trì"), coordinating agencies ("Đơn vị phối hợp") and timelines are copied from the
appendix ("Phụ lục") verbatim. Lead agencies are mapped to catalogue records (LEADS); coordinating agencies are
linked where the catalogue has them (`coordinating_codes`) and the verbatim text is kept in `coordinating_note`.
The plan's number and date are blank in the source, so `issued_on` stays empty.
"""

from dataclasses import dataclass

from .agencies import AGENCIES, DT, OTHER_APPLICANTS, RECV

PLAN_CODE = "KH-TTKHCN-DT-2023"
PLAN_TITLE = (
    "Kế hoạch thực hiện Chương trình phát triển thị trường KH&CN quốc gia đến năm 2030 trên địa bàn tỉnh Đồng Tháp"
)
PLAN_ISSUER = "UBND-DT"
PLAN_YEARS = (2023, 2030)
PLAN_SOURCE = (
    "Kế hoạch số …/KH-UBND năm 2023 của UBND tỉnh Đồng Tháp thực hiện Quyết định 1158/QĐ-TTg ngày 13/7/2021 "
    "(Phụ lục: Nhiệm vụ và giải pháp thực hiện)"
)

SECTIONS = {"A": range(1, 5), "B": range(5, 7), "C": range(7, 12)}

# (number, text, lead as written, coordinating agencies as written, timeline)
ROWS = [
    (
        1,
        "Tổ chức đánh giá trình độ và năng lực công nghệ sản xuất của doanh nghiệp thuộc ngành công nghiệp chế biến giai đoạn 2020 - 2022.",
        "Sở KHCN",
        "Sở Công Thương; Cục Thống kê và đơn vị tư vấn (thuộc Bộ KHCN)",
        "Năm 2023",
    ),
    (
        2,
        "Hỗ trợ doanh nghiệp nhỏ và vừa khởi nghiệp sáng tạo theo Nghị định số 80/2021/NĐ-CP ngày 26/8/2021 của Chính phủ.",
        "Sở KH&CN",
        "Các sở, ngành Tỉnh; UBND huyện, thành phố và các đơn vị có liên quan",
        "Thường xuyên",
    ),
    (
        3,
        "Thực hiện chính sách khuyến khích các tổ chức kinh tế đầu tư vào hoạt động khoa học và công nghệ trên địa bàn tỉnh Đồng Tháp theo Nghị quyết số 44/NQ-HĐND ngày 17/8/2021 của Hội đồng nhân dân Tỉnh.",
        "Sở KHCN",
        "Các tổ chức kinh tế",
        "Thường xuyên khi cơ sở kinh doanh đủ điều kiện theo chính sách",
    ),
    (
        4,
        "Hỗ trợ các doanh nghiệp trên địa bàn Tỉnh tập trung đầu tư cải tiến, đổi mới thiết bị sản xuất theo các chính sách của Tỉnh và Trung ương.",
        "Sở Công Thương",
        "Sở KHCN, các Sở, ngành Tỉnh; UBND huyện, thành phố; các tổ chức kinh tế.",
        "Thường xuyên khi cơ sở kinh doanh đủ điều kiện theo chính sách",
    ),
    (
        5,
        "Cơ cấu lại việc thực hiện các nhiệm vụ khoa học và công nghệ cấp Tỉnh theo hướng lấy doanh nghiệp làm trung tâm, gắn với chuỗi giá trị sản phẩm, tạo giá trị gia tăng, nâng cao chất lượng và số lượng nguồn cung hàng hóa khoa học và công nghệ trên thị trường.",
        "Sở KHCN",
        "Các Sở, ngành Tỉnh; UBND huyện, thành phố và các đơn vị liên quan",
        "Thường xuyên",
    ),
    (
        6,
        "Thúc đẩy thực hiện chuyển giao công nghệ tại các cơ sở, hợp tác xã, doanh nghiệp và các đơn vị trên địa bàn huyện, thành phố.",
        "UBND huyện, thành phố",
        "Sở KHCN",
        "Thường xuyên",
    ),
    (
        7,
        "Xây dựng Không gian Khởi nghiệp và Đổi mới sáng tạo tỉnh Đồng Tháp.",
        "Sở Kế hoạch và Đầu tư",
        "Các Sở, ngành Tỉnh; UBND huyện, thành phố và các đơn vị được giao nhiệm vụ",
        "2023 - 2025",
    ),
    (
        8,
        "Nâng cao năng lực hoạt động của Trung tâm Kiểm định và Kiểm nghiệm trong hoạt động đổi mới, chuyển giao công nghệ; chuyển giao các kết quả thực hiện nhiệm vụ KHCN sử dụng ngân sách.",
        "Sở KHCN",
        "Các tổ chức kinh tế",
        "Thường xuyên",
    ),
    (
        9,
        "Tổ chức hội nghị giới thiệu kết quả nghiên cứu và chuyển giao sản phẩm khoa học đã công nhận đến các đơn vị tiếp nhận để ứng dụng, nhân rộng.",
        "Sở KHCN",
        "Các Sở, ngành Tỉnh; UBND huyện, thành phố; tổ chức kinh tế; đơn vị liên quan",
        "Thường xuyên khi kết quả nghiên cứu được công nhận",
    ),
    (
        10,
        "Phối hợp với các Viện, Trường, các tổ chức liên quan thực hiện chuyển giao công nghệ phục vụ hoạt động sản xuất, kinh doanh của doanh nghiệp, HTX/ đặt hàng thực hiện các nhiệm vụ KHCN phục vụ hoạt động sản xuất, kinh doanh của doanh nghiệp, HTX.",
        "Sở KHCN",
        "Các Sở, ngành Tỉnh; UBND huyện, thành phố; tổ chức kinh tế; đơn vị liên quan",
        "Thường xuyên theo nhu cầu của các đơn vị",
    ),
    (
        11,
        "Hỗ trợ các tổ chức kinh tế (có nhu cầu) tham dự các sự kiện: chợ công nghệ, thiết bị; sự kiện hợp tác công nghệ; Techmart, Techdemo, Techfest;...",
        "Sở KHCN",
        "Các Sở, ngành Tỉnh; UBND huyện, thành phố; tổ chức kinh tế; đơn vị liên quan",
        "Thường xuyên khi có nhu cầu tham dự",
    ),
]

# How the appendix names lead agencies, and the catalogue record each stands for. "UBND huyện, thành phố" is one
# record standing for all district-level committees of the time (a plan task has one lead agency).
LEADS = {
    "Sở KHCN": "SKHCN",
    "Sở KH&CN": "SKHCN",
    "Sở Công Thương": "SCT",
    "UBND huyện, thành phố": "UBND-TPCL",
    "Sở Kế hoạch và Đầu tư": "SKHDT",
}

# The departments and district committees as they were when the plan was issued (2023).
DEPARTMENTS_2023 = ["SKHCN", "STC", "SCT", "SNNMT", "SKHDT"]
DISTRICTS_2023 = ["UBND-TPCL", "UBND-TPSD", "UBND-HTM"]
# "Tổ chức kinh tế": the enterprises and cooperatives of the catalogue.
ECONOMIC = ["CTY-SH"] + [a.code for a in AGENCIES if a.kind == RECV and a.province == DT]
assert set(OTHER_APPLICANTS) <= set(ECONOMIC)

# Phrases of the "Đơn vị phối hợp" column and the records they name; anything else stays in the note only.
PHRASES = [
    ("sở khcn", ["SKHCN"]),
    ("sở công thương", ["SCT"]),
    ("bộ khcn", ["BKHCN"]),
    ("sở, ngành tỉnh", DEPARTMENTS_2023),
    ("ubnd huyện, thành phố", DISTRICTS_2023),
    ("tổ chức kinh tế", ECONOMIC),
]


@dataclass(frozen=True)
class PlanTaskData:
    number: int
    section: str
    text: str
    lead_text: str
    lead: str
    coordinating_note: str
    coordinating: tuple
    timeline: str


def _section(number):
    return next(section for section, numbers in SECTIONS.items() if number in numbers)


def coordinating_codes(note, lead):
    codes = []
    lowered = note.lower()
    for phrase, named in PHRASES:
        if phrase in lowered:
            codes += [code for code in named if code != lead and code not in codes]
    return tuple(codes)


def plan_tasks():
    tasks = []
    for number, text, lead_text, note, timeline in ROWS:
        lead = LEADS[lead_text]
        tasks.append(
            PlanTaskData(
                number, _section(number), text, lead_text, lead, note, coordinating_codes(note, lead), timeline
            )
        )
    return tasks
