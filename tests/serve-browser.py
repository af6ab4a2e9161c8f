"""serve-browser.py - the page of `marklint serve` in a real browser
(headless Chromium driven by Selenium): upload the sample draft, wait for
the findings, check what is shown against `marklint check` (groups by
disposition, counts, portion text, suggested markings), that it is usable
by keyboard and that every control has a name a screen reader reads, that
the browser reports no error (a Content-Security-Policy violation would be
one); download the annotated copy by keyboard and check it opens as a DOCX
(the same bytes as `marklint annotate`), download the Word memo (the
same bytes as `marklint review -f docx`); a dropped document; a text
document (no annotated copy) and an unreadable one. Saves a screenshot,
BINDIR/serve-page.png (the README's). Skipped (77) without chromium,
chromedriver or python3-selenium."""

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.dom.minidom
import zipfile

import serve_lib as sl

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("skipped: python3-selenium is not installed")
    sys.exit(77)

marklint, srcdir, bindir = sl.args()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not CHROMIUM or not DRIVER:
    print("skipped: chromium or chromedriver is not installed")
    sys.exit(77)

t = sl.Failures()
tmp = tempfile.mkdtemp(prefix="serve-browser.")
downloads = os.path.join(tmp, "downloads")
os.mkdir(downloads)
sample = os.path.join(tmp, "rfp-draft.docx")
with open(sample, "wb") as f:
    f.write(sl.sample(bindir))
TITLES = {"remove": "Remove or replace", "correct": "Correct the marking",
          "narrow": "Narrow the restriction", "review": "Review the basis",
          "retain": "Retain"}


def cli(*argv):
    return subprocess.run(marklint.split() + list(argv), cwd=tmp,
                          capture_output=True).stdout


def browser():
    o = Options()
    o.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
              "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage", "--window-size=1280,1900",
              "--user-data-dir=" + os.path.join(tmp, "profile")):
        o.add_argument(a)
    o.add_experimental_option("prefs", {
        "download.default_directory": downloads,
        "download.prompt_for_download": False})
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(DRIVER), options=o)
    d.execute_cdp_cmd("Browser.setDownloadBehavior",
                      {"behavior": "allow", "downloadPath": downloads})
    return d


def wait(d, cond, what, seconds=60):
    try:
        return WebDriverWait(d, seconds * sl.SLOW).until(lambda _: cond())
    except TimeoutException:
        t.check(False, "timed out waiting for " + what)
        return None


def downloaded(name, seconds=60):
    path = os.path.join(downloads, name)
    end = time.time() + seconds * sl.SLOW
    while time.time() < end:
        if os.path.exists(path) and not os.path.exists(path + ".crdownload"):
            with open(path, "rb") as f:
                return f.read()
        time.sleep(0.1)
    t.check(False, "%s was downloaded (%r)" % (name, os.listdir(downloads)))
    return None


def active_id(d):
    return d.execute_script("return document.activeElement.id")


def unnamed_controls(d):
    """Buttons, checkboxes and file inputs of the accessibility tree that
    have no name (Chromium computes what a screen reader reads)."""
    tree = d.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    bad = []
    for n in tree:
        role = n.get("role", {}).get("value")
        if n.get("ignored") or role not in ("button", "checkbox",
                                            "textbox", "link"):
            continue
        if not n.get("name", {}).get("value", "").strip():
            bad.append(role)
    return bad


def check_findings(d):
    report = json.loads(cli("check", "--no-config", "-f", "json",
                            "rfp-draft.docx"))
    findings = report["documents"][0]["findings"]
    marks = {m["id"]: m for m in report["documents"][0]["markings"]}
    shown = d.find_elements(By.CSS_SELECTOR, "#groups section")
    order = [s.get_attribute("aria-labelledby")[len("group-"):]
             for s in shown]
    want = [k for k in ("remove", "correct", "narrow", "review", "retain")
            if any(f.get("disposition") == k for f in findings)]
    t.check(order == want, "groups in order of action: %r (%r)"
            % (order, want))
    for sec in shown:
        key = sec.get_attribute("aria-labelledby")[len("group-"):]
        mine = [f for f in findings if f.get("disposition") == key]
        h = sec.find_element(By.TAG_NAME, "h3").text
        t.check(h == "%s (%d)" % (TITLES[key], len(mine)),
                "heading %r for %d %s findings" % (h, len(mine), key))
        items = sec.find_elements(By.CSS_SELECTOR, "ol.findings > li")
        t.check(len(items) == len(mine), "%s: %d findings shown (%d)"
                % (key, len(mine), len(items)))
        for f, li in zip(mine, items):
            text = li.text
            t.check(f["rule"] in text and f["message"] in text,
                    "%s: rule and message shown" % f["rule"])
            if f.get("context"):
                q = li.find_element(By.TAG_NAME, "blockquote").text
                t.check(q == f["context"].strip(), "the portion text of %s"
                        % f["rule"])
                if f.get("marking"):
                    mk = li.find_elements(By.TAG_NAME, "mark")
                    t.check(mk and mk[0].text == marks[f["marking"]]["text"]
                            .strip(), "the marking highlighted in %s"
                            % f["rule"])
            if f.get("suggestion"):
                s = li.find_element(By.CSS_SELECTOR, "code.suggestion").text
                t.check(s == f["suggestion"], "the suggested marking %r"
                        % f["suggestion"])
    summary = d.find_element(By.ID, "summary").text
    n = report["summary"]["findings"]
    t.check("%d errors, %d warnings" % (n["error"], n["warning"]) in summary,
            "the summary counts: " + summary)


def check_keyboard_download(d):
    # from the top of the page, Tab after Tab (keys to the page, not to
    # an element: a file input takes keys as a file name)
    d.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
    seen = []
    for _ in range(10):
        ActionChains(d).send_keys(Keys.TAB).perform()
        seen.append(active_id(d))
    # Tab cycles; from the file input on, the controls come in order
    i = seen.index("file") if "file" in seen else len(seen)
    t.check(seen[i:i + 4] == ["file", "annotated", "memo", "propose"],
            "Tab goes through the file, the downloads, the option (%r)"
            % seen)
    # the annotated copy, asked for with the keyboard
    d.find_element(By.ID, "annotated").send_keys(Keys.ENTER)
    data = downloaded("rfp-draft.annotated.docx")
    if data is None:
        return
    z = zipfile.ZipFile(io.BytesIO(data))
    t.check(z.testzip() is None, "the copy is a sound zip")
    for part in ("[Content_Types].xml", "word/document.xml",
                 "word/comments.xml"):
        xml.dom.minidom.parseString(z.read(part))
    comments = z.read("word/comments.xml").count(b"<w:comment ")
    t.check(comments > 0, "the copy has comments (%d)" % comments)
    out = os.path.join(tmp, "cli.docx")
    cli("annotate", "--no-config", "rfp-draft.docx", "-o", out)
    with open(out, "rb") as f:
        t.check(f.read() == data, "the downloaded copy is `marklint "
                "annotate`'s, byte for byte")
    if shutil.which("soffice"):
        p = subprocess.run(["soffice", "--headless", "--convert-to", "pdf",
                            "--outdir", tmp, os.path.join(
                                downloads, "rfp-draft.annotated.docx")],
                           capture_output=True, timeout=180)
        t.check(os.path.exists(os.path.join(tmp, "rfp-draft.annotated.pdf")),
                "LibreOffice opens the copy (%r)" % p.stderr[-200:])
    d.find_element(By.ID, "memo").click()
    data = downloaded("rfp-draft.review.docx")
    if data is not None:
        z = zipfile.ZipFile(io.BytesIO(data))
        main = z.read("word/document.xml")
        xml.dom.minidom.parseString(main)
        t.check(b"MEMORANDUM" in main, "the Word memo downloads")
        t.check(data == cli("review", "--no-config", "-f", "docx",
                            "rfp-draft.docx"),
                "the downloaded memo is `marklint review`'s, byte for byte")


def check_drop(d):
    """A document dropped on the box (a drop event carrying a file, as
    the browser makes it when a file is dragged from the desktop)."""
    d.execute_script("""
        var f = new File([arguments[0]], "dropped.txt", {type: "text/plain"});
        var dt = new DataTransfer();
        dt.items.add(f);
        var box = document.getElementById("drop");
        ["dragenter", "dragover", "drop"].forEach(function (t) {
            box.dispatchEvent(new DragEvent(t, {dataTransfer: dt,
                bubbles: true, cancelable: true}));
        });""", "(S//NF) The seeker data shall stay national.\n")
    wait(d, lambda: "Checked dropped.txt" in
         d.find_element(By.ID, "status").text, "the dropped document")
    t.check("dropped.txt" in d.find_element(By.ID, "results-title").text,
            "the dropped document's findings are shown")


def check_other_documents(d):
    path = os.path.join(tmp, "draft.txt")
    with open(path, "w") as f:
        f.write("(S//NF) The seeker data shall stay national.\n")
    d.find_element(By.ID, "file").send_keys(path)
    wait(d, lambda: "Checked draft.txt" in
         d.find_element(By.ID, "status").text, "the text draft")
    t.check(not d.find_element(By.ID, "annotated").is_enabled(),
            "no annotated copy of a text document")
    t.check("DOCX" in d.find_element(By.ID, "annotated-help").text,
            "the page says why")
    path = os.path.join(tmp, "half.docx")
    with open(path, "wb") as f:
        f.write(sl.sample(bindir)[:3000])
    d.find_element(By.ID, "file").send_keys(path)
    wait(d, lambda: "could not be checked" in
         d.find_element(By.ID, "status").text, "the unreadable draft")
    st = d.find_element(By.ID, "status")
    t.check(st.get_attribute("role") == "status" and "(zip-" in st.text,
            "the error is announced with its code: " + st.text)
    t.check(not d.find_element(By.ID, "results").is_displayed(),
            "no findings are shown for it")


s = sl.Server(marklint, "--no-config", "-j", "2")
d = None
try:
    d = browser()
    d.get("http://127.0.0.1:%d/" % s.port)
    t.check("marklint" in d.title, "the page's title")
    t.check(d.find_element(By.CSS_SELECTOR, "label[for=file]").text,
            "the file input has a label")
    d.find_element(By.ID, "file").send_keys(sample)
    wait(d, lambda: d.find_element(By.ID, "results").is_displayed(),
         "the findings")
    t.check(d.find_element(By.ID, "status").text.startswith(
        "Checked rfp-draft.docx: 3 errors"), "the status line says so")
    t.check(active_id(d) == "results-title", "focus moves to the findings")
    t.check(unnamed_controls(d) == [], "every control has a name: %r"
            % unnamed_controls(d))
    check_findings(d)
    d.save_screenshot(os.path.join(bindir, "serve-page.png"))
    check_keyboard_download(d)
    check_drop(d)
    check_other_documents(d)
    # the answer 422 is logged as a failed load, on purpose;
    # anything else (a script error, a CSP violation, a load the page
    # did not ask for) is a defect
    logs = [e for e in d.get_log("browser") if e["level"] == "SEVERE" and
            not (e["source"] == "network" and "/v1/" in e["message"])]
    t.check(not logs, "the browser reports no error: %r" % logs)
finally:
    if d:
        d.quit()
    rc = s.stop()
t.check(rc == 0, "the server stops with 0")
shutil.rmtree(tmp)
t.report()
