"""Every page of every role, in Chinese and English, at a desktop width and a phone width.

Run it alone with `pytest tests/e2e/test_page_walk.py`; WALK_USERS=a,b limits it to some accounts,
WALK_SCREENSHOTS=0 skips the screenshots. The walk signs in as each demo account and follows the links it is shown (GET only, same site, no downloads,
no sign-out), visiting up to two pages of each URL shape. Each page must answer below 500, log no console
error, fit the viewport's width, and show no element whose box overlaps another's text. Screenshots go to
tests/e2e/artifacts/walk/ (kept by CI as an artefact, ignored by git).
"""
import os
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from ..factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(os.environ.get("WALK_ARTIFACTS") or Path(__file__).parent / "artifacts" / "walk")
WIDTHS = {"desktop": (1400, 900), "phone": (375, 812)}
PER_SHAPE = 1
SCREENSHOTS = os.environ.get("WALK_SCREENSHOTS", "1") == "1"
MAX_PAGES_PER_ROLE = int(os.environ.get("WALK_MAX_PAGES", "80"))
SKIP = re.compile(r"^/(logout|lang/|api/|static/|healthz)|/(export|download|template|docx|xlsx|csv|zip)\b"
                  r"|\.(xlsx|docx|csv|json|zip|pdf|png)$")

# Elements whose boxes must not overlap each other's: what a person reads or clicks.
OVERLAP_JS = """
() => {
  // The part of an element a person can see: its box clipped by every scrolling or clipping ancestor.
  const visible = e => {
    let r = e.getBoundingClientRect(), box = {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const c = p.getBoundingClientRect();
        box = {left: Math.max(box.left, c.left), right: Math.min(box.right, c.right),
               top: Math.max(box.top, c.top), bottom: Math.min(box.bottom, c.bottom)};
      }
    }
    return box;
  };
  const sel = 'a.btn, button, select, input:not([type=hidden]), label, .badge, h1, h2, h3, .nav-link, .navbar-brand, th';
  const els = [...document.querySelectorAll(sel)].filter(e => {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 2 && r.height > 2 && s.visibility !== 'hidden' && s.display !== 'none'
      && !e.closest('.dropdown-menu:not(.show), .collapse:not(.show), .modal:not(.show), .visually-hidden');
  }).map(e => [e, visible(e)]).filter(([e, b]) => b.right - b.left > 2 && b.bottom - b.top > 2);
  const out = [];
  for (let i = 0; i < els.length; i++) {
    const [x, a] = els[i];
    for (let j = i + 1; j < els.length; j++) {
      const [y, b] = els[j];
      if (x.contains(y) || y.contains(x)) continue;
      if (x.tagName === 'LABEL' && (x.control === y || x.htmlFor === y.id)) continue;
      if (y.tagName === 'LABEL' && (y.control === x || y.htmlFor === x.id)) continue;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 4 && h > 4) {
        const name = e => (e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' "' +
                           (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().split('\\n')[0].slice(0, 24) + '"');
        out.push(name(x) + ' overlaps ' + name(y));
      }
    }
  }
  return out.slice(0, 5);
}
"""


def shape_of(path: str) -> str:
    return re.sub(r"/\d+", "/{id}", path)


@pytest.fixture
def demo_accounts(app):
    from consortium.demo import members as demo_members
    from consortium.extensions import db

    with app.app_context():
        _, accounts = demo_members.load(PASSWORD)
        db.session.commit()
        db.session.remove()
    return accounts


def sign_in(page, username):
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#submit")
    page.wait_for_load_state()


def check_page(page, where, problems):
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 1:
        problems.append(f"{where}: {overflow}px wider than the viewport")
    for overlap in page.evaluate(OVERLAP_JS):
        problems.append(f"{where}: {overlap}")


def walk_role(context, live_server, username, lang, problems):
    """Visit the role's pages once each; check every page at both widths (the layout reflows on resize)."""
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, username)
    if lang == "en":
        page.goto("/lang/en")
    queue, seen, shapes = ["/"], set(), defaultdict(int)
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        path = queue.pop(0)
        if path in seen or shapes[shape_of(path)] >= PER_SHAPE:
            continue
        seen.add(path)
        shapes[shape_of(path)] += 1
        errors.clear()
        page.set_viewport_size(dict(zip(("width", "height"), WIDTHS["desktop"])))
        try:
            response = page.goto(path, wait_until="load")
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):  # a file behind a link, not a page
                continue
            raise
        status = response.status if response else 0
        where = f"{username} {lang} {path}"
        if status >= 500:
            problems.append(f"{where}: HTTP {status}")
            continue
        if urlsplit(page.url).path.startswith("/login"):
            problems.append(f"{where}: sent back to the sign-in page")
            continue
        name = re.sub(r"[^\w.-]+", "_", path.strip("/")) or "home"
        for width_name, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(200)  # let scripts that follow the window (charts) re-lay out, as on a real resize
            check_page(page, f"{where} @{width}px", problems)
            if status == 200 and SCREENSHOTS:
                folder = ARTIFACTS / f"{lang}-{width_name}"
                folder.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(folder / f"{username}-{name}.png"), full_page=True)
        for text in errors:
            problems.append(f"{where}: console error {text[:160]}")
        for href in page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.getAttribute('href'))"):
            target = urlsplit(urljoin(page.url, href))
            if target.netloc != urlsplit(live_server).netloc or SKIP.search(target.path):
                continue
            link = target.path + (f"?{target.query}" if target.query and "page=" not in target.query else "")
            if link not in seen:
                queue.append(link)
    page.close()
    return len(seen)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_of_every_role(chromium, live_server, demo_accounts, lang):
    problems, visited = [], {}
    only = set(filter(None, os.environ.get("WALK_USERS", "").split(",")))
    for username, _role, _org in demo_accounts:
        if only and username not in only:
            continue
        context = chromium.new_context(base_url=live_server, locale="zh-CN")
        try:
            visited[username] = walk_role(context, live_server, username, lang, problems)
        finally:
            context.close()
    assert sum(visited.values()) > len(visited) * 3, visited
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"problems-{lang}.txt").write_text("\n".join(problems) + "\n", encoding="utf-8")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_checks_see_an_overlap_and_an_overflow(chromium):
    """The walk's own checks catch what they are for, and pass over text a scroll box clips."""
    context = chromium.new_context(viewport={"width": 375, "height": 600})
    page = context.new_page()
    page.set_content("""<div style="position:relative">
      <select style="position:absolute;left:0;width:200px"><option>全部状态</option></select>
      <input id="only_open" type="checkbox" style="position:absolute;left:150px;width:30px;height:30px">
      </div><div style="margin-top:60px;width:500px">wide</div>
      <div style="overflow:auto;width:100px;margin-top:20px"><table><tr><th>一个很长很长很长的表头</th></tr></table></div>
      <label style="position:relative;top:-24px;left:140px">年份</label>""")
    problems = []
    check_page(page, "probe", problems)
    context.close()
    assert any("wider than the viewport" in p for p in problems)
    assert any("select" in p and "only_open" in p for p in problems)
    assert not any("th " in p for p in problems)
