"""In-process timings of the pages readers and editors use, beside the floor views; prints JSON.

    DJANGO_SETTINGS_MODULE=bench.settings BENCH_FLOOR_FILE=floor.html python -m bench.pages [REPEAT]

Run by bench/run.py on a database filled by generate_briefs that also holds the
seed brief. Each page is timed with the Django test client, in turn with the two
floors (bench/urls.py) so that all meet the same machine load. "warm" pages come
from the page cache; "cold" ones are rendered from an empty cache; "uncached" is
the brief rendered with PAGE_CACHE off and an empty cache, as a staff preview, the
first reader after an eviction and a deployment without Redis have it; "after edit"
is the first request for the brief after an edit to it was saved.
"""

import json
import os
import statistics
import sys
import time
from html.parser import HTMLParser

import django


def main(argv):
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.client import ClientHandler
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, Quote
    from bench.urls import BARE_FLOOR_PATH, FLOOR_PATH, bare_floor_handler

    repeat = int(argv[1]) if len(argv) > 1 else 200
    cold_repeat = max(10, repeat // 5)
    reader = Client()
    editor = Client()
    bare_reader = Client()
    bare_reader.handler = bare_floor_handler(ClientHandler)
    editor.force_login(get_user_model().objects.filter(is_superuser=True).first())

    seed = Article.objects.get(slug=os.environ["BENCH_SEED_SLUG"])
    brief_url = seed.get_absolute_url()
    outlet = seed.citations.select_related("source__outlet").first().source.outlet
    speaker = (
        Quote.objects.vouched_for()
        .filter(article__in=Article.objects.published())
        .select_related("speaker")
        .order_by("-article__published_at")
        .first()
        .speaker
    )
    page = reader.get(brief_url)
    assert page.status_code == 200, page.status_code
    with open(os.environ["BENCH_FLOOR_FILE"], "wb") as floor_file:
        floor_file.write(page.content)

    def timed(client, url):
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        return elapsed

    def queries(client, url, before=None):
        if before:
            before()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    def against_floors(request, *, times):
        """Timings of request() (which returns its own time) and of both floors, in turn."""
        page, floor, bare_floor = [], [], []
        for _ in range(times):
            floor.append(timed(reader, FLOOR_PATH))
            bare_floor.append(timed(bare_reader, BARE_FLOOR_PATH))
            page.append(request())
        return {
            "median": statistics.median(page),
            "p99": percentile(page, 99),
            "floor": statistics.median(floor),
            "bare_floor": statistics.median(bare_floor),
            "samples": times,
        }

    def measure(client, url, *, times, before=None):
        """Timings of `url` and of both floors, in turn; `before` runs untimed before each request."""
        timed(client, url)

        def request():
            if before:
                before()
            return timed(client, url)

        return against_floors(request, times=times)

    def edit_seed():
        """Save the seed brief with a changed standfirst, as an editor would, outside any transaction."""
        seed.standfirst = f"Edited at {time.time():.6f}"
        seed.save(update_fields=["standfirst", "updated_at"])

    pages = {
        "home": (reader, "/"),
        "brief": (reader, brief_url),
        "outlet": (reader, outlet.get_absolute_url()),
        "person": (reader, speaker.get_absolute_url()),
        "search": (reader, "/search/?q=flooding"),
        "feed": (reader, "/feeds/rss/"),
        "sitemap index": (reader, "/sitemap.xml"),
        "sitemap": (reader, "/sitemap-briefs.xml"),
    }
    no_queries = {"queries_cold": 0, "queries_warm": 0}
    results = {
        "floor": {**measure(reader, FLOOR_PATH, times=repeat), **no_queries},
        "bare floor": {**measure(bare_reader, BARE_FLOOR_PATH, times=repeat), **no_queries},
    }
    for name, (client, url) in pages.items():
        results[f"{name}, warm"] = {
            **measure(client, url, times=repeat),
            "queries_cold": queries(client, url, before=cache.clear),
            "queries_warm": queries(client, url),
        }
        results[f"{name}, cold"] = measure(client, url, times=cold_repeat, before=cache.clear)
    with override_settings(PAGE_CACHE=False):
        results["brief, uncached"] = {
            **measure(reader, brief_url, times=repeat, before=cache.clear),
            "queries": queries(reader, brief_url, before=cache.clear),
        }
    results["brief, first request after an edit"] = {
        **measure(reader, brief_url, times=cold_repeat, before=edit_seed),
        "queries": queries(reader, brief_url, before=edit_seed),
    }
    change_url = f"/admin/articles/article/{seed.pk}/change/"
    for name, url in {
        "admin Article changelist": "/admin/articles/article/",
        "admin Article change form": change_url,
    }.items():
        results[name] = {**measure(editor, url, times=cold_repeat), "queries": queries(editor, url)}

    def posted(client, url, data, status):
        start = time.perf_counter()
        response = client.post(url, data)
        elapsed = time.perf_counter() - start
        assert response.status_code == status, (url, response.status_code)
        return elapsed

    def measure_post(url, make_data, *, times, status):
        """Timings of POSTs of make_data() (made untimed) to `url`, beside both floors."""
        return against_floors(lambda: posted(editor, url, make_data(), status), times=times)

    # A draft is saved in place (a live brief's save goes to its pending changes, a brief of its own).
    draft = Article.objects.filter(status=Article.Status.DRAFT).order_by("pk").first()
    draft_url = f"/admin/articles/article/{draft.pk}/change/"

    def change_form():
        """A draft's change form as a browser submits it, its standfirst changed (a real save)."""
        data = form_fields(editor.get(draft_url).content.decode())
        data["standfirst"] = f"Edited at {time.time():.6f}"
        return data

    results["admin brief save"] = measure_post(draft_url, change_form, times=cold_repeat, status=302)
    long_body = "\n\n".join(
        " ".join(f"Sentence {p}-{n} of a long brief says “what it says” here.[0]" for n in range(10))
        for p in range(10)
    )  # 1,000 words
    typed = {**change_form(), "body": long_body, "brief": str(draft.pk)}
    results["admin check as you type, 1,000 words"] = measure_post(
        "/admin/articles/article/check/", lambda: typed, times=cold_repeat, status=200
    )
    json.dump(results, sys.stdout)
    return 0


class _FormFields(HTMLParser):
    """The fields a browser submits for the page's form #article_form, before any button is pressed."""

    def __init__(self):
        super().__init__()
        self.fields, self.inside, self.textarea, self.select = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "article_form":
            self.inside = True
        if not self.inside or (not attrs.get("name") and tag != "option"):
            return
        kind = attrs.get("type", "text")
        if tag == "input" and kind not in ("submit", "button", "file", "checkbox", "radio"):
            self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "input" and kind in ("checkbox", "radio") and "checked" in attrs:
            self.fields[attrs["name"]] = attrs.get("value") or "on"
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.fields[self.textarea] = ""
        elif tag == "select":
            self.select = attrs["name"]
            self.fields.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


def form_fields(html):
    parser = _FormFields()
    parser.feed(html)
    return parser.fields


def percentile(values, percent):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


if __name__ == "__main__":
    sys.exit(main(sys.argv))
