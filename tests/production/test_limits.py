"""Oversized or overlong requests get a 4xx, never a 500."""

from io import BytesIO
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from brieftext.parser import MAX_FILE_BYTES
from newsroom.wsgi import application

LOGIN = reverse("admin:login")


def test_a_form_post_over_the_field_data_limit_is_400(client, db):
    body = urlencode({"username": "editor", "password": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})

    response = client.post(LOGIN, body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400


def test_a_form_post_with_too_many_fields_is_400(client, db):
    fields = [(f"field{number}", "x") for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)]

    response = client.post(LOGIN, urlencode(fields), content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400


def test_an_upload_over_the_request_limit_is_413_before_it_is_read(client, db):
    upload = SimpleUploadedFile("big.txt", b"x" * (settings.MAX_REQUEST_BODY_BYTES + 1))

    response = client.post(LOGIN, {"username": "editor", "file": upload})

    assert response.status_code == 413
    assert "Request body too large" in response.text


def test_too_many_uploaded_files_is_400(client, db):
    uploads = {
        f"file{number}": SimpleUploadedFile(f"{number}.txt", b"x")
        for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    }

    response = client.post(LOGIN, uploads)

    assert response.status_code == 400


def test_the_largest_brief_fits_in_a_form_post_even_percent_encoded():
    """A 1 MB brief pasted into the admin is up to 3 MB once a browser percent-encodes it."""
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= 3 * MAX_FILE_BYTES
    assert settings.MAX_REQUEST_BODY_BYTES > settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_an_ordinary_login_post_is_not_refused(client, db):
    response = client.post(LOGIN, {"username": "editor", "password": "wrong"})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/search/?q=%00",
        "/search/?q=harbour%00",
        "/?page=%01",
        "/search/?%00=x",
        "/admin/autocomplete/?app_label=articles&model_name=citation&field_name=source&term=%00",
    ],
)
def test_control_characters_in_a_query_string_are_400(admin_client, address):
    """On PostgreSQL a NUL reaching a query was a 500 and a traceback."""
    response = admin_client.get(address)

    assert response.status_code == 400
    assert "control characters" in response.content.decode()


def test_a_search_with_ordinary_characters_is_still_answered(client, db):
    assert client.get("/search/?q=harbour%09bridge").status_code == 200


def call_wsgi(path, body, content_length):
    environ = {}
    setup_testing_defaults(environ)
    environ.update(
        REQUEST_METHOD="POST",
        PATH_INFO=path,
        CONTENT_TYPE="application/octet-stream",
        CONTENT_LENGTH=str(content_length),
    )
    environ["wsgi.input"] = BytesIO(body)
    statuses = []
    response = application(environ, lambda status, headers: statuses.append(status))
    response.close()
    return statuses[0], environ["wsgi.input"].tell()


def test_a_body_the_app_refuses_unread_is_still_read_so_a_proxy_gets_the_answer(db):
    body = b"x" * settings.MAX_REQUEST_BODY_BYTES

    status, bytes_read = call_wsgi(LOGIN, body, len(body))

    assert status.startswith("403")  # no CSRF token: refused without reading the body
    assert bytes_read == len(body)


def test_a_body_over_the_limit_is_refused_unread(db):
    body = b"x" * (settings.MAX_REQUEST_BODY_BYTES + 1)

    status, bytes_read = call_wsgi(LOGIN, body, len(body))

    assert status.startswith("413")
    assert bytes_read == 0
