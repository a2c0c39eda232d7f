"""Demo people: a login in every role, all with the one demo password (`DEMO_PASSWORD`).

Usernames are readable ASCII: `<agency login>.<role>` (chuyenvien = officer, lanhdao = head, baocao = reporter),
plus `thanhtra` (auditor) and `quantri` (administrator). Names are written family name first as Vietnamese do:
`first_name` holds the family and middle names, `last_name` the given name, so `get_full_name()` reads right.
"""

import datetime
from dataclasses import dataclass

from tasks_registry.roles import Role

from .agencies import BY_CODE, DEPARTMENTS_MERGED_DAY, PROVINCE_MERGER_DAY


@dataclass(frozen=True)
class MembershipData:
    agency: str
    role: str
    valid_from: datetime.date | None = None  # None: from MEMBERSHIPS_FROM or the agency's first day, the later
    valid_to: datetime.date | None = None
    position: str = ""  # how they sign documents (Decree 30/2020): "Phó Giám đốc", KT., "Giám đốc"
    signing_authority: str = ""
    signs_for: str = ""


@dataclass(frozen=True)
class PersonData:
    username: str
    family: str
    given: str
    memberships: tuple
    superuser: bool = False

    @property
    def full_name(self):
        return f"{self.family} {self.given}"


def _person(username, family, given, *memberships, superuser=False):
    return PersonData(username, family, given, tuple(memberships), superuser)


def _officer(code, family, given):
    return _person(f"{BY_CODE[code].login}.chuyenvien", family, given, MembershipData(code, Role.OFFICER))


def _head(code, family, given, position="", signing_authority="", signs_for=""):
    return _person(
        f"{BY_CODE[code].login}.lanhdao",
        family,
        given,
        MembershipData(code, Role.HEAD, position=position, signing_authority=signing_authority, signs_for=signs_for),
    )


def _reporter(code, family, given):
    return _person(f"{BY_CODE[code].login}.baocao", family, given, MembershipData(code, Role.REPORTER))


PEOPLE = [
    # Sở KH&CN: manages every task, consolidates reports.
    _person("skhcn.chuyenvien1", "Nguyễn Thị Thu", "Hà", MembershipData("SKHCN", Role.OFFICER)),
    _person("skhcn.chuyenvien2", "Trần Minh", "Khoa", MembershipData("SKHCN", Role.OFFICER)),
    _head("SKHCN", "Lê Văn", "Phúc", "Phó Giám đốc", "KT.", "Giám đốc"),  # a deputy signs: "KT. GIÁM ĐỐC"
    _reporter("SKHCN", "Phạm Ngọc", "Lan"),
    _person("thanhtra", "Võ Thanh", "Tâm", MembershipData("SKHCN", Role.AUDITOR)),
    _person("quantri", "Huỳnh Quốc", "Bảo", MembershipData("SKHCN", Role.ADMINISTRATOR), superuser=True),
    # The competent authority and the other departments.
    _head("UBND-DT", "Đặng Hữu", "Nghĩa", "Chủ tịch", "TM.", "Ủy ban nhân dân"),
    _reporter("STC", "Bùi Thị", "Hạnh"),
    _reporter("SCT", "Dương Công", "Thắng"),
    _reporter("SNNMT", "Ngô Thị Kim", "Yến"),
    # Reported for Sở KH&ĐT until it merged into Sở Tài chính, and for Sở Tài chính since.
    _person(
        "skhdt.baocao",
        "Trương Văn",
        "Hiếu",
        MembershipData("SKHDT", Role.REPORTER),
        MembershipData("STC", Role.REPORTER, valid_from=DEPARTMENTS_MERGED_DAY),
    ),
    _officer("BKHCN", "Đỗ Hoàng", "Nam"),
    # Host organisations: an officer files dossiers, a head signs.
    _officer("DHDT", "Phan Thị", "Thảo"),
    _head("DHDT", "Lý Quốc", "Hùng"),
    _officer("VLUA", "Nguyễn Hữu", "Trung"),
    _head("VLUA", "Trần Thị", "Nga"),
    _officer("TTUD", "Lê Thanh", "Long"),
    _head("TTUD", "Võ Minh", "Quân"),
    _officer("CTY-SH", "Hồ Thị", "Mai"),
    _head("CTY-SH", "Phạm Văn", "Cường"),
    # Receiving units.
    _officer("HTX-TM", "Nguyễn Văn", "Bình"),
    _officer("HTX-MX", "Trần Thanh", "Dũng"),
    _officer("CTY-PT", "Lê Thị", "Phương"),
    _officer("CTY-HN", "Huỳnh Thị", "Linh"),
    _officer("UBND-TPCL", "Phan Văn", "Hải"),
    _officer("UBND-TPSD", "Đinh Thị", "Hòa"),
    _officer("UBND-HTM", "Châu Văn", "Tuấn"),
    _officer("UBND-PCL", "Nguyễn Ngọc", "Khánh"),
    _officer("UBND-PSD", "Trần Thị", "Vy"),
    _officer("UBND-XTM", "Lâm Văn", "An"),
    # Intermediaries.
    _officer("TTKDKN", "Mai Thị", "Thủy"),
    _officer("SGDCN", "Tạ Quang", "Vinh"),
    # The ministry (national level): sees every province's consolidation, no province's case files.
    _head("BKHCN", "Vũ Thị Minh", "Châu"),
    # Former Tiền Giang (merged into Đồng Tháp on 01/07/2025): its Sở's people worked until the merger, then for the
    # Sở of the new Đồng Tháp; the university and the cooperative go on.
    _person(
        "skhcntg.chuyenvien",
        "Nguyễn Thị Bích",
        "Ngọc",
        MembershipData("SKHCN-TG", Role.OFFICER),
        MembershipData("SKHCN", Role.OFFICER, valid_from=PROVINCE_MERGER_DAY),
    ),
    _head("SKHCN-TG", "Trần Quốc", "Việt"),
    _head("UBND-TG", "Lê Hoàng", "Sơn"),
    _officer("DHTG", "Phạm Thị", "Xuân"),
    _head("DHTG", "Huỳnh Văn", "Lộc"),
    _officer("HTX-CG", "Võ Văn", "Tài"),
    _officer("UBND-HCB", "Ngô Văn", "Phước"),
    _officer("UBND-XCB", "Đỗ Thị", "Nhung"),
    # Thái Nguyên, which carries Bắc Kạn's plan and targets since 01/07/2025: every role.
    _officer("SKHCN-TN", "Hoàng Văn", "Thái"),
    _head("SKHCN-TN", "Nông Thị", "Hà", "Giám đốc"),
    _reporter("SKHCN-TN", "Ma Văn", "Sinh"),
    _person("thanhtra.tn", "Lục Thị", "Hằng", MembershipData("SKHCN-TN", Role.AUDITOR)),
    _person("quantri.tn", "Triệu Văn", "Khánh", MembershipData("SKHCN-TN", Role.ADMINISTRATOR)),
    _head("UBND-TN", "Dương Ngọc", "Long", "Chủ tịch", "TM.", "Ủy ban nhân dân"),
    _reporter("STC-TN", "Đàm Thị", "Thu"),
    _officer("DHTN", "Lương Văn", "Quý"),
    _head("DHTN", "Hà Minh", "Đức"),
    # No reporter for ĐH Thái Nguyên: the plan it follows has departments and People's Committees report, not hosts.
    _officer("CDBK", "Bế Văn", "Tùng"),
    _head("CDBK", "Lâm Thị", "Mến"),
    _officer("HTX-TC", "Đinh Văn", "Chiến"),
    _officer("HTX-CM", "Hoàng Thị", "Lụa"),
    _officer("CTY-NSTN", "Nguyễn Đức", "Mạnh"),
    # Former Bắc Kạn: its Sở's officer went on in the Sở of the new Thái Nguyên.
    _person(
        "skhcnbk.chuyenvien",
        "Nông Văn",
        "Dũng",
        MembershipData("SKHCN-BK", Role.OFFICER),
        MembershipData("SKHCN-TN", Role.OFFICER, valid_from=PROVINCE_MERGER_DAY),
    ),
    _head("SKHCN-BK", "Hoàng Thị", "Nhàn"),
    # Former Bắc Kạn's People's Committee: its Chairman decided ownership of the Sở's tasks until the merger.
    _head("UBND-BK", "Triệu Đức", "Thanh", "Chủ tịch", "TM.", "Ủy ban nhân dân"),
]

BY_USERNAME = {person.username: person for person in PEOPLE}
