"""makemessages without fuzzy matching: msgmerge's guesses put wrong text in front of users (a Vietnamese
msgid would be "translated" with a neighbouring viewflow string); a new msgid must stay empty until translated."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
