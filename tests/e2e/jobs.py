"""Each demo login's main job, done in a browser from its home page by clicking (and typing into the fields of the
page it reaches), as a person would. Every page reached is photographed and checked with axe-core by `Walk.look`.

The jobs read nothing from the database: what they click is what the page offers, so they also run against
`make run`'s server: `python -m tests.e2e.jobs http://127.0.0.1:8000 skhcn.lanhdao head` (the job names are the keys
of `JOBS`; an auditor's job takes a registration number and a person's name after it)."""

import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .axe import violations
from .session import forget_the_signed_in_person

PASSWORD = "demo1234"  # demo.DEMO_PASSWORD, repeated so that this module runs without Django
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e" / "logins"
# A whole page's picture costs about four times the window's (0.6 s against 0.15 s, some 230 pages a walk): the
# window is enough for CI, where the pictures are only read when something failed; a developer's run keeps whole pages.
FULL_PAGE = os.environ.get("E2E_FULL_PAGE_SCREENSHOTS", "0" if os.environ.get("CI") == "true" else "1") == "1"
# Settled: Turbo has drawn the page, no finite animation runs, and the message of a step done (viewflow's
# vf-snackbar, shown by a timer after the page connects it, then faded in by Material's snackbar) is fully open.
SETTLED = """() => {
  if (document.documentElement.hasAttribute('aria-busy')) return false;
  const bar = document.querySelector('vf-snackbar');
  if (bar && bar.textContent.trim() && !bar.querySelector('.mdc-snackbar__surface')) return false;
  if (bar && ['mdc-snackbar--opening', 'mdc-snackbar--closing'].some((name) => bar.classList.contains(name))) {
    return false;
  }
  return document.getAnimations().every(
    (animation) => animation.playState !== 'running' || animation.effect?.getComputedTiming().endTime === Infinity);
}"""
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A step that sends work back or ends it is taken only when nothing else is offered: the job is to move a case on.
BACKWARD = re.compile(r"^(return_|decline_|reject|refuse_|close)")


@dataclass
class Walk:
    """One login's walk: the pages seen (with their axe-core findings) and what went wrong."""

    page: object
    base: str
    login: str
    seen: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    server_errors: list = field(default_factory=list)

    def __post_init__(self):
        self.page.on("response", self._watch)

    def _watch(self, response):
        if response.status >= 500 and response.url.startswith(self.base):
            self.server_errors.append(f"{response.status} {response.url}")

    def look(self, name):
        """The page as it stands: a screenshot, and axe-core's critical and serious violations."""
        self.page.wait_for_load_state("load")
        # A page is looked at once it has settled, as a person sees it: viewflow's pages move with Turbo (the old
        # document stays "loaded" while the next one is fetched, <html aria-busy="true"> until it is drawn), and the
        # message of a step done fades in (axe-core measured its colours half-way: contrast 4,27).
        self.page.wait_for_function(SETTLED)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        number = len(self.seen) + 1
        self.page.screenshot(path=str(ARTIFACTS / f"{self.login}-{number:02d}-{name}.png"), full_page=FULL_PAGE)
        url = self.page.url.removeprefix(self.base)
        self.seen.append(url)
        for violation in violations(self.page):
            self.problems.append(f"{url}: {violation}")

    def fail(self, message):
        self.problems.append(f"{self.page.url.removeprefix(self.base)}: {message}")


def log_in(walk, *, look_at_the_form=True):
    page = walk.page
    forget_the_signed_in_person(page)
    page.goto(f"{walk.base}/accounts/login/")
    if look_at_the_form:  # the same page for everyone: looked at once per run
        walk.look("login")
    page.get_by_label("Tên đăng nhập").fill(walk.login)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{walk.base}/")
    walk.look("home")


def go_home(walk):
    walk.page.get_by_role("link", name="Trang chủ", exact=True).first.click()
    walk.page.wait_for_url(f"{walk.base}/")


def _actions(page, section=None, title=None):
    scope = page.locator(f"section#{section}") if section else page.locator("main")
    items = scope.locator("li.action")
    if title:
        items = items.filter(has_text=title)
    return items


def open_action(walk, *, section=None, title=None, prefer_claim=False):
    """Clicks the button of the first thing on the home page (in a section, about a work title); False if none."""
    page = walk.page
    items = _actions(page, section, title)
    if prefer_claim and items.filter(has=page.locator("form.action__button")).count():
        items = items.filter(has=page.locator("form.action__button"))
    if not items.count():
        return False
    # A link opens the work; a claim is a form whose button posts it: either way the first .action__button's target.
    items.first.locator("a.action__button, form.action__button button").first.click()
    page.wait_for_load_state("load")
    return True


def reach_execute_page(walk):
    """From a task's page, its "Thực hiện" (execute) button; from a claim, viewflow continues there already."""
    page = walk.page
    if "/execute/" in page.url:
        return True
    walk.look("task")
    execute = page.locator(".vf-card__actions a.mdc-button").filter(has_text=re.compile(r"^\s*Thực hiện\s*$"))
    if not execute.count():
        claim = page.locator(".vf-card__actions a.mdc-button").filter(has_text="Nhận việc")
        if not claim.count():
            walk.fail("the task's page offers neither «Thực hiện» nor «Nhận việc»")
            return False
        claim.first.click()
        page.wait_for_load_state("load")
        walk.look("claim")
        page.locator("form.vf-form button[name='_continue']").click()
        page.wait_for_url(re.compile(r"/execute/"))
        return True
    execute.first.click()
    page.wait_for_url(re.compile(r"/execute/"))
    return True


def _pick(page, name, value=None):
    """A Material select of viewflow's form: open it, click an option (the given value or the first real one)."""
    field_ = page.locator(f"vf-field-select[name='{name}']")
    if not field_.count() or not field_.is_visible():
        return False
    field_.locator(".mdc-select__anchor").click()
    options = field_.locator("li[role='option']")
    option = options.filter(has=page.locator(f"xpath=self::*[@data-value='{value}']")) if value else None
    if option is None or not option.count():
        option = field_.locator("li[role='option']:not([data-value=''])").first
    option.click()
    return True


def _type(page, name, text):
    box = page.locator(f"form.vf-form [name='{name}']:is(input, textarea)")
    if box.count() and box.first.is_visible():
        box.first.fill(text)


def fill_step(walk, number, *, dossier=()):
    """Chooses the step that moves the case on and fills what it takes with plausible values; attaches the
    dossier's (kind, file name) papers, one per row, adding rows as needed."""
    page = walk.page
    steps = [radio.get_attribute("value") for radio in page.locator("input[name='step']").all()]
    decisions = [radio.get_attribute("value") for radio in page.locator("input[name='decision']").all()]
    if not steps and decisions:
        # An annual report's approval or review: the decision that moves it on (submit, accept).
        decision = next((d for d in decisions if not BACKWARD.match(d) and not d.startswith("send_back")), decisions[0])
        page.locator(f"input[name='decision'][value='{decision}']").check()
        _type(page, "comment", "Đồng ý.")
        return decision
    if not steps:
        walk.fail("no step is offered on the task's form")
        return None
    step = next((s for s in steps if not BACKWARD.match(s)), steps[0])
    page.locator(f"input[name='step'][value='{step}']").check()
    today = datetime.date.today().strftime("%d/%m/%Y")
    for name in ("acceptance_date", "decision_date", "registered_on"):
        _type(page, name, today)
    _type(page, "registration_no", f"KQ-E2E-{number:04d}")
    _type(page, "archive_no", f"LT-E2E-{number:04d}")
    _type(page, "decision_no", f"{number}/QĐ-E2E")
    _type(page, "submission_no", f"{number}/TTr-E2E")
    _type(page, "contract_no", f"{number}/HĐ-E2E")
    _type(page, "contract_value", "150000000")
    _type(page, "requested_amount", "200000000")
    _type(page, "granted_amount", "100000000")
    _type(page, "report", "Đã ứng dụng tại hai cơ sở sản xuất; năng suất tăng 12%.")
    _pick(page, "grade", "passed")
    _pick(page, "outcome", "host_with_repayment")
    _type(page, "repayment_value", "10000000")
    for name in ("holder", "receiving_unit", "transfer_form", "support_kind"):
        _pick(page, name)
    _type(page, "comment", "Đã kiểm tra hồ sơ.")
    for row, (kind, file_name) in enumerate(dossier):
        if not page.get_by_label(f"Tệp {row + 1}", exact=True).count():
            page.get_by_role("button", name="Thêm tài liệu").click()
        page.get_by_label(f"Loại tài liệu {row + 1}", exact=True).select_option(label=kind)
        page.get_by_label(f"Tệp {row + 1}", exact=True).set_input_files(
            files=[{"name": file_name, "mimeType": "application/pdf", "buffer": PDF}]
        )
    return step


def execute(walk, name):
    """Clicks «Thực hiện»; the step is done when the browser leaves the form (an error keeps it there)."""
    page = walk.page
    walk.look(f"{name}-filled")
    page.locator("form.vf-form button:not([name='_continue'])").filter(has_text="Thực hiện").last.click()
    try:
        page.wait_for_url(lambda url: "/execute/" not in url)
    except Exception:  # noqa: BLE001 — a refused form stays on the page: say what it says
        errors = page.locator(".mdc-text-field-helper-text--validation-msg, .dossier__error, .errorlist, [role=alert]")
        walk.fail(f"«{name}» was not done: " + " | ".join(t.strip() for t in errors.all_inner_texts() if t.strip()))
        return False
    walk.look(f"{name}-done")
    return True


# ---- the jobs, one per kind of login --------------------------------------------------------------------------

OWNERSHIP_DOSSIER = (
    ("Đơn đề nghị giao quyền (Mẫu 1)", "mau-1-don-de-nghi-giao-quyen.pdf"),
    ("Báo cáo khả năng ứng dụng, thương mại hoá (Mẫu 2)", "mau-2-bao-cao-kha-nang-ung-dung.pdf"),
    ("Dự thảo thỏa thuận giao quyền (Mẫu 3)", "mau-3-du-thao-thoa-thuan.pdf"),
)


def officer_claims_and_completes(walk, number):
    """An officer: take work from the agency's queue (or the first of my work) and do its step."""
    if not (
        open_action(walk, section="queue", prefer_claim=True)
        or open_action(walk, section="my-work")
        or open_action(walk, section="offers")
    ):
        walk.fail("nothing to take from the home page")
        return None
    if not reach_execute_page(walk):
        return None
    step = fill_step(walk, number)
    return step if step and execute(walk, "step") else None


def host_files_an_ownership_dossier(walk, number):
    """A host organisation's officer: apply for ownership with Mẫu 1, 2 and 3 attached."""
    title = "Đề nghị giao quyền hoặc báo cáo tài sản"
    if not (open_action(walk, section="my-work", title=title) or open_action(walk, section="queue", title=title)):
        return officer_claims_and_completes(walk, number)
    if not reach_execute_page(walk):
        return None
    step = fill_step(walk, number, dossier=OWNERSHIP_DOSSIER)
    return "dossier" if step and execute(walk, "dossier") else None


def receiving_unit_confirms_a_transfer(walk, number):
    """A receiving unit: answer a transfer offered to it by confirming it."""
    if not open_action(walk, section="offers"):
        return officer_claims_and_completes(walk, number)
    if not reach_execute_page(walk):
        return None
    step = fill_step(walk, number)
    return step if step and execute(walk, "transfer") else None


def head_reassigns_and_decides(walk, number):
    """A head: give an overdue piece of the agency's work to a colleague, then decide what awaits the head."""
    page = walk.page
    reassigned = None
    for item in range(min(3, _actions(page, "overdue").count())):
        _actions(page, "overdue").nth(item).locator("a.action__button").click()
        page.wait_for_load_state("load")
        walk.look("overdue-task")
        give = page.locator(".vf-card__actions a.mdc-button").filter(has_text="Giao lại")
        if give.count():
            give.first.click()
            page.wait_for_load_state("load")
            walk.look("reassign")
            reassigned = _pick(page, "owner")
            _type(page, "comment", "Chuyển cho đồng chí xử lý ngay do quá hạn.")
            page.locator("form.vf-form button:not([name='_continue'])").last.click()
            page.wait_for_load_state("load")
            walk.look("reassigned")
        go_home(walk)
        if reassigned:
            break
    if open_action(walk, section="awaiting-decision"):
        step = fill_step(walk, number) if reach_execute_page(walk) else None
        decided = step if step and execute(walk, "decision") else None
    else:
        # A head of an agency that decides nothing takes the agency's work as its officers do.
        decided = officer_claims_and_completes(walk, number)
    if not decided:
        return None
    return f"reassigned+{decided}" if reassigned else decided


def reporter_drafts_the_report(walk, number):
    """A reporter: open the report to draft, take it, correct a figure and hand the draft on."""
    page = walk.page
    if not open_action(walk, section="reports"):
        # A colleague of the same agency may have handed the draft on already: the report list says where it is.
        page.get_by_role("link", name="Báo cáo", exact=True).first.click()
        page.wait_for_load_state("load")
        walk.look("reports")
        return "read"
    walk.look("report")
    page.locator("main form button[name='_continue']").first.click()
    page.wait_for_url(re.compile(r"/execute/"))
    # Correct the first figure the registry prefilled, and explain the correction as the form asks.
    for note in page.locator("form.vf-form :is(input, textarea)[name^='note_']").all():
        key = note.get_attribute("name").removeprefix("note_")
        figure = page.locator(f"form.vf-form input[name='manual_{key}']")
        if figure.count() and figure.input_value().replace(".", "").isdigit():
            figure.fill(str(int(figure.input_value().replace(".", "")) + 1))
            note.fill("Thêm một kết quả công nhận cuối năm chưa nhập vào hệ thống.")
            break
    done = execute(walk, "draft")
    return "draft" if done else None


def auditor_finds_and_exports(walk, number, *, registration_no, person):
    """An auditor: find a case by its registration number and by a person's name, read its timeline, export it."""
    page = walk.page
    page.get_by_label(re.compile("Số đăng ký, mã nhiệm vụ")).fill(registration_no)
    page.get_by_role("button", name="Tìm").click()
    page.wait_for_load_state("load")
    walk.look("search-number")
    case_link = page.locator("main table a[href*='/audit/cases/']").first
    if not case_link.count():
        walk.fail(f"no case found by its registration number {registration_no}")
        return None
    case_link.click()
    page.wait_for_load_state("load")
    walk.look("timeline")
    if registration_no not in page.locator("h1").inner_text():
        walk.fail(f"the timeline found by {registration_no} is headed «{page.locator('h1').inner_text()}»")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel", exact=True).click()
    exported = download.value
    if not exported.suggested_filename.endswith(".xlsx"):
        walk.fail(f"the timeline's export is {exported.suggested_filename}")
    go_home(walk)
    page.get_by_label(re.compile("Số đăng ký, mã nhiệm vụ")).fill(person)
    page.get_by_role("button", name="Tìm").click()
    page.wait_for_load_state("load")
    walk.look("search-person")
    if not page.locator("main table").filter(has_text=person).count():
        walk.fail(f"no event found by the person's name {person}")
        return None
    return "found+exported"


def ministry_compares_provinces(walk, number):
    """The ministry: open a province's consolidated report from the list of provinces."""
    if not open_action(walk, section="provinces"):
        walk.fail("no province to open on the home page")
        return None
    walk.look("province")
    return "province"


def administrator_configures(walk, number):
    """An administrator: the admin (agencies, deadlines, targets: legal facts kept as data), from the menu. A
    province's administrator without the admin's staff access reads the province's results from the home page."""
    page = walk.page
    admin = page.get_by_role("link", name="Quản trị", exact=True)
    if not admin.count():
        page.get_by_role("link", name="Xem danh sách kết quả").click()
        page.wait_for_load_state("load")
        walk.look("results")
        return "results"
    admin.first.click()
    page.wait_for_load_state("load")
    walk.look("admin")
    return "admin"


JOBS = {
    "officer": officer_claims_and_completes,
    "host": host_files_an_ownership_dossier,
    "receiving": receiving_unit_confirms_a_transfer,
    "head": head_reassigns_and_decides,
    "reporter": reporter_drafts_the_report,
    "ministry": ministry_compares_provinces,
    "administrator": administrator_configures,
}


def main(argv):
    """One login's job against a running server, with Debian's chromium; prints what it did and what went wrong."""
    from playwright.sync_api import sync_playwright

    base, login, job, *extra = argv
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
        )
        walk = Walk(context.new_page(), base.rstrip("/"), login)
        log_in(walk)
        if job == "auditor":
            outcome = auditor_finds_and_exports(walk, 1, registration_no=extra[0], person=extra[1])
        else:
            outcome = JOBS[job](walk, 1)
        browser.close()
    print(f"{login}: {job} → {outcome}; pages: {', '.join(walk.seen)}")
    for problem in walk.problems + walk.server_errors:
        print(f"  {problem}")
    return 0 if outcome and not walk.problems and not walk.server_errors else 1


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
