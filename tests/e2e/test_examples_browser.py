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


TERRITORY_JS = """([marked, territory]) => {
    const div = document.querySelector('.ikz-map');
    const data = div && div.ikzmap && div.ikzmap.getContainer().dataset;
    return !!data && data.marked === String(marked) && data.territory === String(territory);
}"""


def test_lvr_example_draws_the_verband_area_as_a_layer_of_its_own(guarded_page, app_url):
    """LVR InfoKom with the city of Köln: Köln marked, the 26 Kreise and kreisfreie Städte
    of the RBz Düsseldorf and Köln drawn as the Landschaftsverband's area, in its own pane."""
    page, guard = guarded_page
    page.set_default_timeout(90_000)
    page.goto(f"{app_url}/?ebene=kreis&beispiel=lvr-rechenzentren")
    wait_for_map(page, 53)
    page.wait_for_function(TERRITORY_JS, arg=[1, 26], timeout=60_000)
    assert page.locator(".leaflet-ikzTerritory-pane path").count() == 26
    page.get_by_text("Gebiet des Landschaftsverbands Rheinland (LVR)").first.wait_for()
    assert not guard.blocked, guard.blocked
