"""Demo people: a login in every role, all with the one demo password (`DEMO_PASSWORD`).

Usernames are readable ASCII: `<agency login>.<role>` (chuyenvien = officer, lanhdao = head, baocao = reporter),
plus `thanhtra` (auditor) and `quantri` (administrator). Names are written family name first as Vietnamese do:
`first_name` holds the family and middle names, `last_name` the given name, so `get_full_name()` reads right.
"""

import datetime
from dataclasses import dataclass

from ..roles import Role
from .agencies import BY_CODE, DEPARTMENTS_MERGED_DAY


@dataclass(frozen=True)
class MembershipData:
    agency: str
    role: str
    valid_from: datetime.date | None = None  # None: from MEMBERSHIPS_FROM or the agency's first day, the later
    valid_to: datetime.date | None = None


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


def _head(code, family, given):
    return _person(f"{BY_CODE[code].login}.lanhdao", family, given, MembershipData(code, Role.HEAD))


def _reporter(code, family, given):
    return _person(f"{BY_CODE[code].login}.baocao", family, given, MembershipData(code, Role.REPORTER))


PEOPLE = [
    # Sở KH&CN: manages every task, consolidates reports.
    _person("skhcn.chuyenvien1", "Nguyễn Thị Thu", "Hà", MembershipData("SKHCN", Role.OFFICER)),
    _person("skhcn.chuyenvien2", "Trần Minh", "Khoa", MembershipData("SKHCN", Role.OFFICER)),
    _head("SKHCN", "Lê Văn", "Phúc"),
    _reporter("SKHCN", "Phạm Ngọc", "Lan"),
    _person("thanhtra", "Võ Thanh", "Tâm", MembershipData("SKHCN", Role.AUDITOR)),
    _person("quantri", "Huỳnh Quốc", "Bảo", MembershipData("SKHCN", Role.ADMINISTRATOR), superuser=True),
    # The competent authority and the other departments.
    _head("UBND-DT", "Đặng Hữu", "Nghĩa"),
    _reporter("STC", "Bùi Thị", "Hạnh"),
    _reporter("SCT", "Dương Công", "Thắng"),
    _reporter("SNNMT", "Ngô Thị Kim", "Yến"),
    # Reported for Sở KH&ĐT until it merged into Sở Tài chính, and for Sở Tài chính since.
    _person(
        "skhdt.baocao", "Trương Văn", "Hiếu",
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
]

BY_USERNAME = {person.username: person for person in PEOPLE}
