"""The two legal regimes in force for results of state-funded tasks. Editable afterwards in the admin.

Sources: Law on S&T 29/2013/QH13 (in force 01/01/2014), Decree 08/2014/NĐ-CP, Decree 70/2018/NĐ-CP;
Law on Science, Technology and Innovation 93/2025/QH15 Art. 25 and Art. 73(3) (tasks approved from 01/10/2025).
"""

import datetime

from django.db import migrations

REGIMES = [
    {
        "code": "luat-khcn-2013",
        "name": "Luật Khoa học và Công nghệ 2013",
        "effective_from": datetime.date(2014, 1, 1),
        "ownership_by_law": False,
        "author_share_min_percent": 30,
        "legal_basis": "Luật KH&CN 29/2013/QH13; Nghị định 08/2014/NĐ-CP (giao quyền, tác giả ≥30%); "
        "Nghị định 70/2018/NĐ-CP (quản lý tài sản hình thành qua nhiệm vụ KH&CN).",
    },
    {
        "code": "luat-khcn-dmst-2025",
        "name": "Luật Khoa học, công nghệ và đổi mới sáng tạo 2025",
        "effective_from": datetime.date(2025, 10, 1),
        "ownership_by_law": True,
        "author_share_min_percent": 30,
        "legal_basis": "Luật 93/2025/QH15 Điều 25 khoản 2 (giao quyền sở hữu theo luật, không bồi hoàn), "
        "Điều 28 khoản 3 điểm a (tác giả ≥30% lợi nhuận sau thuế), Điều 73 khoản 3 (nhiệm vụ phê duyệt từ 01/10/2025).",
    },
]


def seed(apps, schema_editor):
    LegalRegime = apps.get_model("tasks_registry", "LegalRegime")
    for regime in REGIMES:
        LegalRegime.objects.update_or_create(code=regime["code"], defaults=regime)


def unseed(apps, schema_editor):
    apps.get_model("tasks_registry", "LegalRegime").objects.filter(code__in=[r["code"] for r in REGIMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("tasks_registry", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
