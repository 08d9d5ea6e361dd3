"""The review page: unit tests of the HTML, the command, and one test in a real headless Chromium.

The browser test drives Chromium through the DevTools protocol over a pipe
(``--remote-debugging-pipe``: JSON messages separated by NUL bytes on file descriptors 3
and 4), so it needs no Python package and no network port. It skips when no Chromium is
installed (set GAZETTE_CHROMIUM to a binary to choose one).
"""
import base64
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLE
from pipeline.api import parse_bytes
from pipeline.cli_report import report
from pipeline.normalize import load
from pipeline.report import render_report, write_report


class Page(HTMLParser):
    """Ids, links, text and tag nesting of a page, read with the standard library's parser."""

    VOID = {"meta", "br", "input", "img", "hr", "link"}

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[tuple[str, str]] = []  # (href, id of the element carrying it or '')
        self.attrs_by_id: dict[str, dict] = {}
        self.stack: list[str] = []
        self.nesting_errors: list = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.in_script = False
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
            self.attrs_by_id[a["id"]] = {"tag": tag, **a}
        if "href" in a:
            self.links.append((a["href"], a.get("id", "")))
        if tag not in self.VOID:
            self.stack.append(tag)
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.nesting_errors.append((tag, self.getpos()))
        self.in_script = False

    def handle_data(self, data):
        (self.scripts if self.in_script else self.text).append(data)


@pytest.fixture(scope="module")
def sample():
    data = SAMPLE.read_bytes()
    result = parse_bytes(data, str(SAMPLE))
    text = load(data, str(SAMPLE))[0].raw
    t = time.perf_counter()
    page = render_report(result, text)
    seconds = time.perf_counter() - t
    return result, text, page, seconds


def test_page_is_well_formed_and_self_contained(sample):
    result, text, page, seconds = sample
    assert seconds < 1.0, f"rendering took {seconds:.2f}s"
    assert len(page.encode("utf-8")) < 1_500_000
    p = Page(page)
    assert p.nesting_errors == [] and p.stack == []
    dup = [k for k, v in Counter(p.ids).items() if v > 1]
    assert dup == []
    # every in-page link lands on an element; nothing points off the page
    ids = set(p.ids)
    broken = [h for h, _ in p.links if h.startswith("#") and h[1:] not in ids]
    assert broken == []
    assert not [h for h, _ in p.links if not h.startswith("#")]
    low = page.lower()
    for needle in ("http://", "https://", "<link", "src=", "@import", "url("):
        assert needle not in low, needle
    assert "@media print" in page
    assert "<details" in page
    # rendering is deterministic and leaves its input alone
    before = json.dumps(result, sort_keys=True)
    assert render_report(result, text) == page
    assert json.dumps(result, sort_keys=True) == before


def test_page_shows_counts_and_documents(sample):
    result, text, page, _ = sample
    p = Page(page)
    visible = "".join(p.text)
    assert len(result["documents"]) == 10
    assert '<div class="stat" id="stat-documents"><span class="n">10</span><span class="k">documents</span>' in page
    for kind in ("documents", "sections", "tasks", "tables", "quantities", "dates", "references", "warnings"):
        assert f'<tr id="count-{kind}"><th>{kind}</th><td class="n">{len(result[kind])}</td></tr>' in page
    assert result["issue"]["title"] in visible
    for d in result["documents"]:
        assert f'id="doc-{d["id"]}"' in page and f'id="text-{d["id"]}"' in page
        assert d["title"] in visible and d["doc_number"] in visible
    # one anchor in the text for every section, so the outline tree's links all land
    assert all(s["id"] in p.ids for s in result["sections"])
    # the extracted things are highlighted in the text
    body = page[page.index('<h3 class="texthead'):]
    assert body.count('<mark class="e qty"') >= len(result["quantities"])
    assert body.count('<mark class="e date"') >= len(result["dates"])
    assert body.count('<mark class="e ref"') >= len(result["references"])
    assert body.count('<mark class="e lead"') == sum(len(t["lead_units"]) for t in result["tasks"])


def test_unit_marks_sit_on_the_unit_names(sample):
    result, text, page, _ = sample
    task = next(t for t in result["tasks"] if t["id"] == "d002t0001")
    a, b = task["note_spans"][0]
    assert "市发改委" in text[a:b]
    assert re.search(r'<mark class="e lead" title="task d002t0001[^"]*">市发改委<b class="l" aria-hidden="true">LEAD</b>'
                     r'</mark>', page)
    assert '咸宁高新区管委会<b class="l" aria-hidden="true">UNIT</b></mark>' in page


def test_flagged_total_is_marked_wrong(sample):
    result, text, page, _ = sample
    flagged = [(t, x) for t in result["tables"] for x in t["totals"] if not x["ok"]]
    assert [(t["id"], x["stated"], x["computed"]) for t, x in flagged] == [("d007tb03", 1361, 1251)]
    assert '<div class="stat flag" id="stat-flagged"><span class="n">1</span>' in page
    fig = page[page.index('<figure class="tbl flagged" id="d007tb03">'):]
    fig = fig[:fig.index("</figure>")]
    assert '<td class="num tot bad" title="stated 1361, computed 1251">1361 ✗</td>' in fig
    assert "difference 110" in fig
    # the right totals are marked right
    assert page.count('class="num tot ok"') == 2
    # the cell that is not a number carries its warning's flag
    w = next(w for w in result["warnings"] if w["code"] == "cell_not_a_number")
    assert f'href="#li-{w["id"]}"' in fig


def test_every_warning_has_a_working_anchor(sample):
    result, text, page, _ = sample
    p = Page(page)
    assert result["warnings"]
    for w in result["warnings"]:
        li = f"li-{w['id']}"
        assert li in p.ids
        target = p.attrs_by_id[w["id"]]
        # the anchor sits in the text at the warning's place, and links back to the list
        assert target["tag"] == "a" and target["href"] == f"#{li}"
        assert (f"#{w['id']}", "") in p.links
    # the anchor is inserted exactly at the warning's offset: the text before it is the text before the span
    w = next(w for w in result["warnings"] if w["code"] == "table_total_mismatch")
    before = page[:page.index(f'id="{w["id"]}"')]
    assert text[w["span"][0] - 6:w["span"][0]].strip() in before[-400:]


def test_warning_without_place_links_to_its_document(sample):
    result, text, page, _ = sample
    r = dict(result)
    r["warnings"] = result["warnings"] + [{"stage": "validate", "code": "schema", "message": "bad <field>",
                                           "document_id": "d003", "span": None},
                                          {"stage": "validate", "code": "schema", "message": "no place",
                                           "document_id": None, "span": None}]
    p = Page(render_report(r, text))
    ids = set(p.ids)
    n = len(result["warnings"])
    assert ("#doc-d003", "") in p.links and f"li-w{n + 1:04d}" in ids and f"li-w{n + 2:04d}" in ids
    assert all(h[1:] in ids for h, _ in p.links if h.startswith("#"))


def test_script_in_the_text_is_escaped(tmp_path):
    data = SAMPLE.read_text(encoding="utf-8")
    evil = "<script>alert('gazette')</script>"
    k = data.index("十四五”时期是我国迈向")
    data = data[:k] + evil + data[k:]
    f = tmp_path / "evil.txt"
    f.write_text(data, encoding="utf-8")
    out = write_report(f, tmp_path / "r.html")
    page = out.read_text(encoding="utf-8")
    assert "alert('gazette')" not in page  # neither raw nor inside a script
    assert "&lt;script&gt;alert(&#x27;gazette&#x27;)&lt;/script&gt;" in page
    assert Page(page).text and "<script>alert('gazette')</script>" in "".join(Page(page).text)
    assert not any("gazette')" in s for s in Page(page).scripts)
    assert not list(tmp_path.glob(".*.tmp"))  # the write was atomic: no temporary file left behind


def test_render_minimal_result_without_issue():
    text = "关于<b>的通知\n正文"
    result = {"schema_version": "1.0", "source": {"path": "x.txt", "chars": len(text)}, "issue": None,
              "documents": [{"id": "d001", "title": "关于<b>的通知", "doc_number": None, "span": [0, len(text)]}],
              "sections": [], "tasks": [], "tables": [], "people": [], "quantities": [], "dates": [],
              "references": [], "warnings": []}
    page = render_report(result, text)
    p = Page(page)
    assert p.nesting_errors == [] and p.stack == []
    assert "<b>的" not in page and "关于&lt;b&gt;的通知" in page
    assert "The parser raised no warning." in page


def test_command(tmp_path):
    runner = CliRunner()
    out = tmp_path / "sub" / "report.html"
    r = runner.invoke(report, [str(SAMPLE), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = runner.invoke(report, [str(empty), "-o", str(tmp_path / "e.html")])
    assert r.exit_code == 1
    assert r.output.strip().count("\n") == 0 and "empty" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "e.html").exists()
    r = runner.invoke(report, [str(tmp_path / "missing.txt"), "-o", str(tmp_path / "m.html")])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert runner.invoke(report, [str(SAMPLE)]).exit_code == 2  # -o is required


# ---------------------------------------------------------------- the real browser

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_chromium() -> str | None:
    env = os.environ.get("GAZETTE_CHROMIUM")
    if env:
        return env if shutil.which(env) or Path(env).exists() else None
    for name in CHROMIUM_NAMES:
        p = shutil.which(name)
        if p:
            return p
    return None


class Browser:
    """Headless Chromium spoken to over --remote-debugging-pipe (DevTools protocol, NUL-separated JSON)."""

    def __init__(self, binary: str, profile: str, log_path: Path):
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # keep the child's ends away from 3 and 4, where the shell puts them
        to_child_r, from_child_w = (self._high(fd) for fd in (to_child_r, from_child_w))
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
                "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"]
        self._log = open(log_path, "wb")
        # the child reads commands on fd 3 and writes answers on fd 4: a tiny Python trampoline puts the
        # pipe ends there and execs the browser (no shell: dash cannot name descriptors above 9)
        trampoline = ("import os, sys; r, w = int(sys.argv[1]), int(sys.argv[2]); os.dup2(r, 3); os.dup2(w, 4); "
                      "os.close(r); os.close(w); os.execv(sys.argv[3], sys.argv[3:])")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", trampoline, str(to_child_r), str(from_child_w), binary, *args],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            pass_fds=(to_child_r, from_child_w))
        os.close(to_child_r)
        os.close(from_child_w)
        self.log_path = log_path
        self._id = 0
        self._inbox: queue.Queue = queue.Queue()
        self.events: list[dict] = []
        threading.Thread(target=self._reader, daemon=True).start()

    @staticmethod
    def _high(fd: int) -> int:
        import fcntl

        high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
        os.close(fd)
        return high

    def _reader(self):
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                self._inbox.put(None)
                return
            buf += chunk
            while b"\0" in buf:
                msg, buf = buf.split(b"\0", 1)
                self._inbox.put(json.loads(msg))

    def _next(self, deadline: float) -> dict:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("Chromium did not answer in time")
        try:
            msg = self._inbox.get(timeout=left)
        except queue.Empty:
            raise TimeoutError("Chromium did not answer in time") from None
        if msg is None:
            raise RuntimeError("Chromium closed the pipe:\n" + self.log_tail())
        return msg

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            m = self._next(deadline)
            if m.get("id") == self._id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method: str, timeout: float = 30) -> dict:
        for m in self.events:
            if m.get("method") == method:
                return m
        deadline = time.monotonic() + timeout
        while True:
            m = self._next(deadline)
            self.events.append(m)
            if m.get("method") == method:
                return m

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def close(self):
        try:
            if self.proc.poll() is None:
                try:
                    self.send("Browser.close", timeout=5)
                except Exception:
                    pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()  # our own child, by its handle
                self.proc.wait(timeout=10)
        finally:
            for fd in (self._to_child, self._from_child):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._log.close()


def _save_png(b64: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(base64.b64decode(b64))
    os.chmod(tmp, 0o644)  # an artifact for people to open
    os.replace(tmp, path)


VISIBLE_JS = """
(function(sel){var el=document.querySelector(sel); if(!el) return null;
 el.scrollIntoView({block:'center'}); var r=el.getBoundingClientRect(); var s=getComputedStyle(el);
 var inClosed=false; for(var p=el.parentElement;p;p=p.parentElement){ if(p.tagName==='DETAILS'&&!p.open
   && !(el.closest('summary') && el.closest('summary').parentElement===p)) inClosed=true; }
 return {text: el.innerText, w:r.width, h:r.height, top:r.top, vis:s.visibility, disp:s.display, closed:inClosed,
   inViewport: r.top>=0 && r.bottom<=window.innerHeight};})(%s)
"""


def test_report_in_headless_chromium(tmp_path):
    binary = find_chromium()
    if not binary:
        pytest.skip("Chromium is not installed (apt-get install chromium, or set GAZETTE_CHROMIUM)")
    out_dir = ROOT / "out"
    page_path = write_report(SAMPLE, out_dir / "report.html")
    browser = Browser(binary, str(tmp_path / "profile"), tmp_path / "chromium.log")
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(f"{domain}.enable", session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 1366, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
        url = page_path.resolve().as_uri()
        browser.send("Page.navigate", {"url": url}, session=session)
        browser.wait_event("Page.loadEventFired")

        def js(expr: str):
            r = browser.send("Runtime.evaluate", {"expression": expr, "returnByValue": True}, session=session)
            assert "exceptionDetails" not in r, r
            return r["result"].get("value")

        assert js("document.readyState") == "complete"
        assert js("document.title").endswith("gazette report")
        # the document count, visible at the top
        docs = js(VISIBLE_JS % json.dumps("#stat-documents"))
        assert docs and docs["w"] > 0 and docs["h"] > 0 and docs["vis"] == "visible" and not docs["closed"]
        assert docs["text"].split() == ["10", "documents"]
        assert docs["inViewport"]
        assert js("document.querySelectorAll('article.doc').length") == 10
        _save_png(browser.send("Page.captureScreenshot", {"format": "png"}, session=session)["data"],
                  out_dir / "report-screenshot.png")
        # the table with the flagged total, visible, with the wrong total marked
        cell = js(VISIBLE_JS % json.dumps("#d007tb03 td.tot.bad"))
        assert cell and cell["w"] > 0 and cell["h"] > 0 and not cell["closed"] and cell["inViewport"], cell
        assert cell["text"].startswith("1361")
        colour = js("getComputedStyle(document.querySelector('#d007tb03 td.tot.bad')).color")
        assert colour == "rgb(207, 34, 46)"
        rows = js("document.querySelectorAll('#d007tb03 tbody tr').length")
        assert rows == 21
        _save_png(browser.send("Page.captureScreenshot", {"format": "png"}, session=session)["data"],
                  out_dir / "report-screenshot-table.png")
        # a warning link jumps to its flag in the text
        first = js("document.querySelector('#warnings li').id")
        js("document.querySelector('#warnings li > a').click()")
        assert js("location.hash") == "#" + first[len("li-"):]
        flag = js(VISIBLE_JS % json.dumps(":target"))
        assert flag and flag["text"].startswith("⚠") and flag["w"] > 0 and flag["inViewport"]
        _save_png(browser.send("Page.captureScreenshot", {"format": "png"}, session=session)["data"],
                  out_dir / "report-screenshot-text.png")
        # the legend's switches work (the page's own script runs)
        js("var c=document.querySelector('#legend input[data-k=qty]'); c.click();")
        assert js("document.body.classList.contains('hide-qty')")
        # printing opens every outline
        assert js("window.dispatchEvent(new Event('beforeprint')); "
                  "Array.prototype.every.call(document.querySelectorAll('details'), function(d){return d.open})")
    finally:
        browser.close()
    errors = [e for e in browser.events
              if (e.get("method") == "Runtime.consoleAPICalled" and e["params"].get("type") in ("error", "assert"))
              or e.get("method") == "Runtime.exceptionThrown"
              or (e.get("method") == "Log.entryAdded" and e["params"]["entry"].get("level") == "error")]
    assert errors == [], errors
    requested = {e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"}
    assert requested == {url}, requested  # self-contained: the page loads nothing else
    assert (out_dir / "report-screenshot.png").stat().st_size > 10_000
