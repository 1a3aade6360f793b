"""The explorer read with assistive technology in mind: axe-core finds no serious or critical violation in the first
view, with an actor open, with a path drawn and on a phone with a panel open; focus is visible; a skip link leads to the
details; the live region says a short summary, not the whole panel.

axe-core runs from the copy in tests/vendor/axe-core (the page itself never loads it).
"""

from pathlib import Path

import pytest
from helpers import Opened

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
PHONE, TABLET = (390, 844), (768, 1024)


def _serious(page):
    """The serious and critical violations axe-core finds in the page as it is now: (rule, where) pairs."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(content=AXE)
    found = page.evaluate("""async () => {
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => [v.id, v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')]);
    }""")
    return found


@pytest.fixture
def desktop(opened_desktop):
    return opened_desktop


def test_the_first_view_has_no_serious_violation(desktop):
    assert _serious(desktop.page) == []


def test_an_open_actor_has_no_serious_violation(desktop):
    desktop.page.evaluate("spacegraph.select('sgid:argentina')")
    assert _serious(desktop.page) == []


def test_a_drawn_path_has_no_serious_violation(desktop):
    assert desktop.page.evaluate("spacegraph.path('sgid:argentina', 'sgid:european-space-agency')")
    assert _serious(desktop.page) == []


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_a_phone_with_a_panel_open_has_no_serious_violation(browser, page_file, viewport):
    view = Opened(browser, page_file, viewport=viewport)
    try:
        view.page.click("[data-testid=open-controls]") if viewport == PHONE else None
        assert _serious(view.page) == []
        view.page.evaluate("spacegraph.select('sgid:argentina')")
        assert _serious(view.page) == []
        assert view.errors == []
    finally:
        view.page.close()


def test_the_graph_has_a_name_and_a_role(desktop):
    graph = desktop.page.locator("#network")
    assert graph.get_attribute("role") == "application"
    assert "graph of" in graph.get_attribute("aria-label").lower()


def test_a_skip_link_leads_to_the_details(desktop):
    page = desktop.page
    page.keyboard.press("Tab")
    skip = page.locator("[data-testid=skip-to-details]")
    assert page.evaluate("document.activeElement.dataset.testid") == "skip-to-details" and skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "details"


def test_the_live_region_says_a_short_summary(desktop):
    page = desktop.page
    assert page.locator("#details").get_attribute("aria-live") is None  # the panel itself is not read out whole
    page.evaluate("spacegraph.select('sgid:argentina')")
    said = page.inner_text("[data-testid=announcement]")
    assert said.startswith("Argentina, state: ") and len(said) < 120


def _focus_contrast(page, selector):
    """The contrast between a focused element's focus mark (outline, or else background) and what is around it."""
    return page.evaluate("""(selector) => {
      const e = document.querySelector(selector); e.focus();
      const style = getComputedStyle(e);
      const parse = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
      const lum = rgb => { const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                           return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      let around = e.parentElement, back = 'rgb(255, 255, 255)';
      while (around) { const b = getComputedStyle(around).backgroundColor; if (b !== 'rgba(0, 0, 0, 0)') { back = b; break; } around = around.parentElement; }
      const mark = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 ? style.outlineColor : style.backgroundColor;
      const [a, b] = [lum(parse(mark)), lum(parse(back))].sort((x, y) => y - x);
      return (a + 0.05) / (b + 0.05);
    }""", selector)


def test_focus_is_visible_at_3_to_1_on_search_results_buttons_and_the_graph(desktop):
    page = desktop.page
    page.fill("[data-testid=search]", "china")
    for selector in ("[data-testid=search-results] button", "[data-testid=zoom-in]", "#network", "[data-testid=only-kind]",
                     "[data-testid=reset]"):
        assert _focus_contrast(page, selector) >= 3, selector
