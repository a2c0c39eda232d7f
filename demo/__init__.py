"""The demo province behind `manage.py seed_demo`: Đồng Tháp agencies, people in every role, the plan, and results.

Modules:
- `agencies`: the agencies of the province in the 2025 structure, with the retired and renamed ones (data);
- `people`: demo logins, one in every role (data);
- `plan`: the Đồng Tháp plan and the eleven tasks of its appendix (data, seeds/000);
- `paths`: legal paths through the result lifecycle, computed from the state machine itself;
- `results`: a deterministic generator of tasks and results with their whole history (pure: no database);
- `writer`: bulk insertion of what the generator produced, with audit hash chains as `audit.recorder` makes them;
- `builder`: the whole run, used by the command.

Everything is deterministic for a given seed: dates are drawn relative to `AS_OF`, never to today.
"""

import datetime

# All demo logins share this password; `make run` prints it with the logins.
DEMO_PASSWORD = "demo1234"

# The day the demo history runs up to. Fixed, so that one seed always gives the same data whatever day it runs.
AS_OF = datetime.date(2026, 10, 31)

# Memberships of demo people start here: before the first generated event (tasks are approved from 2016), so that
# every actor in the audit history held the role on the day it acted.
MEMBERSHIPS_FROM = datetime.date(2016, 1, 1)

# Pre-existing agencies are recorded as active from this day (their real founding dates do not matter here).
AGENCIES_FROM = datetime.date(2010, 1, 1)

# The agency whose presence means the database already holds the demo province.
MARKER_AGENCY = "SKHCN"

# request_id of every generated audit event, so that an auditor can tell seeded history from real requests.
REQUEST_ID = "seed_demo"
