"""The catalogues: complete, well-formed, compiled, and actually used by the models, services and pages.

The project's message ids are Vietnamese (the default language); `locale/en` holds their English translation and
`locale/vi` leaves them untranslated. Viewflow's Material frontend has English msgids and ships no Vietnamese
catalogue, so workflows/viewflow_strings.py lists them for makemessages: `locale/vi` translates them to Vietnamese and
`locale/en` repeats them. The .po files are read with a small stdlib parser so that the suite needs no extra dependency.
"""

import ast
import gettext
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
import viewflow
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tasks_registry import services
from tasks_registry.errors import StepNotAllowed
from tasks_registry.lifecycle import Status
from tests.factories import Province

BASE_DIR = Path(__file__).resolve().parent.parent
EN_PO = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
EN_MO = EN_PO.with_suffix(".mo")
VI_PO = BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"
VI_MO = VI_PO.with_suffix(".mo")
TEMPLATES = BASE_DIR / "templates"
VIEWFLOW_STRINGS = BASE_DIR / "workflows" / "viewflow_strings.py"
VIEWFLOW_LOCALE = Path(viewflow.__file__).resolve().parent / "locale"
DJANGO_VI_PO = [
    Path(django.__file__).resolve().parent / "contrib" / "admin" / "locale" / "vi" / "LC_MESSAGES" / "django.po",
    Path(django.__file__).resolve().parent / "conf" / "locale" / "vi" / "LC_MESSAGES" / "django.po",
]

# %(name)s, %(seconds).1f, %s, %d, %% … (printf style, as Python's % operator reads them)
PRINTF = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa%]")
BRACE = re.compile(r"\{[^{}]*\}")
# Letters that only Vietnamese uses (with its diacritics), lower and upper case.
VIETNAMESE_LETTER = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]"
)
# Proper names that stay Vietnamese in the English text.
PROPER_NAMES = ("Đồng Tháp",)


# --- a tiny .po reader -------------------------------------------------------------------------------------------------


class Entry:
    def __init__(self):
        self.flags = set()
        self.msgctxt = None
        self.msgid = None
        self.msgid_plural = None
        self.msgstr = {}  # index → text; a singular entry uses index 0
        self.obsolete = False

    @property
    def translations(self):
        return [self.msgstr.get(index, "") for index in sorted(self.msgstr)] or [""]

    def sources_for(self, index):
        """The msgid a translation should mirror: msgid for [0], msgid_plural for the others."""
        return self.msgid if index == 0 or self.msgid_plural is None else self.msgid_plural

    def __repr__(self):
        return f"<Entry {self.msgid!r}>"


def _unquote(text):
    return ast.literal_eval(text.strip())


def read_po(path):
    """(header entry, [entries]) of a .po file; obsolete (#~) entries are left out."""
    entries, entry, field = [], Entry(), None

    def flush():
        nonlocal entry, field
        if entry.msgid is not None and not entry.obsolete:
            entries.append(entry)
        entry, field = Entry(), None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#,"):
            if entry.msgid is not None:
                flush()
            entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith("#"):
            if entry.msgid is not None:
                flush()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            assert field is not None, f"{path}: continuation line without a keyword: {raw!r}"
            value = _unquote(line)
        elif keyword == "msgctxt":
            if entry.msgid is not None:
                flush()
            field, value = ("msgctxt", None), _unquote(rest)
        elif keyword == "msgid":
            if entry.msgid is not None:
                flush()
            field, value = ("msgid", None), _unquote(rest)
        elif keyword == "msgid_plural":
            field, value = ("msgid_plural", None), _unquote(rest)
        elif keyword == "msgstr":
            field, value = ("msgstr", 0), _unquote(rest)
        elif keyword.startswith("msgstr["):
            field, value = ("msgstr", int(keyword[7:-1])), _unquote(rest)
        else:
            raise AssertionError(f"{path}: cannot read line {raw!r}")
        name, index = field
        if name == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + value
        else:
            setattr(entry, name, (getattr(entry, name) or "") + value)
    flush()
    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    return header, [e for e in entries if e is not header]


def header_fields(header):
    text = header.msgstr.get(0, "")
    return dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)


def placeholders(text):
    return Counter(PRINTF.findall(text))


@pytest.fixture(scope="module")
def english():
    return read_po(EN_PO)


@pytest.fixture(scope="module")
def vietnamese():
    return read_po(VI_PO)


def _label(entry):
    return f"{entry.msgid!r}" + (f" (context {entry.msgctxt!r})" if entry.msgctxt else "")


def _edges(text):
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


def _tags(text):
    return sorted(re.findall(r"</?\w+", text))


def viewflow_messages():
    """{(msgctxt, msgid): msgid_plural} of every call in workflows/viewflow_strings.py, read without importing it."""
    found = {}
    for node in ast.walk(ast.parse(VIEWFLOW_STRINGS.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        args = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
        if node.func.id == "gettext_noop":
            found[(None, args[0])] = None
        elif node.func.id == "pgettext_lazy":
            found[(args[0], args[1])] = None
        elif node.func.id == "ngettext_lazy":
            found[(None, args[0])] = args[1]
        else:
            raise AssertionError(f"{VIEWFLOW_STRINGS.name}: unexpected call {node.func.id}()")
    return found


def _is_viewflow(entry, listed):
    return (entry.msgctxt, entry.msgid) in listed


# --- (a) the catalogue itself ---------------------------------------------------------------------------------------------


def test_the_reader_understands_the_po_format(tmp_path):
    sample = tmp_path / "sample.po"
    sample.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "Dòng %(row)s"\nmsgstr "Row %(row)s"\n\n'
        'msgctxt "nav"\nmsgid ""\n"Trang "\n"chủ"\nmsgstr "Home"\n\n'
        'msgid "%(n)s kết quả"\nmsgid_plural "%(n)s kết quả"\nmsgstr[0] "%(n)s result"\nmsgstr[1] ""\n\n'
        '#~ msgid "cũ"\n#~ msgstr "old"\n',
        encoding="utf-8",
    )
    header, entries = read_po(sample)
    assert header_fields(header) == {"Language": "en"}
    assert [e.msgid for e in entries] == ["Dòng %(row)s", "Trang chủ", "%(n)s kết quả"]
    assert entries[0].flags == {"fuzzy", "python-format"}
    assert entries[1].msgctxt == "nav" and entries[1].translations == ["Home"]
    assert entries[2].translations == ["%(n)s result", ""]
    assert placeholders("%(a)s, %(b).1f%% and %s") == Counter({"%(a)s": 1, "%(b).1f": 1, "%%": 1, "%s": 1})


def test_english_header_declares_the_language_charset_and_plural_rule(english):
    header, _entries = english
    assert header is not None and "fuzzy" not in header.flags
    fields = header_fields(header)
    assert fields.get("Language") == "en"
    assert "charset=UTF-8" in fields.get("Content-Type", "")
    assert fields.get("Plural-Forms", "").replace(" ", "") == "nplurals=2;plural=(n!=1);"


def test_vietnamese_header_is_valid_and_its_catalogue_matches_the_english_one(vietnamese, english):
    header, vi_entries = vietnamese
    assert header is not None and "fuzzy" not in header.flags
    fields = header_fields(header)
    assert fields.get("Language") == "vi"
    assert "charset=UTF-8" in fields.get("Content-Type", "")
    assert fields.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    keys = lambda entries: {(e.msgctxt, e.msgid) for e in entries}  # noqa: E731
    assert keys(vi_entries) == keys(english[1]), "run makemessages for both languages"


def test_every_english_entry_is_translated_and_not_fuzzy(english):
    _header, entries = english
    assert len(entries) > 500
    untranslated = [_label(e) for e in entries if not all(text.strip() for text in e.translations)]
    fuzzy = [_label(e) for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy[:10]}"
    plural = [e for e in entries if e.msgid_plural is not None]
    assert plural and all(len(e.translations) == 2 for e in plural)


def test_english_keeps_every_placeholder_of_its_msgid(english):
    _header, entries = english
    wrong = []
    for entry in entries:
        for index, text in enumerate(entry.translations):
            source = entry.sources_for(index)
            if placeholders(source) != placeholders(text):
                wrong.append((_label(entry), text))
            if "python-brace-format" in entry.flags and Counter(BRACE.findall(source)) != Counter(BRACE.findall(text)):
                wrong.append((_label(entry), text))
    assert not wrong, wrong[:10]
    assert any("python-format" in e.flags for e in entries)


def test_english_keeps_leading_and_trailing_whitespace_and_markup(english):
    _header, entries = english
    wrong = []
    for entry in entries:
        for index, text in enumerate(entry.translations):
            source = entry.sources_for(index)
            if _edges(source) != _edges(text) or _tags(source) != _tags(text):
                wrong.append((_label(entry), text))
    assert not wrong, wrong[:10]


def test_english_translations_are_english(english):
    """No Vietnamese letters left in the English text (a copied msgid or a half-done translation)."""
    _header, entries = english
    leftovers = []
    for entry in entries:
        for text in entry.translations:
            for name in PROPER_NAMES:
                text = text.replace(name, "")
            if VIETNAMESE_LETTER.search(text):
                leftovers.append((_label(entry), text))
    assert not leftovers, leftovers[:10]


def test_english_repeats_viewflows_own_words(english):
    """Viewflow's msgids are English already: the English catalogue gives them back unchanged."""
    _header, entries = english
    listed = viewflow_messages()
    changed = []
    for entry in entries:
        if _is_viewflow(entry, listed):
            expected = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
            if entry.translations != expected:
                changed.append((_label(entry), entry.translations))
    assert not changed, changed[:10]


@pytest.mark.parametrize("mo_path", [EN_MO, VI_MO], ids=["en", "vi"])
def test_compiled_catalogue_is_up_to_date(mo_path):
    """The .mo that Django reads says what the .po says (run `manage.py compilemessages` after editing)."""
    _header, entries = read_po(mo_path.with_suffix(".po"))
    assert mo_path.exists(), "run: .venv/bin/python manage.py compilemessages --ignore=.venv"
    with mo_path.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries:
        # An empty msgstr is left out of the .mo: gettext then answers with the msgid (or msgid_plural).
        if entry.msgctxt is not None:
            got = catalogue.pgettext(entry.msgctxt, entry.msgid)
            expected = entry.translations[0] or entry.msgid
        elif entry.msgid_plural is not None:
            got = [catalogue.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
            if all(entry.translations):
                expected = [entry.translations[catalogue.plural(n)] for n in (1, 2)]
            else:
                expected = [entry.msgid, entry.msgid_plural]
        else:
            got, expected = catalogue.gettext(entry.msgid), entry.translations[0] or entry.msgid
        if got != expected:
            stale.append(_label(entry))
    assert not stale, f"the .mo is stale, run compilemessages: {stale[:10]}"


# --- viewflow's strings in Vietnamese ---------------------------------------------------------------------------------------

# Viewflow msgids that Vietnamese writes the same way: file formats and a bare pair of placeholders.
SAME_IN_VIETNAMESE = {"BPMN", "PNG", "%(label)s %(name)s"}


def test_viewflow_strings_module_is_never_imported():
    """It only feeds makemessages; importing it would be a sign that someone mistook it for run-time code."""
    assert "workflows.viewflow_strings" not in sys.modules


def test_viewflow_strings_module_lists_every_msgid_of_viewflows_own_catalogues():
    listed = viewflow_messages()
    assert len(listed) > 150
    shipped = {}
    for po in sorted(VIEWFLOW_LOCALE.glob("*/LC_MESSAGES/django.po")):
        for entry in read_po(po)[1]:
            shipped[(entry.msgctxt, entry.msgid)] = entry.msgid_plural
    assert len(shipped) > 140, "viewflow's catalogues were not found"
    missing = sorted((key, plural) for key, plural in shipped.items() if listed.get(key, "absent") != plural)
    assert not missing, f"add to {VIEWFLOW_STRINGS.name}: {missing[:10]}"


def test_vietnamese_catalogue_holds_every_viewflow_string(vietnamese):
    _header, entries = vietnamese
    present = {(e.msgctxt, e.msgid): e.msgid_plural for e in entries}
    listed = viewflow_messages()
    missing = sorted(str(key) for key, plural in listed.items() if key not in present or present[key] != plural)
    assert not missing, f"run makemessages: {missing[:10]}"


def test_every_viewflow_string_has_a_vietnamese_translation(vietnamese):
    _header, entries = vietnamese
    listed = viewflow_messages()
    ours = [e for e in entries if _is_viewflow(e, listed)]
    assert len(ours) == len(listed)
    untranslated = [_label(e) for e in ours if not all(text.strip() for text in e.translations)]
    fuzzy = [_label(e) for e in ours if "fuzzy" in e.flags]
    wrong_count = [_label(e) for e in ours if len(e.translations) != 1]  # Vietnamese has one plural form
    copied = [
        (_label(e), e.translations[0])
        for e in ours
        if e.msgid not in SAME_IN_VIETNAMESE and " ".join(e.translations[0].split()) == " ".join(e.msgid.split())
    ]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy[:10]}"
    assert not wrong_count, wrong_count[:10]
    assert not copied, f"left in English: {copied[:10]}"


def test_vietnamese_keeps_the_placeholders_whitespace_and_markup_of_viewflows_msgids(vietnamese):
    """%(name)s, %s, {task}, %% and HTML survive; a plural's only form mirrors msgid_plural (it serves every n)."""
    _header, entries = vietnamese
    listed = viewflow_messages()
    wrong = []
    for entry in entries:
        if not _is_viewflow(entry, listed):
            continue
        text = entry.translations[0]
        source = entry.msgid_plural if entry.msgid_plural is not None else entry.msgid
        if (
            placeholders(source) != placeholders(text)
            or Counter(BRACE.findall(source)) != Counter(BRACE.findall(text))
            or _edges(source) != _edges(text)
            or _tags(source) != _tags(text)
        ):
            wrong.append((_label(entry), text))
    assert not wrong, wrong[:10]


def test_vietnamese_uses_the_agreed_words_for_the_workspace(vietnamese):
    _header, entries = vietnamese
    words = {(e.msgctxt, e.msgid): e.translations[0] for e in entries}
    agreed = {
        "Inbox": "Việc của tôi",
        "Queue": "Việc chờ nhận",
        "Archive": "Việc đã làm",
        "Assign": "Nhận việc",
        "Unassign": "Trả lại hàng đợi",
        "Execute": "Thực hiện",
        "Task": "Công việc",
        "Process": "Hồ sơ xử lý",
        "Flow": "Quy trình",
        "Cancel": "Hủy",
        "Undo": "Hoàn tác",
        "Revive": "Khôi phục",
        "Dashboard": "Tổng quan",
        "Owner": "Người xử lý",
        "Created": "Tạo lúc",
        "Finished": "Hoàn thành lúc",
        "Status": "Trạng thái",
    }
    statuses = {
        "New": "Mới",
        "Assigned": "Đã nhận",
        "Started": "Đang làm",
        "Done": "Đã xong",
        "Canceled": "Đã hủy",
        "Error": "Lỗi",
    }
    expected = {**{(None, k): v for k, v in agreed.items()}, **{("STATUS", k): v for k, v in statuses.items()}}
    assert {key: words.get(key) for key in expected} == expected


def test_viewflow_strings_that_django_translates_read_as_django_has_them(vietnamese):
    """locale/ comes first for every page, the admin's too: a msgid viewflow shares with Django ("Log out", "Save",
    "Change password" …) keeps Django's Vietnamese wording, so the project's catalogue rewords nothing of the admin."""
    _header, entries = vietnamese
    django_words = {}
    for po in DJANGO_VI_PO:
        for entry in read_po(po)[1]:
            if entry.translations[0]:
                django_words.setdefault((entry.msgctxt, entry.msgid), entry.translations[0])
    listed = viewflow_messages()
    shared = [e for e in entries if _is_viewflow(e, listed) and (e.msgctxt, e.msgid) in django_words]
    assert len(shared) > 20
    differ = [
        (_label(e), e.translations[0], django_words[(e.msgctxt, e.msgid)])
        for e in shared
        if e.translations[0] != django_words[(e.msgctxt, e.msgid)]
    ]
    assert not differ, differ[:10]


def test_project_messages_stay_untranslated_in_vietnamese(vietnamese):
    """The project's msgids are Vietnamese already: an msgstr there would only be a stale copy waiting to drift."""
    _header, entries = vietnamese
    listed = viewflow_messages()
    project = [e for e in entries if not _is_viewflow(e, listed)]
    assert len(project) > 500
    filled = [(_label(e), e.translations) for e in project if any(e.translations) or "fuzzy" in e.flags]
    assert not filled, filled[:10]


# --- the templates are covered ------------------------------------------------------------------------------------------

TRANSLATE_TAG = re.compile(r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<text>.*?)(?P=q)(?:\s+[^%]*)?%\}""")
UNDERSCORE = re.compile(r"""_\((?P<q>["'])(?P<text>.*?)(?P=q)\)""")
BLOCK = re.compile(
    r"\{%\s*(?:blocktranslate|blocktrans)(?P<args>[^%]*)%\}(?P<body>.*?)\{%\s*end(?:blocktranslate|blocktrans)\s*%\}",
    re.S,
)
PLURAL_TAG = re.compile(r"\{%\s*plural\s*%\}")
VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def template_messages():
    """Every (msgid, msgid_plural) the templates ask for, as makemessages would write it."""
    found = set()
    for path in sorted(TEMPLATES.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        for match in TRANSLATE_TAG.finditer(source):
            found.add((match["text"], None, path.name))
        for match in UNDERSCORE.finditer(source):
            found.add((match["text"], None, path.name))
        for match in BLOCK.finditer(source):
            parts = PLURAL_TAG.split(match["body"])
            if "trimmed" in match["args"].split():
                parts = [" ".join(line.strip() for line in part.strip().splitlines() if line.strip()) for part in parts]
            parts = [VARIABLE.sub(r"%(\1)s", part.replace("%", "%%")) for part in parts]
            found.add((parts[0], parts[1] if len(parts) > 1 else None, path.name))
    return found


def test_every_template_string_is_in_the_english_catalogue(english):
    _header, entries = english
    catalogue = {(e.msgid, e.msgid_plural) for e in entries}
    asked = template_messages()
    assert len(asked) > 50
    missing = sorted((text, name) for text, plural, name in asked if (text, plural) not in catalogue)
    assert not missing, f"run makemessages: {missing[:10]}"


# --- (b) the translation is used ------------------------------------------------------------------------------------------


def test_status_labels_follow_the_active_language():
    with translation.override("en"):
        english_label = str(Status.ACCEPTED.label)
    with translation.override("vi"):
        vietnamese_label = str(Status.ACCEPTED.label)
    assert "ccept" in english_label
    assert not VIETNAMESE_LETTER.search(english_label)
    assert vietnamese_label == "Đã nghiệm thu, công nhận kết quả"


@pytest.mark.django_db
def test_a_service_refusal_is_english_when_english_is_active():
    province = Province()
    result = province.result()  # just recorded: acceptance not yet decided, so registration is premature
    with translation.override("en"), pytest.raises(StepNotAllowed) as refused:
        services.take_step(result, "submit_registration", actor=province.host_officer, agency=province.host)
    message = str(refused.value)
    assert "Submit registration dossier" in message  # the step, by its English name
    assert "Acceptance dossier submitted" in message  # the current status, in English too
    assert not VIETNAMESE_LETTER.search(message), message

    with translation.override("vi"), pytest.raises(StepNotAllowed) as refused:
        services.take_step(result, "submit_registration", actor=province.host_officer, agency=province.host)
    assert "Nộp hồ sơ đăng ký kết quả" in str(refused.value)


@pytest.mark.django_db
def test_home_page_is_english_with_the_language_cookie_and_vietnamese_without(client):
    province = Province()
    client.force_login(province.host_officer)

    html = client.get(reverse("home")).content.decode()
    assert '<html lang="vi">' in html
    assert "Trang chủ" in html and "Đăng xuất" in html

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert "Trang chủ" not in html and "Đăng xuất" not in html
    for text in (">Home<", ">Results<", "Log out", 'aria-label="Main navigation"', "Your agencies and roles"):
        assert text in html, text


class _VisibleText(HTMLParser):
    """The text nodes a person sees: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.texts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style", "template")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style", "template")

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(html):
    parser = _VisibleText()
    parser.feed(html)
    return parser.texts


@pytest.mark.django_db
def test_viewflow_queue_page_speaks_vietnamese_without_the_cookie_and_english_with_it(client):
    province = Province()
    client.force_login(province.dept_officer)  # an officer of the department, with a membership

    response = client.get("/workflow/result/queue/")
    assert response.status_code == 200
    html = response.content.decode()
    texts = visible_texts(html)
    assert '<html lang="vi"' in html
    # The flow's own lists (the frame's second bar, templates/viewflow/base_page.html) and the header, in Vietnamese.
    for word in ("Hồ sơ kết quả", "Tổng quan", "Việc của tôi", "Việc chờ nhận", "Việc đã làm", "Đăng xuất"):
        assert word in texts, (word, texts)
    english = re.compile(r"\b(?:Dashboard|Inbox|Queue|Archive|Applications|Log out|Overview|My work)\b")
    assert not [text for text in texts if english.search(text)], texts

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/workflow/result/queue/").content.decode()
    texts = visible_texts(html)
    assert '<html lang="en"' in html
    for word in ("Result cases", "Overview", "My work", "Work to claim", "Completed work", "Log out"):
        assert word in texts, (word, texts)
    assert "Việc chờ nhận" not in texts and "Việc của tôi" not in texts
