"""Production refuses the development audit key, as it refuses the development SECRET_KEY; keys rotate."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "khcn.example.gov.vn",
    "DATABASE_URL": "sqlite:////tmp/never-opened.sqlite3",
}


def _shell(code, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_HMAC")}
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_real_audit_key():
    done = _shell("print('started')", **PRODUCTION)
    assert done.returncode != 0
    assert "DJANGO_ENV=production needs AUDIT_HMAC_KEYS" in done.stderr
    done = _shell(
        "print('started')", **PRODUCTION, AUDIT_HMAC_KEYS="dev:dev-only-audit-hmac-key-do-not-use-in-production"
    )
    assert done.returncode != 0


def test_the_first_key_of_a_key_file_signs_and_every_key_verifies(tmp_path):
    keys = tmp_path / "audit-hmac-keys"
    keys.write_text("2027:" + "n" * 40 + "\n2026:" + "o" * 40 + "\n", encoding="utf-8")
    code = (
        "from audit import signing; print(signing.signing_key()[0]); print(signing.valid('m', *signing.sign('m', ('2026', b'"
        + "o" * 40
        + "'))))"
    )
    done = _shell(code, **PRODUCTION, AUDIT_HMAC_KEYS_FILE=str(keys))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2027", "True"]
