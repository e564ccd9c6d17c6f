"""The HTML pages with the ASGI test client: content, security headers, escaping, caching."""

from __future__ import annotations

import csv
import io
import os
import re
from decimal import ROUND_HALF_UP, Decimal
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

SNAPSHOTS = Path(__file__).parent / "snapshots"

PAGES = {
    "/": ["School exclusions in England, 2022/23", "9,376", "Biggest movers"],
    "/?measure=susp": ["Suspension rate by local authority"],
    "/areas": ["Every area", "Bury", "North West"],
    "/area/bury": ["Bury", "The story for 2022/23", "Every year, by phase", "Download every"],
    "/area/bury?year=2016/17&phase=secondary": ["The story for 2016/17", "Secondary"],
    "/area/england": ["England", "The story for 2022/23"],
    "/area/E10000002": ["Buckinghamshire"],
    "/rankings": ["every council ranked, 2022/23", "Redcar and Cleveland"],
    "/rankings?measure=susp&sort=name&order=desc": ["Suspensions: every council ranked"],
    "/compare": ["Choose two to five areas"],
    "/compare?area=Bury": ["Choose at least two areas"],
    "/compare?area=Bury&area=Bolton": ["Permanent exclusion rate, 2006/07 to 2022/23"],
    "/characteristics": ["Eligible for free school meals", "Which pupils are excluded"],
    "/characteristics?area=Bury": ["published only for England, not for\nBury"],
    "/reasons?area=Bury": ["Persistent disruptive behaviour"],
    "/reasons?area=buckinghamshire": ["No figures by reason"],
    "/methods": ["Releases loaded", "Symbols", "2022/23"],
    "/search?q=bu": ["Buckinghamshire", "Bury"],
    "/search?q=zzzz": ["No area matches"],
    "/docs": ["JSON API", "/api/rankings", "perm_excl, susp, one_plus_susp"],
}


class Scripts(HTMLParser):
    """Collects script tags and inline event-handler attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self.handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        self.handlers += [k for k in names if k.startswith("on")]
        if tag == "script":
            self._in_script = "src" not in names
            if self._in_script:
                self.inline.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline[-1] += data


@pytest.mark.parametrize("url", list(PAGES))
def test_pages_render_with_their_content(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    for text in PAGES[url]:
        assert text in r.text, text
    for bad in ("nan", "None", "undefined", "{{", "{%"):
        assert not re.search(rf"(?<![\w/-]){re.escape(bad)}(?![\w/-])", _visible(r.text)), bad
    scripts = Scripts()
    scripts.feed(r.text)
    assert scripts.inline == [] and scripts.handlers == []
    # Nothing from another origin: no absolute URL in any src or href.
    assert not re.search(r'(src|href)="(https?:)?//', r.text)


def _visible(html: str) -> str:
    """Page text without tags, scripts' URLs or SVG markup."""
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_every_response_has_security_headers(client: TestClient) -> None:
    for url in ("/", "/area/bury", "/api/rankings", "/area/nowhere", "/api/nowhere",
                "/static/site.css", "/openapi.json"):  # fmt: skip
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "same-origin"


def test_user_input_is_escaped(client: TestClient) -> None:
    attack = "<script>alert(1)</script>"
    r = client.get("/search", params={"q": attack})
    assert attack not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    r = client.get("/area/" + "%3Cb%3Ebold%3C%2Fb%3E")
    assert r.status_code == 404 and "<b>bold</b>" not in r.text


def test_unknown_area_page_suggests_the_right_one(client: TestClient) -> None:
    r = client.get("/area/burry")
    assert r.status_code == 404
    assert "Did you mean" in r.text and '<a href="/search?q=Bury">Bury</a>' in r.text


def test_bad_parameter_page_names_it(client: TestClient) -> None:
    r = client.get("/rankings?measure=headcount")
    assert r.status_code == 422 and "measure" in r.text


def test_search_goes_straight_to_an_exact_name(client: TestClient) -> None:
    r = client.get("/search?q=Bristol", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/area/bristol-city-of"


def test_csv_download(client: TestClient) -> None:
    r = client.get("/area/bury/figures.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"] == 'attachment; filename="exclusions-bury.csv"'
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows[0]["area_name"] == "Bury" and rows[0]["time_period"] == "2006/07"


def _sources(html: str) -> dict[str, str]:
    """The page's source notes by number, as text."""
    notes = re.findall(r'<li id="fn(\d+)">([^<]*) <a class="back" href="#ref\1"', html)
    return {n: unescape(text) for n, text in notes}


def test_area_page_numbers_link_to_their_sources(client: TestClient) -> None:
    html = client.get("/area/bury?year=2022/23").text
    sups = re.findall(r'<sup class="src">(.*?)</sup>', html)
    links = [re.findall(r'<a href="#fn(\d+)"( id="ref\1")? title="([^"]+)" '
                        r'aria-label="Source \1">\1</a>', sup) for sup in sups]  # fmt: skip
    assert len(sups) > 50 and all(links)
    assert all(", ".join(n for n, _, _ in ls) == re.sub("<[^>]+>", "", sup)
               for ls, sup in zip(links, sups, strict=True))  # fmt: skip
    sources = _sources(html)
    flat = [link for ls in links for link in ls]
    assert {n for n, _, _ in flat} == set(sources)  # every note is used, every link has a note
    for n, _, title in flat:
        assert unescape(title) == sources[n] and "line" in sources[n]
    # Only the first link to a note carries its id, so ids are unique and each back link
    # goes to the note's first use.
    first = [n for n, ref, _ in flat if ref]
    assert first == list(dict.fromkeys(n for n, _, _ in flat))
    assert len(re.findall(r' id="ref\d+"', html)) == len(sources)


def test_area_page_rate_links_to_its_count_and_headcount_cells(
    client: TestClient, shared_data: Path
) -> None:
    """Bury's permanent exclusion rate in 2022/23 links to two notes: the cells of
    perm_excl and headcount on Bury's line of the published file."""
    name = "exc_nat_region_la.csv"
    with (shared_data / "dfe" / "2022-23" / name).open(encoding="utf-8-sig", newline="") as f:
        line, row = next((i, r) for i, r in enumerate(csv.DictReader(f), 2)
                         if (r["time_period"], r["la_name"], r["school_type"])
                         == ("202223", "Bury", "Total"))  # fmt: skip
    rate = Decimal(row["perm_excl"]) * 100 / Decimal(row["headcount"])
    shown = rate.quantize(Decimal("0.01"), ROUND_HALF_UP)  # 0.09
    html = client.get("/area/bury?year=2022/23").text
    found = re.search(rf"a rate of {shown}<sup class=\"src\">(.*?)</sup> per cent", html)
    assert found, shown
    numbers = re.findall(r'href="#fn(\d+)"', found[1])
    sources = _sources(html)
    where = f"{name} (release 2022/23), line {line}, column"
    assert sorted(sources[n] for n in numbers) == [
        f"{where} headcount: {row['headcount']}",
        f"{where} perm_excl: {row['perm_excl']}",
    ]
    assert numbers == sorted(numbers, key=int)


def test_pages_are_cached_by_content(client: TestClient) -> None:
    cache = client.app.app  # type: ignore[attr-defined]
    first = client.get("/rankings?measure=susp&phase=special")
    hits = cache.hits
    second = client.get("/rankings?measure=susp&phase=special")
    assert cache.hits == hits + 1 and second.text == first.text
    etag = second.headers["etag"]
    assert client.get("/rankings?measure=susp&phase=special",
                      headers={"if-none-match": etag}).status_code == 304  # fmt: skip
    zipped = client.get("/rankings?measure=susp&phase=special",
                        headers={"accept-encoding": "gzip"})  # fmt: skip
    assert zipped.headers["content-encoding"] == "gzip" and zipped.text == first.text


def test_errors_are_not_cached(client: TestClient) -> None:
    cache = client.app.app  # type: ignore[attr-defined]
    client.get("/area/nowhere-at-all")
    hits = cache.hits
    client.get("/area/nowhere-at-all")
    assert cache.hits == hits


@pytest.mark.parametrize(
    ("name", "url"), [("rankings-2016-17-primary", "/rankings?year=2016/17&phase=primary"),
                      ("area-bury-2022-23", "/area/bury?year=2022/23")],
)  # fmt: skip
def test_page_snapshots(client: TestClient, name: str, url: str) -> None:
    """Whole pages as a reader sees them (SVG charts replaced by their titles)."""
    html = client.get(url).text
    html = re.sub(r"<svg.*?<title[^>]*>(.*?)</title>.*?</svg>", r"[chart: \1]", html, flags=re.S)
    path = SNAPSHOTS / f"{name}.html"
    if os.environ.get("UPDATE_SNAPSHOTS") or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(html, encoding="utf-8")
    assert html == path.read_text(encoding="utf-8")


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    get = client.get("/rankings?phase=secondary")
    for _ in range(2):  # rendered, then cached
        head = client.head("/rankings?phase=secondary")
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == get.headers["content-length"]
    assert client.head("/api/areas/burry").status_code == 404
    assert client.post("/rankings").status_code == 405
