"""axe-core in the browser tests: call ``assert_accessible(page)`` on every page state.

    from tests.e2e.axe import assert_accessible

    page.goto("/setup/customers/")
    assert_accessible(page)                 # the page as loaded
    page.get_by_role("button", name="Request").click()
    assert_accessible(page, "errors")       # the same page showing its errors

axe-core (the copy that ``axe-playwright-python`` ships, installed by
``make install`` with the dev dependencies) runs every rule it runs by
default — WCAG 2.x A and AA, and the best practices — against the page in
its current state; any violation fails the test with the rule, the elements
and how to fix them. axe is evaluated through the DevTools protocol, which
the site's Content-Security-Policy does not govern: the portal's pages keep
their strict policy in the tests too.

Every page a test opens through ``page_for`` or ``browser_context_for``
(``tests/conftest.py``) is watched: a document that loaded and was never
checked before the next one loaded, or before the test ended, fails the
test at teardown. So a new browser test cannot visit a page unchecked.

``AXE_REPORT_ONLY=1`` records violations without failing (to count them);
the run's totals are printed at the end of the session either way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from axe_playwright_python.sync_playwright import Axe

_AXE = Axe()
# Everything axe runs by default (WCAG 2.0/2.1/2.2 A and AA, best practices).
_OPTIONS = {"resultTypes": ["violations"]}


@dataclass
class AxeTally:
    """What this test session checked: page states, and the violations found."""

    states: int = 0
    violations: dict[str, int] = field(default_factory=dict)  # rule id -> elements
    pages: set[str] = field(default_factory=set)

    @property
    def elements(self) -> int:
        return sum(self.violations.values())


TALLY = AxeTally()


def assert_accessible(page, state: str = "") -> None:
    """Run axe-core on the page as it is now; fail on any violation.

    ``state`` names what the page shows (``"errors"``, ``"menu open"``) in the
    failure message.
    """
    page.wait_for_load_state()
    response = _AXE.run(page, options=_OPTIONS).response
    watcher = page_watchers.get(page)
    if watcher is not None:
        watcher.checked()
    TALLY.states += 1
    TALLY.pages.add(page.url.split("?")[0].split("//", 1)[-1].split("/", 1)[-1])
    violations = response["violations"]
    for violation in violations:
        TALLY.violations[violation["id"]] = TALLY.violations.get(violation["id"], 0) + len(
            violation["nodes"]
        )
    if violations and not os.environ.get("AXE_REPORT_ONLY"):
        raise AssertionError(_describe(page, state, violations))


def _describe(page, state: str, violations: list[dict]) -> str:
    where = f"{page.url}" + (f" ({state})" if state else "")
    lines = [f"axe-core found {len(violations)} violation(s) on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary']}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


# --- every loaded document gets checked ------------------------------------


class PageWatcher:
    """Follows the documents a page navigated to and remembers which were checked."""

    def __init__(self, page, origin: str) -> None:
        self.origin = origin
        self.unchecked: list[str] = []
        self.current: str | None = None
        # Navigations commit before a test's own waits return: none slips past.
        page.on("framenavigated", lambda frame: frame == page.main_frame and self.loaded(frame.url))

    def loaded(self, url: str) -> None:
        if not url.startswith(self.origin):
            return
        if self.current is not None:
            self.unchecked.append(self.current)
        self.current = url

    def checked(self) -> None:
        self.current = None

    def missed(self) -> list[str]:
        return self.unchecked + ([self.current] if self.current else [])


page_watchers: dict = {}


def watch(page, origin: str) -> PageWatcher:
    watcher = PageWatcher(page, origin)
    page_watchers[page] = watcher
    return watcher


def unchecked_pages(pages) -> list[str]:
    """The documents these pages loaded without an ``assert_accessible`` after them."""
    missed = []
    for page in pages:
        watcher = page_watchers.pop(page, None)
        if watcher is not None:
            missed.extend(watcher.missed())
    return missed
