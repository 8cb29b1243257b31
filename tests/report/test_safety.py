"""Hostile answers cannot read server files, reach the network, ride along as attachments or hang the
renderer; a render that takes too long gives a clear page and the app keeps serving."""

import http.server
import threading
from dataclasses import dataclass

import pytest

from selfassess.report import context as report_context
from selfassess.report import render
from selfassess.services import progress
from selfassess.services.demo_answers import demo_profile
from tests.assessment_data import YEAR, framework, section_form, start_with_context
from tests.report.conftest import embedded_files, flat, pdf_pages

PASSWD = "root:x:0:0"


@pytest.fixture
def loopback():
    """A web server on 127.0.0.1 that counts every request it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(b"\x89PNG canary")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def hostile(base: str) -> str:
    return (f'<img src="file:///etc/passwd"> <link rel="attachment" href="file:///etc/passwd"> '
            f'<div style="background: url({base}/css-bg)">x</div> <img src="{base}/img.png"> '
            f'<style>@import url("{base}/import.css"); '
            f'body {{ background: url("file:///etc/passwd") }}</style>')


def section_url(ukprn, section):
    return f"/providers/{ukprn}/years/{YEAR}/sections/{section.key}"


def first_question(profile):
    """The first question asked of this provider: it has an evidence note, where anything can be typed."""
    fw = framework()
    for section in fw.sections:
        if not progress.section_applies(fw, section, profile)[0]:
            continue
        questions, _ = progress.applicable_questions(fw, section, profile)
        for question in questions:
            if question.show_if is None:
                return section, question
    raise AssertionError("no question applies")


def test_hostile_answers_are_printed_as_text_and_fetch_nothing(app, editor_client, provider_ukprn, loopback):
    base, hits = loopback
    profile = start_with_context(editor_client, provider_ukprn)
    section, question = first_question(profile)
    payload = hostile(base)
    overrides = {f"evidence__{question.key}": payload,
                 f"links__{question.key}": f"{base}/evidence-link\nfile:///etc/passwd"}
    data = section_form(framework(), section.key, profile, version=0, overrides=overrides)
    response = editor_client.post(section_url(provider_ukprn, section), data=data)
    assert response.status_code == 400, "a file: evidence link is refused by the form"
    overrides[f"links__{question.key}"] = f"{base}/evidence-link"
    data = section_form(framework(), section.key, profile, version=0, overrides=overrides)
    response = editor_client.post(section_url(provider_ukprn, section), data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]

    response = editor_client.get(f"/providers/{provider_ukprn}/years/{YEAR}/report.pdf")
    assert response.status_code == 200
    pdf = response.data
    assert PASSWD.encode() not in pdf
    assert embedded_files(pdf).startswith("0 embedded files")
    text = flat(" ".join(pdf_pages(pdf)))
    assert PASSWD not in text
    assert '<img src="file:///etc/passwd">' in text, "the answer is shown, escaped, as the user typed it"
    assert f"{base}/evidence-link" in text
    assert hits == []

    preview = editor_client.get(f"/providers/{provider_ukprn}/years/{YEAR}/report").get_data(as_text=True)
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in preview or "&lt;img src=&quot;" in preview
    assert '<img src="file:///etc/passwd">' not in preview
    assert hits == []


def test_a_100000_character_word_is_refused_by_the_form(app, editor_client, provider_ukprn):
    profile = start_with_context(editor_client, provider_ukprn)
    section, question = first_question(profile)
    data = section_form(framework(), section.key, profile, version=0,
                        overrides={f"evidence__{question.key}": "x" * 100_000})
    response = editor_client.post(section_url(provider_ukprn, section), data=data)
    assert response.status_code in (400, 413)


@dataclass
class FakeAnswer:
    value: object
    evidence_note: str = ""
    evidence_links: tuple = ()
    not_applicable: bool = False
    na_reason: str = ""
    carried_forward: bool = False


def test_the_renderer_returns_for_a_context_with_a_100000_character_word(app):
    fw = framework()
    profile = demo_profile(fw)
    _, question = first_question(profile)
    word = "y" * 100_000
    context = report_context.build(fw, provider_name="Hostile College " + word, ukprn="10000001", year=YEAR,
                                   status="draft", profile=profile, data_return={},
                                   answers={question.key: FakeAnswer(word, evidence_note=word,
                                                                     evidence_links=("https://" + word,))})
    entry = next(q for c in context.chapters for q in c.questions if q.key == question.key)
    assert len(entry.answer) < 5200 and "\u200b" in entry.answer
    with app.app_context():
        html = render.render_html(context)
        pdf = render.html_to_pdf(html, static_folder=app.static_folder, title="t", author="a", timeout=60)
    assert pdf.startswith(b"%PDF")  # it returned: bounded text cannot keep the layout engine busy


def test_raw_hostile_html_reaching_the_renderer_fetches_nothing(app, loopback):
    base, hits = loopback
    html = f'<html lang="en"><head><title>t</title></head><body><p>hello</p>{hostile(base)}' \
           f'<a rel="attachment" href="file:///etc/passwd">a</a></body></html>'
    pdf = render.html_to_pdf(html, static_folder=app.static_folder, title="t", author="a")
    assert hits == []
    assert PASSWD.encode() not in pdf
    assert embedded_files(pdf).startswith("0 embedded files")
    assert "hello" in " ".join(pdf_pages(pdf))


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "data:text/css,body{}",
    "http://127.0.0.1/static/report/report.css",
    "https://pdf.invalid/static/report/report.css",
    "http://pdf.invalid:8080/static/report/report.css",
    "http://user@pdf.invalid/static/report/report.css",
    "http://pdf.invalid/static/../selfassess/config.py",
    "http://pdf.invalid/static/%2e%2e/%2e%2e/etc/passwd",
    "http://pdf.invalid/static/..%2f..%2fetc/passwd",
    "http://pdf.invalid/secret",
    "http://pdf.invalid/static/",
    "http://pdf.invalid/static/no-such-file.css",
])
def test_the_fetcher_refuses_everything_but_our_static_files(app, url):
    fetcher = render.StaticOnlyFetcher(app.static_folder)
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_the_fetcher_serves_the_report_stylesheet(app):
    response = render.StaticOnlyFetcher(app.static_folder).fetch(render.STATIC_PREFIX + "report/report.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_a_render_that_takes_too_long_gives_a_clear_page_and_the_app_keeps_serving(
        app, client, factory, tmp_path, provider_ukprn):
    from tests.conftest import sign_in

    sign_in(client, factory.user("viewer", provider_ukprn))
    editor = sign_in(app.test_client(), factory.user("editor", provider_ukprn))
    start_with_context(editor, provider_ukprn)
    app.config["REPORT_RENDER_TIMEOUT"] = 0.001
    app.config["REPORT_CACHE_DIR"] = str(tmp_path)
    response = client.get(f"/providers/{provider_ukprn}/years/{YEAR}/report.pdf")
    assert response.status_code == 503
    body = flat(response.get_data(as_text=True))
    assert "took longer than" in body and "Traceback" not in body
    assert response.headers["Retry-After"]
    assert client.get(f"/providers/{provider_ukprn}/years/{YEAR}/report").status_code == 200
    assert client.get("/").status_code == 200


def test_a_render_that_fails_in_the_child_raises_a_clear_error_and_the_parent_carries_on(app):
    with pytest.raises(render.RenderFailed, match="could not be prepared"):
        render.html_to_pdf("<p>x</p>", static_folder=app.static_folder, title="t", author="a",
                           memory_limit=4096)  # next to no memory beyond what the worker maps
    pdf = render.html_to_pdf("<p>x</p>", static_folder=app.static_folder, title="t", author="a")
    assert pdf.startswith(b"%PDF")


def test_the_child_compresses_its_streams_and_leaves_the_worker_untouched(app):
    import zlib

    import pydyf

    paragraphs = "<p>The governing body received the Prevent report.</p>" * 2000
    html = f"<html lang='en'><body>{paragraphs}</body></html>"
    pdf = render.html_to_pdf(html, static_folder=app.static_folder, title="t", author="a")
    assert b"/FlateDecode" in pdf and len(pdf) < len(html)  # compressed, at the child's own level
    assert pydyf.zlib is zlib  # the worker's pydyf is still pydyf's own
    assert render.bare_pdf(html, app.static_folder).startswith(b"%PDF")


def test_a_providers_reports_are_rendered_at_most_n_times_a_minute(app, editor_client, provider_ukprn):
    app.config["REPORT_RENDERS_PER_MINUTE"] = 1
    profile = start_with_context(editor_client, provider_ukprn)
    url = f"/providers/{provider_ukprn}/years/{YEAR}/report.pdf"
    first = editor_client.get(url)
    assert first.status_code == 200 and first.headers["X-Report-Cache"] == "miss"
    again = editor_client.get(url)
    assert again.status_code == 200 and again.headers["X-Report-Cache"] == "hit"  # the cache never counts

    section, _ = first_question(profile)
    data = section_form(framework(), section.key, profile, version=0)
    assert editor_client.post(section_url(provider_ukprn, section), data=data).status_code == 302
    limited = editor_client.get(url)
    assert limited.status_code == 503 and limited.headers["Retry-After"]
    body = limited.get_data(as_text=True)
    assert "prepared once in the last minute" in body and "Wait a minute" in body
    assert "Traceback" not in body
    assert editor_client.get(f"/providers/{provider_ukprn}/years/{YEAR}/report").status_code == 200


def test_the_limiter_forgets_renders_older_than_a_minute():
    from selfassess.report.errors import RenderRateLimited
    from selfassess.report.limits import RenderLimiter

    now = [1000.0]
    limiter = RenderLimiter(clock=lambda: now[0])
    limiter.admit("10000001", 2)
    limiter.admit("10000001", 2)
    with pytest.raises(RenderRateLimited):
        limiter.admit("10000001", 2)
    limiter.admit("10000002", 2)  # another provider has its own window
    now[0] += 60
    limiter.admit("10000001", 2)


def test_a_document_past_the_page_limit_is_refused_with_a_clear_message(app):
    pages = "".join('<p style="break-before: page">Page</p>' for _ in range(render.MAX_PAGES + 1))
    with pytest.raises(render.RenderFailed, match=f"more than the {render.MAX_PAGES} allowed"):
        render.html_to_pdf(f"<html lang='en'><body>{pages}</body></html>", static_folder=app.static_folder,
                           title="t", author="a")


def test_a_second_render_waits_for_the_first_and_gives_up_clearly(app):
    assert render._RENDER_SLOT.acquire(timeout=5)  # a render in progress in this worker
    try:
        with pytest.raises(render.RenderBusy, match="Another report is being prepared"):
            render.html_to_pdf("<p>x</p>", static_folder=app.static_folder, title="t", author="a",
                               timeout=0.2)
    finally:
        render._RENDER_SLOT.release()
    assert render.html_to_pdf("<p>x</p>", static_folder=app.static_folder, title="t", author="a") \
        .startswith(b"%PDF")
