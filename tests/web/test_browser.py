"""The explorer in a real browser: Debian's headless Chromium, driven by Playwright, against
``exclusions serve`` on loopback. Screenshots of every page land in test-output/screenshots.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
# Headless, and every background network feature off: the machine has no internet, and
# Chromium otherwise keeps trying to reach Google's services.
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--metrics-recording-only",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert shutil.which(CHROMIUM), f"{CHROMIUM} missing: .ci/run installs Debian's chromium"
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def console() -> list[str]:
    """Errors the page logged: a CSP violation, a script error or a failed request."""
    return []


@pytest.fixture
def page(browser: Browser, server: str, console: list[str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True,
                                  base_url=server)  # fmt: skip
    pg = context.new_page()
    pg.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: console.append(str(e)))
    yield pg
    context.close()
    assert console == [], console


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_home_shows_england_and_the_map(page: Page) -> None:
    page.goto("/")
    expect(page.locator("h1")).to_have_text("School exclusions in England, 2022/23")
    expect(page.locator(".card").first).to_contain_text("9,376")
    svg = page.locator("#england-map svg")
    expect(svg).to_be_visible()
    box = svg.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 300
    assert page.locator("#england-map svg path").count() > 150  # an outline per LA
    shot(page, "home")
    page.get_by_role("link", name="Suspensions", exact=True).click()
    expect(page).to_have_url(re.compile(r"measure=susp"))
    expect(page.locator("#england-map svg title")).to_contain_text("Suspension rate")
    shot(page, "home-suspensions")


def test_search_bury_read_story_switch_year_download(page: Page, tmp_path: Path) -> None:
    page.goto("/")
    box = page.get_by_label("Find an area")
    box.fill("Bury")
    option = page.locator("#q-results li a").first
    expect(option).to_contain_text("Bury")  # the type-ahead, from /api/search
    shot(page, "search-typeahead")
    option.click()
    expect(page).to_have_url(re.compile(r"/area/bury$"))
    expect(page.locator("h1")).to_have_text("Bury")
    story = page.locator("article.story")
    expect(story.locator("p.lead")).to_contain_text("Bury")
    assert story.locator("sup.src a").count() > 5  # every number links to its sources
    expect(page.locator("#chart-rate-over-time svg")).to_be_visible()
    shot(page, "area-bury")

    page.locator("#f-year").select_option("2016/17")  # submits on change
    expect(page).to_have_url(re.compile(r"year=2016%2F17"))
    expect(page.locator("#story-title")).to_have_text("The story for 2016/17")
    shot(page, "area-bury-2016-17")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download every figure (CSV)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert info.value.suggested_filename == "exclusions-bury.csv"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("area_code,area_name,old_la_code,time_period")
    assert "E08000002,Bury,351,2006/07,total,perm_excl,78," in text


def test_search_forgives_a_typo_without_javascript(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=server)
    pg = context.new_page()
    pg.goto("/")
    pg.get_by_label("Find an area").fill("Burry")
    pg.get_by_role("button", name="Search").click()
    expect(pg.locator("ul.results a").first).to_have_text("Bury")
    shot(pg, "search-no-js")
    pg.goto("/area/bury")
    pg.locator("#f-year").select_option("2015/16")
    pg.get_by_role("button", name="Show").click()  # the form works without script too
    expect(pg.locator("#story-title")).to_have_text("The story for 2015/16")
    context.close()


@pytest.mark.parametrize(
    ("name", "url", "heading"),
    [
        ("rankings", "/rankings", "every council ranked"),
        ("compare", "/compare?area=Bury&area=Bolton&area=Rochdale", "Compare areas over time"),
        ("characteristics", "/characteristics", "Exclusions by pupil characteristic"),
        ("reasons", "/reasons?area=Bury", "Reasons for exclusion: Bury"),
        ("methods", "/methods", "Data and methods"),
        ("docs", "/docs", "JSON API"),
        ("not-found", "/area/burry", "Page not found"),
    ],
)
def test_other_pages_render(
    page: Page, console: list[str], name: str, url: str, heading: str
) -> None:
    response = page.goto(url)
    assert response is not None
    if response.status == 404:
        console.remove("Failed to load resource: the server responded with a status of 404 "
                       "(Not Found)")  # the page itself, as asked for  # fmt: skip
    expect(page.locator("h1")).to_contain_text(heading)
    shot(page, name)


def test_rankings_sort_by_clicking_a_heading(page: Page) -> None:
    page.goto("/rankings")
    page.get_by_role("link", name="Area", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=name"))
    first = page.locator("table.rankings tbody tr td:nth-child(2)").first
    expect(first).to_have_text("Barking and Dagenham")
