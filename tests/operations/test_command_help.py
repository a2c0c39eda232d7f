"""Every command the project adds answers `--help` in the operator's language instead of a traceback."""

import contextlib
import io

import pytest
from django.core.management import get_commands, load_command_class

PROJECT_APPS = ("tasks_registry", "workflows", "reports", "audit", "operations", "notifications", "accounts", "api")
COMMANDS = sorted(name for name, app in get_commands().items() if app in PROJECT_APPS)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_commands_help_prints(name):
    parser = load_command_class(get_commands()[name], name).create_parser("manage.py", name)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as done:
        parser.parse_args(["--help"])
    assert done.value.code == 0
    assert f"manage.py {name}" in out.getvalue() and "--help" in out.getvalue()
