"""The archive in the admin: giving a source's text, the copies, fetching again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import ArchiveState, SourceCopy
from archive.services import source_fetch
from tests.archive.conftest import news_page
from tests.builders import make_source, make_staff

pytestmark = pytest.mark.django_db


def pdf_with_text(text):
    """A one-page PDF showing `text` in Helvetica."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def editor(db):
    return make_staff("desk", group="Editor")


@pytest.fixture
def add_url():
    return reverse("admin:archive_sourcecopy_add")


def test_an_editor_pastes_a_sources_text(client, editor, add_url):
    source = make_source()
    client.force_login(editor)

    response = client.post(add_url, {"source": source.pk, "pasted": "Cohen said the visit was historic."})

    assert response.status_code == 302
    copy = ArchiveState.objects.get(source=source).latest
    assert (copy.origin, copy.text, copy.added_by) == (
        SourceCopy.Origin.PASTED,
        "Cohen said the visit was historic.",
        editor,
    )


def test_an_editor_uploads_a_pdf(client, editor, add_url):
    source = make_source()
    client.force_login(editor)
    upload = SimpleUploadedFile(
        "statement.pdf", pdf_with_text("Cohen said the visit was historic."), "application/pdf"
    )

    response = client.post(add_url, {"source": source.pk, "upload": upload})

    assert response.status_code == 302
    copy = SourceCopy.objects.get()
    assert (copy.origin, copy.file_name) == (SourceCopy.Origin.UPLOADED, "statement.pdf")
    assert "Cohen said the visit was historic." in copy.text


def test_an_editor_uploads_an_html_page(client, editor, add_url):
    source = make_source()
    client.force_login(editor)
    page = news_page("Cohen said the visit was historic and important.", title="Cohen on the visit")
    upload = SimpleUploadedFile("saved.html", page.encode(), "text/html")

    client.post(add_url, {"source": source.pk, "upload": upload})

    copy = SourceCopy.objects.get()
    assert copy.title == "Cohen on the visit"
    assert "historic and important" in copy.text


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Paste the source&#x27;s text or upload a file (one of the two)."),
        ({"upload": ("broken.pdf", b"%PDF-1.4 nothing", "application/pdf")}, "broken.pdf: "),
    ],
)
def test_a_copy_without_text_is_refused_and_nothing_is_stored(client, editor, add_url, data, error):
    source = make_source()
    client.force_login(editor)
    if "upload" in data:
        data = {"upload": SimpleUploadedFile(*data["upload"])}

    response = client.post(add_url, {"source": source.pk, **data})

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not SourceCopy.objects.exists()
    assert not ArchiveState.objects.exists()


def test_a_copy_is_shown_to_staff_and_cannot_be_changed(client, editor, source_server):
    source = make_source(url=source_server.page("/a", news_page("Cohen said the visit was historic.")))
    source_fetch(source)
    copy = SourceCopy.objects.get()
    client.force_login(editor)

    page = client.get(reverse("admin:archive_sourcecopy_change", args=[copy.pk])).content.decode()

    assert "Cohen said the visit was historic." in page
    assert copy.content_hash in page
    assert 'name="_save"' not in page


def test_fetching_again_from_the_list_asks_for_it(
    client, editor, source_server, django_capture_on_commit_callbacks
):
    source = make_source(url=source_server.page("/a", news_page("Cohen said the visit was historic.")))
    source_fetch(source)
    source_server.page("/a", news_page("Cohen later said the visit was merely useful."))
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:archive_archivestate_changelist"),
            {"action": "fetch_again", "_selected_action": [source.pk]},
        )

    assert response.status_code == 302
    assert SourceCopy.objects.filter(source=source).count() == 2


def test_the_archive_lists_cost_a_fixed_number_of_queries(
    admin_client, source_server, django_assert_max_num_queries
):
    urls = [reverse("admin:archive_archivestate_changelist"), reverse("admin:archive_sourcecopy_changelist")]
    source_fetch(make_source(url=source_server.page("/a", news_page("One page of text about a visit."))))
    counts = []
    for url in urls:
        with django_assert_max_num_queries(50) as queries:
            admin_client.get(url)
        counts.append(len(queries.captured_queries))
    for number in range(5):
        source_fetch(
            make_source(url=source_server.page(f"/p{number}", news_page(f"Page {number} about a visit.")))
        )

    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert admin_client.get(url).status_code == 200
