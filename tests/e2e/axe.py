"""axe-core in the page: the critical and serious accessibility violations of what the browser shows now.

axe-core is vendored (tests/e2e/vendor/axe-core, its licence beside it, Mozilla Public License 2.0) so that the suite
needs no network and runs the same version everywhere."""

import functools
from pathlib import Path

AXE_SOURCE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")

_RUN = """async (blocking) => {
  const outcome = await axe.run(document, {resultTypes: ['violations']});
  return outcome.violations.filter(v => blocking.includes(v.impact)).map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('').trim()),
    count: v.nodes.length,
  }));
}"""


@functools.cache
def _source():
    return AXE_SOURCE.read_text(encoding="utf-8")


def violations(page):
    """The page's critical and serious violations, as readable lines (rule, impact, where, why)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as a <script> element: the page's Content-Security-Policy
        # (nonces only) would refuse an injected script, and must not be loosened for the test.
        page.evaluate(_source())
        assert page.evaluate("() => typeof window.axe !== 'undefined'"), "axe-core did not load in the page"
    return [
        f"{found['impact']} {found['rule']} ({found['count']}×: {found['help']}): " + "; ".join(found["nodes"])
        for found in page.evaluate(_RUN, list(BLOCKING))
    ]
