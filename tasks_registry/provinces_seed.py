"""The provinces of the seed plans and their merger of 01/07/2025, as data (loaded by migration 0003, editable in
the admin). Each row says where its facts come from.

The provinces named in a merger keep their row (Đồng Tháp, Thái Nguyên, Ninh Bình, Hưng Yên, Bắc Ninh) and the
others are retired into them, so that agencies, plans and targets of the former provinces stay attached to them and
are reported by the successor. Codes are the administrative codes of Quyết định 124/2004/QĐ-TTg (before 2025).
"""

import datetime

D = datetime.date
MERGER_DAY = D(2025, 7, 1)
MERGER_BASIS = (
    "Nghị quyết 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh "
    "(hiệu lực từ 01/07/2025)"
)
SPLIT_1997 = (
    "Nghị quyết kỳ họp thứ 10, Quốc hội khóa IX (06/11/1996) chia, điều chỉnh địa giới tỉnh; hiệu lực 01/01/1997"
)
UNVERIFIED = "Ngày bắt đầu ghi nhận trong hệ thống (cần đối chiếu văn bản thành lập)"

# code, name, active from, legal basis of creation
PROVINCES = [
    ("87", "Đồng Tháp", D(1976, 2, 24), UNVERIFIED),
    ("82", "Tiền Giang", D(1976, 2, 24), UNVERIFIED),
    ("19", "Thái Nguyên", D(1997, 1, 1), SPLIT_1997),
    ("06", "Bắc Kạn", D(1997, 1, 1), SPLIT_1997),
    (
        "37",
        "Ninh Bình",
        D(1992, 4, 1),
        "Nghị quyết kỳ họp thứ 10, Quốc hội khóa VIII (26/12/1991) chia tỉnh Hà Nam Ninh",
    ),
    ("36", "Nam Định", D(1997, 1, 1), SPLIT_1997),
    ("35", "Hà Nam", D(1997, 1, 1), SPLIT_1997),
    ("33", "Hưng Yên", D(1997, 1, 1), SPLIT_1997),
    ("34", "Thái Bình", D(1976, 2, 24), UNVERIFIED),
    ("27", "Bắc Ninh", D(1997, 1, 1), SPLIT_1997),
    ("24", "Bắc Giang", D(1997, 1, 1), SPLIT_1997),
]

# former province → the province it was merged into on MERGER_DAY
MERGERS = {"82": "87", "06": "19", "36": "37", "35": "37", "34": "33", "24": "27"}


def seed(Province, ProvinceName):
    rows = {}
    for code, name, active_from, basis in PROVINCES:
        rows[code], _created = Province.objects.get_or_create(
            code=code, defaults={"name": name, "active_from": active_from, "legal_basis": basis}
        )
        ProvinceName.objects.get_or_create(province=rows[code], valid_from=active_from, defaults={"name": name})
    for former, successor in MERGERS.items():
        province = rows[former]
        if province.successor_id is None:
            province.successor = rows[successor]
            province.active_to = MERGER_DAY - datetime.timedelta(days=1)
            province.legal_basis = MERGER_BASIS
            province.save(update_fields=["successor", "active_to", "legal_basis"])
    for code in set(MERGERS.values()):
        province = rows[code]
        if MERGER_BASIS not in province.legal_basis:
            province.legal_basis = f"{MERGER_BASIS}; {province.legal_basis}"[:255]
            province.save(update_fields=["legal_basis"])
    return rows
