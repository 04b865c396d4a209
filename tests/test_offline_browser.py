"""Nothing leaves the computer: every request the app page makes goes to 127.0.0.1 (issue 15, item 5).

The browser walks the whole app (load, every section, a reload) with every request recorded and
any request to another host refused, so the walk cannot depend on the network and still counts
each such request as a failure. Voilà's lab template links Font Awesome from a public CDN; the
packaged ``workbook`` template drops those links because the same font is in Voilà's own bundle.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import AppPage, AppServer, copy_workbook, free_port, launch_browser
from workbook import serve
from workbook.ui.app import STABLE_CLASSES

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
#: Schemes that never reach a network (inline data, in-page objects).
NO_NETWORK_SCHEMES = {"data", "blob", "about"}
SECTIONS = tuple(c.removeprefix("wb-nav-") for c in STABLE_CLASSES["shell"]
                 if c.startswith("wb-nav-") and c not in ("wb-nav-button", "wb-nav-active"))
TEMPLATE = serve.jupyter_data_dir() / "voila" / "templates" / "workbook" / "index.html.j2"


def is_local(url: str) -> bool:
    """True for a URL that stays on this computer."""
    parts = urlsplit(url)
    if parts.scheme in NO_NETWORK_SCHEMES:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOCAL_HOSTS


@pytest.mark.parametrize("url, local", [
    ("http://127.0.0.1:8866/voila/static/voila.js", True),
    ("ws://127.0.0.1:8866/api/kernels/abc/channels", True),
    ("http://localhost:9000/", True),
    ("data:font/woff2;base64,AAAA", True),
    ("blob:http://127.0.0.1:8866/1234", True),
    ("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@%5E5/css/all.min.css", False),
    ("https://cdnjs.cloudflare.com/ajax/libs/mermaid/11.10.0/mermaid.esm.min.mjs", False),
    ("http://127.0.0.1.evil.example/", False),
    ("http://localhost.evil.example/", False),
    ("ftp://127.0.0.1/file", False),
])
def test_is_local(url, local):
    assert is_local(url) is local


def test_the_template_strips_the_very_links_voilas_lab_template_has():
    # If a Voilà upgrade changes the link text, the replace in our template would silently stop
    # matching: say so here, plainly, before the browser test finds the request.
    from jupyter_core.paths import jupyter_path

    candidates = [Path(d, "voila", "templates", "lab", "index.html.j2") for d in jupyter_path()]
    lab = next(path for path in candidates if path.is_file())
    ours = TEMPLATE.read_text(encoding="utf-8")
    links = re.findall(r"'(<link [^']*https://[^']*>)'", ours)
    assert len(links) == 2
    lab_text = lab.read_text(encoding="utf-8")
    for link in links:
        assert link in lab_text, f"Voilà's lab template no longer has {link}: update {TEMPLATE}"
    assert set(re.findall(r'href="(https://[^"]+)"', lab_text)) == {re.search(r'href="([^"]+)"', k).group(1)
                                                                    for k in links}


#: What the page's icon fonts are and whether they draw: every @font-face source, the Font Awesome
#: face loaded on demand (the app's CSS draws its few icons as text, but any widget icon would use
#: it), and the glyph of every visible icon element.
ICON_PROBE = """async () => {
    const faces = [...document.styleSheets].flatMap(sheet => {
        try { return [...sheet.cssRules]; } catch (e) { return []; }
    }).filter(rule => rule instanceof CSSFontFaceRule).map(rule => ({
        family: rule.style.getPropertyValue('font-family').replace(/["']/g, ''),
        urls: [...rule.style.getPropertyValue('src').matchAll(/url\\(["']?([^"')]+)["']?\\)/g)].map(m => m[1]),
    }));
    const loaded = await document.fonts.load('900 16px "Font Awesome 5 Free"', '\\uf00c');
    const visible = [...document.querySelectorAll('i.fa, .fa, [class*=" fa-"]')]
        .filter(el => el.offsetParent !== null)
        .map(el => ({cls: el.className, glyph: getComputedStyle(el, '::before').content,
                     family: getComputedStyle(el, '::before').fontFamily}));
    return {faces, awesome_loaded: loaded.length > 0 && document.fonts.check('900 16px "Font Awesome 5 Free"'),
            visible};
}"""


@pytest.fixture(scope="module")
def server(_demo_master, tmp_path_factory):
    db = copy_workbook(_demo_master, tmp_path_factory.mktemp("offline") / "workbook.sqlite")
    srv = AppServer(db, free_port(), tmp_path_factory.mktemp("log") / "server.log").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def walk(server):
    """One full walk of the app with every request recorded and every non-local one refused."""
    from playwright.sync_api import sync_playwright

    record = {"requests": [], "refused": [], "websockets": [], "console": [], "fonts": []}

    def guard(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            record["refused"].append(route.request.url)
            route.abort("blockedbyclient")

    with sync_playwright() as p:
        browser = launch_browser(p)
        # the guard sits on the context: it also sees requests of workers and popups, not only the page's
        context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        context.route("**/*", guard)
        page = context.new_page()
        page.on("request", lambda r: record["requests"].append(r.url))
        page.on("websocket", lambda ws: record["websockets"].append(ws.url))
        page.on("console", lambda m: record["console"].append(f"{m.type}: {m.text}"))
        page.on("response", lambda r: record["fonts"].append(r.url)
                if r.request.resource_type == "font" and r.ok else None)
        app = AppPage(page, server)
        try:
            app.open()
            for key in SECTIONS:
                app.section(key)
                app.wait_idle(500)
            app.open()  # a reload: the second page comes from the preheated pool
            for key in ("common", "outreach"):  # sections with icon buttons
                app.section(key)
                app.wait_idle(500)
            record["icons"] = page.evaluate(ICON_PROBE)
            record["screenshot"] = app.screenshot("offline-outreach-icons")
            record["errors"] = list(app.errors)
        finally:
            app.close()
            context.close()
            browser.close()
    return record


@pytest.mark.browser
def test_every_request_of_a_full_walk_stays_on_this_computer(walk):
    outside = [u for u in walk["requests"] + walk["websockets"] if not is_local(u)]
    assert outside == [], f"the app page asked other hosts for: {sorted(set(outside))}"
    assert walk["refused"] == [], f"requests to other hosts (refused): {sorted(set(walk['refused']))}"
    # the recorder saw the page at work (a silent recorder would pass the test above)
    assert len(walk["requests"]) > 20
    assert any("/api/kernels/" in u for u in walk["websockets"])


@pytest.mark.browser
def test_the_icon_fonts_come_from_this_computer_and_draw(walk):
    icons = walk["icons"]
    families = {face["family"] for face in icons["faces"]}
    assert {"Font Awesome 5 Free", "Font Awesome 5 Brands"} <= families
    remote = [url for face in icons["faces"] for url in face["urls"] if not is_local(url)]
    assert remote == [], f"font sources on other hosts: {remote}"
    assert icons["awesome_loaded"], "the Font Awesome face does not load: widget icons would be empty boxes"
    assert walk["fonts"] and all(is_local(u) for u in walk["fonts"]), walk["fonts"]
    blank = [i for i in icons["visible"] if i["glyph"] in ("", "none", "normal")]
    assert blank == [], f"icons drawn as nothing: {blank}"


@pytest.mark.browser
def test_the_walk_raised_no_page_errors(walk):
    assert walk["errors"] == []
    refused = [m for m in walk["console"] if "net::ERR_BLOCKED_BY_CLIENT" in m or "Refused to" in m]
    assert refused == []
