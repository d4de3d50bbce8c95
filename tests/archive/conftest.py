"""A web server on 127.0.0.1 serving the source pages each test writes, and the seed's references."""

import contextlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Page:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0  # seconds the server waits before answering


class SourceServer:
    """Pages by path; every request is recorded with its headers."""

    def __init__(self):
        self.pages = {}
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                page = server.pages.get(self.path) or Page(b"not here", status=404, content_type="text/plain")
                if page.delay:
                    time.sleep(page.delay)  # the server is slow, not the test
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body)))
                for name, value in page.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                # The archiver stops reading past its limits.
                with contextlib.suppress(OSError):
                    self.wfile.write(page.body)

            def log_message(self, format, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True

    def url(self, path):
        return f"http://127.0.0.1:{self.http.server_port}{path}"

    def page(self, path, body, **options):
        """Serve `body` (str or bytes) at `path`; returns its URL."""
        self.pages[path] = Page(body.encode() if isinstance(body, str) else body, **options)
        return self.url(path)

    def redirect(self, path, to, status=302):
        self.pages[path] = Page(b"", status=status, headers={"Location": to})
        return self.url(path)


@pytest.fixture
def source_server():
    server = SourceServer()
    thread = threading.Thread(target=server.http.serve_forever, daemon=True)
    thread.start()
    yield server
    server.http.shutdown()
    server.http.server_close()
    thread.join()


def news_page(
    *paragraphs, title="A story", site_name="Example News", author="Ana Reporter", published="2023-01-30"
):
    """An article page as news sites write them, metadata in the head."""
    body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site_name}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site_name}">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{published}T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>{body}
<p>This story is part of our continuing coverage and was reported by our correspondents in the region.</p>
</article><footer>Copyright {site_name}</footer></body></html>"""
