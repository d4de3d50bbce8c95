"""The Nu HTML Checker finds no errors on any kind of page (one JVM for all of them)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site.data import dress_seed

from .conftest import PAGES

VNU_OPTIONS = ["--format", "json", "--exit-zero-always", "--stdout"]
VNU_JAR = Path(os.environ.get("VNU_JAR", Path(sys.prefix) / "node_modules/vnu-jar/build/dist/vnu.jar"))


def vnu(paths):
    """The checker's messages for the HTML files at `paths`."""
    if not VNU_JAR.is_file():
        pytest.fail(f"The Nu HTML Checker is missing at {VNU_JAR}: run `make browser`.")
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: run `make browser` (apt-get install default-jre-headless).")
    result = subprocess.run(
        # A short run is cheaper with the JVM's quick compiler alone (half the CPU time), whose deeper
        # stack frames need a larger stack than the default for the checker's schema.
        [java, "-Xss16m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR), *VNU_OPTIONS, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(result.stdout)["messages"]


@pytest.mark.django_db
def test_every_page_is_valid_html(client, seed_article, tmp_path):
    dress_seed(seed_article)
    files = {}
    for name, url in PAGES.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "404" else 200), url
        files[name] = tmp_path / f"{name}.html"
        files[name].write_bytes(response.content)

    messages = vnu(files.values())

    problems = [
        f"{Path(message['url']).name}:{message.get('lastLine')}: {message['message']}"
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]
    assert problems == []


def test_the_checker_catches_errors(tmp_path):
    """Guards the test above against a checker that silently checks nothing."""
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><title>x</title><p><div></p></span>")

    assert any(message["type"] == "error" for message in vnu([broken]))
