"""bench/RESULTS.md: each benchmark keeps its figures between its own two markers."""

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_block(name, text):
    """Put `text` between `<!-- name:begin -->` and `<!-- name:end -->`, in place of what was there (at the end of
    the file the first time)."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = f"{begin}\n{text}\n{end}"
    current = RESULTS.read_text(encoding="utf-8")
    if begin in current:
        current = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, current, flags=re.S)
    else:
        current = current.rstrip() + f"\n\n{block}\n"
    RESULTS.write_text(current, encoding="utf-8")
