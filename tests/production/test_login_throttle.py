"""Admin logins lock out at the fifth failure for one username from one address, and at the
twentieth for one username from any addresses."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsroom.client_ip import client_ip

LOGIN = reverse("admin:login")


PASSWORD = "a-long-and-right-password"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


@pytest.fixture
def colleague(django_user_model):
    return django_user_model.objects.create_user("colleague", password=PASSWORD, is_staff=True)


def attempt(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra)


def is_signed_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def test_four_failures_still_show_the_login_form(client, editor):
    for _ in range(4):
        response = attempt(client, "editor", "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text


def test_fifth_failure_locks_out(client, editor):
    for _ in range(4):
        attempt(client, "editor", "wrong")

    response = attempt(client, "editor", "wrong")

    assert response.status_code == 429
    assert "too many login attempts" in response.text


def test_sixth_attempt_is_refused_with_429(client, editor):
    for _ in range(5):
        attempt(client, "editor", "wrong")

    response = attempt(client, "editor", "wrong")

    assert response.status_code == 429
    assert "too many login attempts" in response.text


def test_right_password_is_refused_while_locked_out(client, editor):
    for _ in range(5):
        attempt(client, "editor", "wrong")

    response = attempt(client, "editor", PASSWORD)

    assert response.status_code == 429
    assert not is_signed_in(client)


def test_lockout_is_for_that_username_from_that_address_only(client, editor):
    for _ in range(5):
        attempt(client, "editor", "wrong", REMOTE_ADDR="203.0.113.9")

    from_elsewhere = Client()
    response = attempt(from_elsewhere, "editor", PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 302
    assert is_signed_in(from_elsewhere)


def test_a_good_login_before_the_limit_resets_the_count(client, editor):
    for _ in range(4):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        response = attempt(client, "editor", "wrong")

    assert response.status_code == 200


def guess_from_many_addresses(username, failures):
    """`failures` wrong passwords for `username`, four from each address of 192.0.2.0/24 in turn."""
    for number in range(failures):
        response = attempt(Client(), username, "wrong", REMOTE_ADDR=f"192.0.2.{number // 4 + 1}")
    return response


def test_twenty_failures_from_many_addresses_lock_the_account_out(client, editor):
    response = guess_from_many_addresses("editor", 20)

    assert response.status_code == 429
    assert "too many login attempts" in response.text


def test_right_password_from_a_new_address_is_refused_while_the_account_is_locked_out(client, editor):
    guess_from_many_addresses("editor", 20)

    response = attempt(client, "editor", PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 429
    assert not is_signed_in(client)


def test_nineteen_failures_from_many_addresses_leave_the_account_open(client, editor):
    last_failure = guess_from_many_addresses("editor", 19)

    response = attempt(client, "editor", PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert last_failure.status_code == 200
    assert response.status_code == 302


def test_an_account_lockout_leaves_other_accounts_open(client, editor, colleague):
    guess_from_many_addresses("editor", 20)

    response = attempt(client, "colleague", PASSWORD, REMOTE_ADDR="192.0.2.1")

    assert response.status_code == 302
    assert is_signed_in(client)


def test_one_address_alone_cannot_lock_the_account_out_elsewhere(client, editor):
    """Failures past an address's own lockout, whatever user agent it claims, do not count for the account."""
    for number in range(30):
        attempt(Client(), "editor", "wrong", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT=f"guesser/{number}")

    response = attempt(client, "editor", PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 302


def test_failures_older_than_the_lockout_no_longer_count_for_the_account(client, settings, editor):
    guess_from_many_addresses("editor", 20)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    response = attempt(client, "editor", PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 302


def test_behind_one_proxy_the_client_is_the_last_forwarded_address(settings, rf):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")

    assert client_ip(request) == "203.0.113.9"


def test_forwarded_addresses_are_ignored_unless_a_proxy_is_trusted(settings, rf):
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="6.6.6.6")

    assert client_ip(request) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "6.6.6.6, "])
def test_a_missing_or_malformed_forwarded_address_falls_back_to_the_socket(settings, rf, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == "10.0.0.2"


def test_behind_a_proxy_lockouts_follow_the_forwarded_address(client, settings, editor):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(6):
        attempt(client, "editor", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.9")

    locked = attempt(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9")
    other_client = attempt(Client(), "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert locked.status_code == 429
    assert other_client.status_code == 302
