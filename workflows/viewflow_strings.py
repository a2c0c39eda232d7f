"""Viewflow's user-visible strings, listed so that the project's own catalogue keeps them.

This module is never imported at run time. It exists for `makemessages`: viewflow 2.4 ships no Vietnamese catalogue,
and Django looks a msgid up in LOCALE_PATHS (locale/) before the apps' catalogues, so listing viewflow's msgids here
makes `manage.py makemessages` put them in locale/vi (translated to Vietnamese) and locale/en (msgstr = msgid), and
the Material frontend (inbox, queue, archive, task and process pages) speaks Vietnamese with the rest of the site.

Every msgid is copied exactly as viewflow writes it (including the whitespace of its {% blocktrans %} blocks), so do
not reformat them. The msgids come from the union of viewflow's shipped catalogues (viewflow/locale/*/django.po), a
fresh `makemessages` run over viewflow's templates and Python, and the one msgid viewflow makes at run time ("Reassign",
a transition label shown with {% trans label %}); after upgrading viewflow, redo that comparison, add or drop lines
here, run makemessages and translate the new entries in locale/vi (tests/test_translations.py checks both catalogues).

The two plural messages whose singular says %(name)s carry `# xgettext: no-python-format`: GNU msgfmt checks every
msgstr[i] against msgid_plural, so the English msgstr[0] (which must repeat viewflow's singular, %(name)s) would fail
`compilemessages`. Django's {% blocktrans count %} passes name, plural_name and objects_count to either form, so the
translations stay correct; tests/test_translations.py checks their placeholders instead of msgfmt.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

# ruff: noqa: E501

# --- The officers' workspace: flow menu (dashboard, inbox, queue, archive), task and process pages, bulk actions (68)
gettext_noop("#")
gettext_noop("Archive")
gettext_noop("Artifact")
gettext_noop("Assign")
gettext_noop("Assign and continue")
gettext_noop("Assign selected tasks")
gettext_noop("Assigned")
gettext_noop("Back")
gettext_noop("BPMN")
gettext_noop("Brief")
gettext_noop("Cancel")
gettext_noop("confirm")
gettext_noop("Created")
gettext_noop("Dashboard")
gettext_noop("Description")
gettext_noop("Execute")
gettext_noop("Execute and continue")
gettext_noop("Export BPMN")
gettext_noop("External Task ID")
gettext_noop("Finished")
gettext_noop("Flow")
gettext_noop("flow")
gettext_noop("Inbox")
gettext_noop("New process")
gettext_noop("Next tasks")
gettext_noop("No next tasks")
gettext_noop("No previous tasks")
gettext_noop("No rights to execute")
gettext_noop("Owner")
gettext_noop("Parent Task")
gettext_noop("Permission")
gettext_noop("Previous")
gettext_noop("Previous tasks")
gettext_noop("Process")
gettext_noop("Process #%(pk)s can not be canceled.")
gettext_noop("Process #%(pk)s has been canceled.")
gettext_noop("Process brief")
gettext_noop("Process list")
gettext_noop("Process {process} has been started.")
gettext_noop("Processes")
gettext_noop("Queue")
gettext_noop("Reassign")  # the reassign transition's label, shown by {% trans label %} in task_detail.html
gettext_noop("Revive")
gettext_noop("Scheduled")
gettext_noop("Seed")
gettext_noop("Show all")
gettext_noop("Start")
gettext_noop("Start and continue")
gettext_noop("Started")
gettext_noop("Status")
gettext_noop("Subprocess")
gettext_noop("Task")
gettext_noop("Task {task} has been assigned.")
gettext_noop("Task {task} has been canceled.")
gettext_noop("Task {task} has been completed.")
gettext_noop("Task {task} has been revived.")
gettext_noop("Task {task} has been unassigned.")
gettext_noop("Task {task} has been undone.")
gettext_noop("Tasks")
ngettext_lazy(
    "\n                  This process can not be canceled while a task is still in progress.\n                ",
    "\n                  This process can not be canceled while tasks are still in progress.\n                ",
    1,
)
gettext_noop("Token")
gettext_noop("Type")
gettext_noop("Unassign")
gettext_noop("Unassign selected tasks")
gettext_noop("Undo")
gettext_noop("View")
gettext_noop("Workflow")
gettext_noop("You have no rights to view this task")

# --- Task and process statuses (viewflow.workflow.status, context "STATUS") (8)
pgettext_lazy("STATUS", "Assigned")
pgettext_lazy("STATUS", "Canceled")
pgettext_lazy("STATUS", "Done")
pgettext_lazy("STATUS", "Error")
pgettext_lazy("STATUS", "New")
pgettext_lazy("STATUS", "Revived")
pgettext_lazy("STATUS", "Scheduled")
pgettext_lazy("STATUS", "Started")

# --- Generic Material frontend pages: site and app menus, lists, filters, forms, detail, delete, import/export, FSM (43)
gettext_noop('"%(escaped_object)s" and all of the following related items will be deleted')
gettext_noop("%(label)s %(name)s")
gettext_noop("Add")
gettext_noop("Add new")
gettext_noop("Administration")
gettext_noop("AM/PM")
gettext_noop("Applications")
gettext_noop(
    "\n                        Are you sure you want to delete all %(plural_name)s and related items?\n                      "
)
# xgettext: no-python-format
ngettext_lazy(
    "\n                        Are you sure you want to delete the %(name)s and related items?\n                      ",
    "\n                        Are you sure you want to delete the %(objects_count)s %(plural_name)s and related items?\n                      ",
    1,
)
gettext_noop("Confirm")
gettext_noop("DD")
gettext_noop("Delete")
gettext_noop("Export")
gettext_noop("\n                        Export all %(plural_name)s\n                      ")
gettext_noop("Export PNG")
# xgettext: no-python-format
ngettext_lazy(
    "\n                        Export the %(name)s\n                      ",
    "\n                        Export the %(objects_count)s %(plural_name)s\n                      ",
    1,
)
gettext_noop("Filter")
gettext_noop("first step")
gettext_noop("Flow Chart")
gettext_noop("Graph")
gettext_noop("HH")
gettext_noop("Home")
gettext_noop("Import")
gettext_noop("\n                      Import %(plural_name)s\n                    ")
gettext_noop("Login")
gettext_noop("MM")
gettext_noop("New")
gettext_noop("No, take me back")
gettext_noop("Pick an action")
gettext_noop("Please correct the error below.")
gettext_noop("Please correct the errors below.")
gettext_noop("PNG")
gettext_noop("prev step")
gettext_noop("Recover deleted %(name)s")
gettext_noop("Save")
gettext_noop("SS")
gettext_noop("State chart")
gettext_noop("The {obj} was added successfully. {link}")
gettext_noop("The {obj} was changed successfully. {link}")
gettext_noop("The {obj} was deleted successfully.")
gettext_noop("Transition is not allowed")
gettext_noop("Yes, I’m sure")
gettext_noop("YYYY")

# --- Accounts: log in and out, password change and reset, profile page (and its compliments) (33)
gettext_noop("Avatar file is too large (%(size)s). Max size is %(max_size)s.")
gettext_noop("Change")
gettext_noop("Change my password")
gettext_noop("Change password")
gettext_noop("Edit")
gettext_noop("Fantastic!")
gettext_noop(
    "Forgotten your password? Enter your email address below, and we’ll email instructions for setting a new one."
)
gettext_noop("I like your new haircut.")
gettext_noop("I love your hair today")
gettext_noop("I love your style.")
gettext_noop("I totally admire your spontaneity.")
gettext_noop(
    "If you don’t receive an email, please make sure you’ve entered the address you registered with, and check your spam folder."
)
gettext_noop("Log in")
gettext_noop("Log in again")
gettext_noop("Log out")
gettext_noop("Logout")
gettext_noop("Please enter your new password twice so we can verify you typed it in correctly.")
gettext_noop("Profile")
gettext_noop("Reset")
gettext_noop("Reset password")
gettext_noop("Submit")
gettext_noop("Thanks for spending some quality time with the Web site today.")
gettext_noop("That color looks great on you!")
gettext_noop("That looks awesome!")
gettext_noop(
    "The password reset link was invalid, possibly because it has already been used.  Please request a new password reset."
)
gettext_noop("View site")
gettext_noop("Viewflow Demo suite")
gettext_noop(
    "We’ve emailed you instructions for setting your password, if an account exists with the email you entered. You should receive them shortly."
)
gettext_noop("What a beautiful costume!")
gettext_noop("You are looking very well today!")
gettext_noop("You look very good in that suit")
gettext_noop("Your password has been set.  You may go ahead and log in now.")
gettext_noop("Your password was changed.")

# --- Error pages: 400, 403, 404, 500 (9)
gettext_noop("%(user)s have no rights to access this page")
gettext_noop("Access Forbidden")
gettext_noop("Bad Request")
gettext_noop("Log in as another user")
gettext_noop("Page not found")
gettext_noop("Server error")
gettext_noop(
    "There's been an error. It's been reported to the site administrators via email and should be fixed shortly. Thanks for your patience."
)
gettext_noop("We're sorry, but the requested page could not be found.")
gettext_noop("You are not logged in")

# --- Still in viewflow's shipped catalogues but no longer asked for by viewflow 2.4's code (harmless; kept so an older or newer viewflow finds them) (7)
gettext_noop("Active")
gettext_noop("Canceled")
gettext_noop("Completed")
gettext_noop("Format")
gettext_noop("Invalid transition")
gettext_noop("Process #{self.object.pk} can not be canceled.")
gettext_noop("Process #{self.object.pk} has been canceled.")

# --- django-filter's date ranges in the lists' filter (it ships no Vietnamese catalogue; Django's own has the others)
gettext_noop("Yesterday")
