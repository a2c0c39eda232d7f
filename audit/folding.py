"""Vietnamese text folded for searching: lower case without marks, in Python and as the database's f_unaccent.

The search box compares the folded query with `f_unaccent(lower(column))`; on PostgreSQL that function is a
migration's wrapper of the `unaccent` extension, on the embedded SQLite demo it is `fold` itself, registered on
every new connection."""

import unicodedata

from django.db.models import Func, TextField


def fold(text: str) -> str:
    """Lower case without Vietnamese marks: "Trần Minh Khoa" → "tran minh khoa", "Đồng Tháp" → "dong thap"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


class Unaccent(Func):
    function = "f_unaccent"
    output_field = TextField()


def _sqlite_unaccent(text):
    return None if text is None else fold(text)


def register_sqlite_unaccent(sender, connection, **kwargs):
    """connection_created receiver: SQLite's own LOWER() knows only ASCII, `fold` lowers Vietnamese too."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("f_unaccent", 1, _sqlite_unaccent, deterministic=True)
