"""Writes every export of the demo database (the consolidated report in Word and Excel, the audit log in Excel and
CSV, the import template) as a person downloads it, and renders each with LibreOffice to PDF and with poppler's
pdftoppm to PNG pages, so that someone can look at them page by page: `make docs-preview`.

Usage: python scripts/docs_preview.py OUT_DIR  (the database is the one `make demo` builds; nothing is written to it)
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from audit.workspace import exports as audit_exports  # noqa: E402
from audit.workspace.access import visible_events  # noqa: E402
from reports import exports, scope  # noqa: E402
from reports.consolidation import consolidate_province  # noqa: E402
from reports.models import ReportingSettings  # noqa: E402
from reports.views import breakdowns_of  # noqa: E402
from tasks_registry.importing import template_workbook_bytes  # noqa: E402
from tasks_registry.models import Province  # noqa: E402
from tasks_registry.signers import signer_for  # noqa: E402

PAGES = 4  # PNG pages per file: enough to see the first page, the second (page number, repeated header)
CSV_FILTER = "CSV:44,34,76,1"  # comma, double quote, UTF-8 (76), from line 1 — LibreOffice's CSV import options


def files(out):
    """(file name, bytes) of every export, made by the same functions the views call; the names differ in their
    stems too, since the PDF and PNG pages are named after the stem."""
    User = get_user_model()
    year = timezone.localdate().year
    head = User.objects.get(username="skhcn.lanhdao")
    auditor = User.objects.get(username="thanhtra")
    province = Province.objects.get(name="Đồng Tháp")
    settings = ReportingSettings.for_province(province)
    consolidation = consolidate_province(year, province)
    annex = exports.Annex.of(consolidation, scope.plan_for(year, settings, province))
    yield (
        f"bao-cao-tong-hop-{year}-word.docx",
        exports.docx(
            consolidation, issuer=settings.consolidator, signer=signer_for(settings.consolidator, head), annex=annex
        ),
    )
    yield f"bao-cao-tong-hop-{year}-excel.xlsx", exports.xlsx(consolidation, breakdowns_of(consolidation.scope), annex)
    events = visible_events(auditor).order_by("-occurred_at", "-id")
    yield "nhat-ky-excel.xlsx", audit_exports.to_xlsx(events)[0]
    yield "nhat-ky-csv.csv", audit_exports.to_csv(events)[0]
    yield "nhat-ky-csv-cham-phay.csv", audit_exports.to_csv(events, delimiter=";")[0]
    yield "mau-nhap-ket-qua.xlsx", template_workbook_bytes()


def render(path, profile):
    command = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    if path.suffix == ".csv":
        separator = "59" if "cham-phay" in path.name else "44"
        command += [f"--infilter={CSV_FILTER.replace('44', separator, 1)}"]
    command += ["--convert-to", "pdf", "--outdir", str(path.parent), str(path)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=600)
    pdf = path.with_suffix(".pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-l", str(PAGES), str(pdf), str(path.with_suffix(""))], check=True, timeout=600
    )
    return pdf


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.suffix in (".png", ".pdf", ".docx", ".xlsx", ".csv"):
            old.unlink()
    with translation.override("vi"):
        written = []
        for name, content in files(out):
            path = out / name
            path.write_bytes(content)
            written.append(path)
    with tempfile.TemporaryDirectory(prefix="docs-preview-lo-") as profile:
        for path in written:
            pdf = render(path, Path(profile))
            pages = sorted(out.glob(f"{path.stem}-*.png"))
            print(f"{path.name}: {pdf.name}, {len(pages)} PNG page(s)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test-artifacts/docs-preview")
