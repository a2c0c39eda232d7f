"""People with names, e-mail addresses and a language; reading the mails they received."""

from notifications.models import Mode, Preference


def person(user, first_name, last_name, language="vi", **preference):
    user.first_name, user.last_name, user.email = first_name, last_name, f"{user.username}@example.vn"
    user.save(update_fields=["first_name", "last_name", "email"])
    Preference.objects.update_or_create(
        user=user, defaults={"language": language, "mode": Mode.IMMEDIATE, **preference}
    )
    return user


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


def open_link(message):
    """The path of the first "open" link in the plain text (absolute in the mail)."""
    for line in text_of(message).splitlines():
        if "/notifications/" in line and "/open/" in line:
            return line.split("http://ketqua.example", 1)[1].strip()
    raise AssertionError("no link in the mail")


def subject(message):
    return str(message["Subject"]).strip()
