"""The map mode "Praxisbeispiele" in the browser: a link with an example marks its
participants on the map (Erft: 3 Kreise, 16 Gemeinden), with no request outside."""

from __future__ import annotations

import pytest

from tests.e2e.harness import wait_for_map

pytestmark = pytest.mark.e2e

MARKED_JS = """(n) => {
    const div = document.querySelector('.ikz-map');
    return !!(div && div.ikzmap && div.ikzmap.getContainer().dataset.marked === String(n));
}"""


@pytest.mark.parametrize(("level", "units", "marked"), [("kreis", 53, 3), ("gemeinde", 396, 16)])
def test_erft_example_is_marked_on_the_map(guarded_page, app_url, level, units, marked):
    page, guard = guarded_page
    page.set_default_timeout(90_000)  # the first page of a fresh server may be slow
    page.goto(f"{app_url}/?ebene={level}&beispiel=koeln-hws-erft")
    wait_for_map(page, units)
    page.wait_for_function(MARKED_JS, arg=marked, timeout=60_000)
    assert not guard.blocked, guard.blocked
