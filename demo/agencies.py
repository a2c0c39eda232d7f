"""Agencies of the demo province (Đồng Tháp) in the 2025 structure, with the ones retired or renamed on the way.

Sources: the Đồng Tháp plan (seeds/000) names Sở KH&CN, Sở Tài chính, Sở Công Thương, Sở Kế hoạch và Đầu tư,
UBND huyện/thành phố, Trung tâm Kiểm định và Kiểm nghiệm and Bộ KH&CN. The 2025 restructuring (DOMAIN.md) is
**inferred** for this province: Sở KH&ĐT merged into Sở Tài chính (Decree 29/2025 restructuring), Sở NN&PTNT
became Sở Nông nghiệp và Môi trường, and district People's Committees gave way to communes (Decree 125/2025).
The legal_basis texts say so ("suy luận"). Host organisations, receiving units and the technology exchange are
demo records; companies and cooperatives are fictional.

Agencies are created as they were before the restructuring; `builder` then renames and merges them through
`tasks_registry.services` (rename_agency, merge_agency), so the names history and the ended memberships are the
ones the application itself would keep.
"""

import datetime
from dataclasses import dataclass, field

from tasks_registry.models import AgencyKind

from . import AGENCIES_FROM

D = datetime.date

# Province codes of the demo (Quyết định 124/2004/QĐ-TTg; merged by Nghị quyết 202/2025/QH15).
DT, TG, TN, BK = "87", "82", "19", "06"


@dataclass(frozen=True)
class AgencyData:
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None = None
    active_from: datetime.date = AGENCIES_FROM
    login: str = ""  # prefix of the demo usernames of its people (e.g. "dhdt" → dhdt.chuyenvien)
    public: bool = True  # a state agency or public unit (Decree 70/2018: use rights recorded as a state asset)
    domains: tuple = ()  # for hosts: the research domains of results/ vocabulary they run tasks in
    legal_basis: str = ""
    # Province code (tasks_registry/provinces_seed.py); None for central bodies. Agencies retired in the 2025
    # merger keep their former province; the ones that went on working carry the province they belong to today.
    province: str | None = DT


@dataclass(frozen=True)
class Rename:
    code: str
    new_name: str
    effective_on: datetime.date
    basis: str


@dataclass(frozen=True)
class Merge:
    code: str
    successor: str
    effective_on: datetime.date  # first day under the successor; the agency is active up to the day before
    basis: str


PC = AgencyKind.PEOPLES_COMMITTEE
DEPT = AgencyKind.DEPARTMENT
HOST = AgencyKind.HOST_ORGANISATION
RECV = AgencyKind.RECEIVING_UNIT
INTER = AgencyKind.INTERMEDIARY
MINISTRY = AgencyKind.MINISTRY

TWO_TIER_DAY = D(2025, 7, 1)
DEPARTMENTS_MERGED_DAY = D(2025, 3, 1)

COMMUNE_BASIS = (
    "Thành lập khi sắp xếp đơn vị hành chính cấp xã, chính quyền địa phương hai cấp từ 01/07/2025 "
    "(Nghị định 125/2025/NĐ-CP; suy luận, cần đối chiếu nghị quyết sắp xếp của tỉnh)."
)
DISTRICT_BASIS = (
    "Kết thúc hoạt động cấp huyện từ 01/07/2025, chính quyền địa phương hai cấp "
    "(Nghị định 125/2025/NĐ-CP; suy luận, cần đối chiếu nghị quyết sắp xếp của tỉnh)."
)

AGENCIES = [
    AgencyData("BKHCN", "Bộ Khoa học và Công nghệ", "Bộ KH&CN", MINISTRY, login="bkhcn", province=None),
    AgencyData("UBND-DT", "Ủy ban nhân dân tỉnh Đồng Tháp", "UBND tỉnh", PC, login="ubnd"),
    AgencyData("SKHCN", "Sở Khoa học và Công nghệ tỉnh Đồng Tháp", "Sở KH&CN", DEPT, "UBND-DT", login="skhcn"),
    AgencyData("STC", "Sở Tài chính tỉnh Đồng Tháp", "Sở Tài chính", DEPT, "UBND-DT", login="stc"),
    AgencyData("SCT", "Sở Công Thương tỉnh Đồng Tháp", "Sở Công Thương", DEPT, "UBND-DT", login="sct"),
    # Created under its former name; renamed on 01/03/2025 (RENAMES).
    AgencyData(
        "SNNMT", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Đồng Tháp", "Sở NN&MT", DEPT, "UBND-DT", login="snnmt"
    ),
    # Merged into Sở Tài chính on 01/03/2025 (MERGES).
    AgencyData("SKHDT", "Sở Kế hoạch và Đầu tư tỉnh Đồng Tháp", "Sở KH&ĐT", DEPT, "UBND-DT", login="skhdt"),
    # District level, gone with the two-tier local government (MERGES), and the communes that took over.
    AgencyData("UBND-TPCL", "Ủy ban nhân dân thành phố Cao Lãnh", "UBND TP Cao Lãnh", PC, "UBND-DT", login="tpcl"),
    AgencyData("UBND-TPSD", "Ủy ban nhân dân thành phố Sa Đéc", "UBND TP Sa Đéc", PC, "UBND-DT", login="tpsd"),
    AgencyData("UBND-HTM", "Ủy ban nhân dân huyện Tháp Mười", "UBND huyện Tháp Mười", PC, "UBND-DT", login="htm"),
    AgencyData(
        "UBND-PCL",
        "Ủy ban nhân dân phường Cao Lãnh",
        "UBND phường Cao Lãnh",
        PC,
        "UBND-DT",
        TWO_TIER_DAY,
        login="pcl",
        legal_basis=COMMUNE_BASIS,
    ),
    AgencyData(
        "UBND-PSD",
        "Ủy ban nhân dân phường Sa Đéc",
        "UBND phường Sa Đéc",
        PC,
        "UBND-DT",
        TWO_TIER_DAY,
        login="psd",
        legal_basis=COMMUNE_BASIS,
    ),
    AgencyData(
        "UBND-XTM",
        "Ủy ban nhân dân xã Tháp Mười",
        "UBND xã Tháp Mười",
        PC,
        "UBND-DT",
        TWO_TIER_DAY,
        login="xtm",
        legal_basis=COMMUNE_BASIS,
    ),
    # Host organisations (tổ chức chủ trì).
    AgencyData(
        "DHDT",
        "Trường Đại học Đồng Tháp",
        "ĐH Đồng Tháp",
        HOST,
        login="dhdt",
        domains=("lua", "catra", "xoai", "phanmem", "moitruong", "baocao"),
    ),
    AgencyData(
        "VLUA",
        "Viện Lúa đồng bằng sông Cửu Long",
        "Viện Lúa ĐBSCL",
        HOST,
        login="vlua",
        domains=("lua", "moitruong"),
    ),
    AgencyData(
        "TTUD",
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ Đồng Tháp",
        "TT Ứng dụng KH&CN",
        HOST,
        "SKHCN",
        login="ttud",
        domains=("hoakieng", "catra", "channuoi", "xoai", "phanmem"),
    ),
    AgencyData(
        "CTY-SH",
        "Công ty TNHH Công nghệ sinh học Sen Hồng",
        "Cty Sen Hồng",
        HOST,
        login="ctysh",
        public=False,
        domains=("sen", "hoakieng"),
    ),
    # Receiving units (đơn vị tiếp nhận): cooperatives and companies. UBND cấp huyện/xã also receive results.
    AgencyData("HTX-TM", "Hợp tác xã Nông nghiệp Thanh Mỹ", "HTX Thanh Mỹ", RECV, login="htxtm", public=False),
    AgencyData("HTX-MX", "Hợp tác xã Xoài Mỹ Xương", "HTX Xoài Mỹ Xương", RECV, login="htxmx", public=False),
    AgencyData(
        "CTY-PT", "Công ty Cổ phần Thủy sản Phú Thuận", "Cty Thủy sản Phú Thuận", RECV, login="ctypt", public=False
    ),
    AgencyData(
        "CTY-HN", "Công ty TNHH Thực phẩm Hồng Ngự", "Cty Thực phẩm Hồng Ngự", RECV, login="ctyhn", public=False
    ),
    # Intermediaries (tổ chức trung gian). The exchange is the one the plan asks to form by 2025.
    AgencyData(
        "TTKDKN", "Trung tâm Kiểm định và Kiểm nghiệm", "TT Kiểm định và Kiểm nghiệm", INTER, "SKHCN", login="ttkdkn"
    ),
    AgencyData(
        "SGDCN",
        "Sàn giao dịch công nghệ tỉnh Đồng Tháp",
        "Sàn giao dịch công nghệ",
        INTER,
        "SKHCN",
        D(2024, 6, 1),
        login="sgdcn",
        legal_basis="Hình thành theo mục tiêu ít nhất 01 tổ chức trung gian đến năm 2025 (Kế hoạch của UBND tỉnh, II.2.a).",
    ),
]

# --- Tiền Giang (merged into Đồng Tháp on 01/07/2025) and Thái Nguyên with Bắc Kạn ---------------------------------
# The former provinces' UBND tỉnh and Sở KH&CN end on 30/06/2025 (MERGES); universities, cooperatives and communes go
# on under the province they belong to today. Host organisations and cooperatives other than the universities are
# fictional demo records.
AGENCIES += [
    AgencyData("UBND-TG", "Ủy ban nhân dân tỉnh Tiền Giang", "UBND tỉnh", PC, login="ubndtg", province=TG),
    AgencyData(
        "SKHCN-TG",
        "Sở Khoa học và Công nghệ tỉnh Tiền Giang",
        "Sở KH&CN",
        DEPT,
        "UBND-TG",
        login="skhcntg",
        province=TG,
    ),
    AgencyData(
        "UBND-HCB", "Ủy ban nhân dân huyện Cái Bè", "UBND huyện Cái Bè", PC, "UBND-TG", login="hcb", province=TG
    ),
    AgencyData(
        "UBND-XCB",
        "Ủy ban nhân dân xã Cái Bè",
        "UBND xã Cái Bè",
        PC,
        "UBND-DT",
        TWO_TIER_DAY,
        login="xcb",
        legal_basis=COMMUNE_BASIS,
    ),
    AgencyData(
        "DHTG", "Trường Đại học Tiền Giang", "ĐH Tiền Giang", HOST, login="dhtg", domains=("lua", "xoai", "catra")
    ),
    AgencyData("HTX-CG", "Hợp tác xã Thanh long Chợ Gạo", "HTX Thanh long Chợ Gạo", RECV, login="htxcg", public=False),
    AgencyData("UBND-TN", "Ủy ban nhân dân tỉnh Thái Nguyên", "UBND tỉnh", PC, login="ubndtn", province=TN),
    AgencyData(
        "SKHCN-TN",
        "Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
        "Sở KH&CN",
        DEPT,
        "UBND-TN",
        login="skhcntn",
        province=TN,
    ),
    AgencyData("STC-TN", "Sở Tài chính tỉnh Thái Nguyên", "Sở Tài chính", DEPT, "UBND-TN", login="stctn", province=TN),
    AgencyData(
        "DHTN",
        "Đại học Thái Nguyên",
        "ĐH Thái Nguyên",
        HOST,
        login="dhtn",
        domains=("lua", "channuoi", "moitruong", "phanmem"),
        province=TN,
    ),
    AgencyData(
        "HTX-TC", "Hợp tác xã Chè Tân Cương", "HTX Chè Tân Cương", RECV, login="htxtc", public=False, province=TN
    ),
    AgencyData("UBND-BK", "Ủy ban nhân dân tỉnh Bắc Kạn", "UBND tỉnh", PC, login="ubndbk", province=BK),
    AgencyData(
        "SKHCN-BK", "Sở Khoa học và Công nghệ tỉnh Bắc Kạn", "Sở KH&CN", DEPT, "UBND-BK", login="skhcnbk", province=BK
    ),
    AgencyData(
        "CDBK",
        "Trường Cao đẳng Bắc Kạn",
        "CĐ Bắc Kạn",
        HOST,
        login="cdbk",
        domains=("channuoi", "moitruong"),
        province=TN,
    ),
    AgencyData(
        "HTX-CM", "Hợp tác xã Nông nghiệp Côn Minh", "HTX Côn Minh", RECV, login="htxcm", public=False, province=TN
    ),
    AgencyData(
        "CTY-NSTN",
        "Công ty TNHH Nông sản Thái Nguyên",
        "Cty Nông sản Thái Nguyên",
        RECV,
        login="ctynstn",
        public=False,
        province=TN,
    ),
]
PROVINCE_MERGER_DAY = TWO_TIER_DAY
PROVINCE_MERGER_BASIS = (
    "Sáp nhập khi hợp nhất tỉnh theo Nghị quyết 202/2025/QH15 ngày 12/6/2025 của Quốc hội (hiệu lực 01/07/2025)."
)

RENAMES = [
    Rename(
        "SNNMT",
        "Sở Nông nghiệp và Môi trường tỉnh Đồng Tháp",
        DEPARTMENTS_MERGED_DAY,
        "Hợp nhất Sở Nông nghiệp và Phát triển nông thôn với Sở Tài nguyên và Môi trường từ 01/03/2025 "
        "(suy luận, cần đối chiếu quyết định của UBND tỉnh).",
    ),
]

MERGES = [
    Merge(
        "SKHDT",
        "STC",
        DEPARTMENTS_MERGED_DAY,
        "Hợp nhất vào Sở Tài chính từ 01/03/2025 theo sắp xếp tổ chức bộ máy (Nghị định 29/2025/NĐ-CP; "
        "suy luận, cần đối chiếu quyết định của UBND tỉnh).",
    ),
    Merge("UBND-TPCL", "UBND-PCL", TWO_TIER_DAY, DISTRICT_BASIS),
    Merge("UBND-TPSD", "UBND-PSD", TWO_TIER_DAY, DISTRICT_BASIS),
    Merge("UBND-HTM", "UBND-XTM", TWO_TIER_DAY, DISTRICT_BASIS),
    Merge("UBND-HCB", "UBND-XCB", TWO_TIER_DAY, DISTRICT_BASIS),
    # The provinces' own agencies: Sở into Sở, UBND tỉnh into UBND tỉnh (tasks_registry.mergers does the same).
    Merge("UBND-TG", "UBND-DT", PROVINCE_MERGER_DAY, PROVINCE_MERGER_BASIS),
    Merge("SKHCN-TG", "SKHCN", PROVINCE_MERGER_DAY, PROVINCE_MERGER_BASIS),
    Merge("UBND-BK", "UBND-TN", PROVINCE_MERGER_DAY, PROVINCE_MERGER_BASIS),
    Merge("SKHCN-BK", "SKHCN-TN", PROVINCE_MERGER_DAY, PROVINCE_MERGER_BASIS),
]
SUCCESSORS = {merge.code: merge.successor for merge in MERGES}

BY_CODE = {agency.code: agency for agency in AGENCIES}

MANAGING = "SKHCN"
HOSTS = [a.code for a in AGENCIES if a.kind == HOST]
INTERMEDIARIES = ["TTKDKN", "SGDCN"]
# Who may receive a transfer: cooperatives and companies, and the local People's Committees of their time.
RECEIVERS = ["HTX-TM", "HTX-MX", "CTY-PT", "CTY-HN"] + [
    "UBND-TPCL",
    "UBND-TPSD",
    "UBND-HTM",
    "UBND-PCL",
    "UBND-PSD",
    "UBND-XTM",
]
# Enterprises that may apply for a result the host did not ask for (Decree 70/2018: other applicant, with repayment).
OTHER_APPLICANTS = ["CTY-PT", "CTY-HN"]


@dataclass(frozen=True)
class Profile:
    """Who takes part in the tasks a (former) province's Sở KH&CN manages, and the share of the demo's results."""

    managing: str
    hosts: dict  # host code → weight
    receivers: list
    intermediaries: list
    other_applicants: list
    code_prefix: str
    places: tuple
    share: float
    province_name: str = ""  # replaces "Đồng Tháp" in the vocabulary's titles for the other provinces


PROFILES = [
    Profile(
        MANAGING,
        {"DHDT": 3, "VLUA": 2, "TTUD": 3, "CTY-SH": 1.2},
        RECEIVERS,
        INTERMEDIARIES,
        OTHER_APPLICANTS,
        "ĐT",
        (),
        0.6,
    ),
    Profile(
        "SKHCN-TG",
        {"DHTG": 3, "VLUA": 1},
        ["HTX-CG", "UBND-HCB", "UBND-XCB", "CTY-PT"],
        INTERMEDIARIES,
        ["CTY-PT"],
        "TG",
        ("tại Cái Bè", "vùng Gò Công", "tại Chợ Gạo", "ven sông Tiền"),
        0.2,
        "Tiền Giang",
    ),
    Profile(
        "SKHCN-TN",
        {"DHTN": 3},
        ["HTX-TC", "HTX-CM", "CTY-NSTN"],
        [],
        ["CTY-NSTN"],
        "TN",
        ("tại Đại Từ", "vùng chè Tân Cương", "trên địa bàn tỉnh Thái Nguyên"),
        0.12,
        "Thái Nguyên",
    ),
    Profile(
        "SKHCN-BK",
        {"DHTN": 1, "CDBK": 2},
        ["HTX-CM", "HTX-TC", "CTY-NSTN"],
        [],
        ["CTY-NSTN"],
        "BK",
        ("tại Na Rì", "vùng hồ Ba Bể", "tại Chợ Mới"),
        0.08,
        "Bắc Kạn",
    ),
]


@dataclass
class Timeline:
    """When an agency acted and under which names, after the renames and merges."""

    active_from: datetime.date
    active_to: datetime.date | None = None
    names: list = field(default_factory=list)  # [(valid_from, valid_to or None, name)]

    def active(self, start, end=None):
        end = end or start
        return self.active_from <= start and (self.active_to is None or end <= self.active_to)

    def name_on(self, day):
        for valid_from, valid_to, name in self.names:
            if valid_from <= day and (valid_to is None or day <= valid_to):
                return name
        return self.names[-1][2]


def timelines():
    """Each agency's activity and names once RENAMES and MERGES are applied (what the database will hold)."""
    result = {a.code: Timeline(a.active_from, None, [(a.active_from, None, a.name)]) for a in AGENCIES}
    for rename in RENAMES:
        line = result[rename.code]
        start, _, old = line.names[-1]
        line.names[-1] = (start, rename.effective_on - datetime.timedelta(days=1), old)
        line.names.append((rename.effective_on, None, rename.new_name))
    for merge in MERGES:
        result[merge.code].active_to = merge.effective_on - datetime.timedelta(days=1)
    return result


def current_name(code):
    for rename in RENAMES:
        if rename.code == code:
            return rename.new_name
    return BY_CODE[code].name
