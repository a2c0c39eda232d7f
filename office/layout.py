"""The layout of a Vietnamese administrative document, in one place.

Source: Nghị định 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư, Phụ lục I "Thể thức, kỹ thuật trình
bày văn bản hành chính và bản sao văn bản" (Mục II–III; the table of Mục IV gives each part's size and style). Where
the Decree allows a range, the value chosen is inside it and the range is written beside it, so an administrator who
reads the Decree can check every number here. These are layout rules, not legal facts of a case: agency names,
titles and signers are data (agencies, memberships), never written here.
"""

from docx.shared import Cm, Mm, Pt

SOURCE = "Nghị định 30/2020/NĐ-CP, Phụ lục I"

# Khổ giấy A4 (210 mm x 297 mm) — Phụ lục I, Mục II.1.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
# Lề trên, lề dưới 20–25 mm; lề trái 30–35 mm; lề phải 15–20 mm — Phụ lục I, Mục II.3.
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
# Header distance: the page number sits inside the top margin (Mục II.4, "trình bày tại góc phải... phần lề trên").
HEADER_DISTANCE = Mm(10)

# Phông chữ tiếng Việt Times New Roman, bộ mã Unicode (TCVN 6909:2001), màu đen — Mục II.2.
FONT = "Times New Roman"
LANGUAGE = "vi-VN"

# Sizes (Mục IV, "Mẫu chữ và chi tiết trình bày thể thức văn bản"): the chosen value, the Decree's range in the comment.
NATIONAL_TITLE_SIZE = Pt(12)  # Quốc hiệu: in hoa, 12–13, đứng, đậm (12 keeps it on one line in its column)
MOTTO_SIZE = Pt(13)  # Tiêu ngữ: in thường, 13–14, đứng, đậm
SUPERIOR_SIZE = Pt(12)  # Tên cơ quan chủ quản: in hoa, 12–13, đứng
ISSUER_SIZE = Pt(12)  # Tên cơ quan ban hành: in hoa, 12–13, đứng, đậm
NUMBER_SIZE = Pt(13)  # Số, ký hiệu: 13, đứng
PLACE_DATE_SIZE = Pt(13)  # Địa danh, thời gian: in thường, 13–14, nghiêng
DOC_TYPE_SIZE = Pt(14)  # Tên loại văn bản: in hoa, 13–14, đứng, đậm
SUBJECT_SIZE = Pt(14)  # Trích yếu nội dung: in thường, 13–14, đứng, đậm
BODY_SIZE = Pt(14)  # Nội dung: in thường, 13–14, đứng
TABLE_SIZE = Pt(12)  # Bảng trong nội dung: the Decree sets no size for tables; 12 keeps columns narrow
SIGNER_SIZE = Pt(14)  # Quyền hạn, chức vụ người ký: in hoa, 13–14, đứng, đậm; họ tên: in thường, đậm
RECIPIENTS_LABEL_SIZE = Pt(12)  # "Nơi nhận": in thường, 12, nghiêng, đậm
RECIPIENTS_SIZE = Pt(11)  # Danh sách nơi nhận: in thường, 11, đứng
PAGE_NUMBER_SIZE = Pt(13)  # Số trang: 13–14, đứng; không hiển thị số trang thứ nhất (Mục II.4)

# Nội dung: canh đều hai lề; lùi đầu dòng 1 cm hoặc 1,27 cm; khoảng cách giữa các đoạn tối thiểu 6 pt; giãn dòng
# từ đơn đến 1,5 dòng — Mục IV, phần "Nội dung văn bản".
FIRST_LINE_INDENT = Cm(1)
PARAGRAPH_SPACING = Pt(6)
LINE_SPACING = 1.15

# The heading is two columns: the issuing body on the left, the national title on the right (Mẫu 1.1, 1.4).
# Text width of A4 with the margins above: 210 − 30 − 15 = 165 mm.
# The cells have no inner margins, so "SỞ KHOA HỌC VÀ CÔNG NGHỆ" (12 pt bold, about 66 mm) and the national title
# (12 pt bold, about 89 mm) each fit on one line.
HEADING_LEFT, HEADING_RIGHT = Mm(70), Mm(95)
SIGNATURE_LEFT, SIGNATURE_RIGHT = Mm(80), Mm(85)
# The rule under the motto is as long as the motto; under the issuing body and under the subject 1/3–1/2 of the
# line above (Mục IV); rules are 0,5 pt solid lines ("nét liền").
RULE_EIGHTHS_OF_POINT = 4

# Ngày dưới 10 và tháng 1, 2 thì ghi thêm số 0 ở trước — Mục IV, "Địa danh và thời gian ban hành văn bản".
PADDED_MONTHS = (1, 2)

# Signing authority before the title of the one it signs for (Mục IV, "Chức vụ, họ tên và chữ ký"): thay mặt tập thể,
# ký thay người đứng đầu, thừa lệnh, thừa uỷ quyền.
AUTHORITIES = ("TM.", "KT.", "TL.", "TUQ.")


def document_date(day):
    """ "ngày 05 tháng 3 năm 2026", "ngày 15 tháng 02 năm 2026": days below 10 and months 1 and 2 padded."""
    month = f"{day.month:02d}" if day.month in PADDED_MONTHS else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
