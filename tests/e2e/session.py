"""Starting over as another person in the same browser page."""


def forget_the_signed_in_person(page):
    """Leave the page first, then drop the cookies. A page still loading (a process page fetches its flow chart
    after it loads) would otherwise finish its requests without a session: each is sent to the login page, which
    sets a new CSRF cookie that no longer matches the login form about to be sent (a 403)."""
    page.goto("about:blank")
    page.context.clear_cookies()
