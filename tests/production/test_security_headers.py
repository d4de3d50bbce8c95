"""Security headers on public and admin pages, and markup that works under the CSP."""

import pytest
from csp.decorators import csp_exempt, csp_replace, csp_update
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.http import HttpResponse
from django.urls import reverse

from newsroom.security_policy import PolicyMiddleware
from tests.builders import make_article, make_person

UNSAFE = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"}


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_security_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert not UNSAFE & set(directives["script-src"])
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def nonces(sources):
    return {
        source.removeprefix("'nonce-").removesuffix("'") for source in sources if source.startswith("'nonce-")
    }


def assert_runs_under_policy(response, parse_html):
    """No inline script, event handler or javascript: link; inline styles only if the policy allows them."""
    directives = policy(response)
    script_nonces, style_nonces = nonces(directives["script-src"]), nonces(directives["style-src"])
    inline_styles_allowed = "'unsafe-inline'" in directives["style-src"]
    document = parse_html(response)
    for script in document.find_all("script"):
        assert script.attrs.get("src", "").startswith("/") or script.attrs.get("nonce") in script_nonces, (
            script
        )
    for element in document.find_all():
        assert not [name for name in element.attrs if name.startswith("on")], element
        for name in ("href", "src", "action", "formaction"):
            assert not element.attrs.get(name, "").strip().lower().startswith("javascript:"), element
        if not inline_styles_allowed:
            assert "style" not in element.attrs, element
            if element.tag == "style":
                assert element.attrs.get("nonce") in style_nonces, element


@pytest.fixture
def brief(db):
    return make_article(body="A thing happened.[0] “Quoted,” she said.[0]", headline="A brief")


@pytest.mark.parametrize("name", ["index", "brief"])
def test_public_pages_send_security_headers(client, brief, parse_html, name):
    url = reverse("public:index") if name == "index" else brief.get_absolute_url()

    response = client.get(url)

    assert response.status_code == 200
    assert_security_headers(response)
    assert_runs_under_policy(response, parse_html)


def test_admin_login_page_sends_security_headers(client, parse_html):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert_security_headers(response)
    assert_runs_under_policy(response, parse_html)


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:articles_article_changelist",
        "admin:articles_article_add",
        "admin:articles_article_change",
        "admin:sources_person_changelist",
        "admin:sources_person_change",
    ],
)
def test_admin_pages_send_security_headers(editor_client, brief, parse_html, url_name):
    person = make_person(full_name="Eli Cohen")
    args = {"admin:articles_article_change": [brief.pk], "admin:sources_person_change": [person.pk]}

    response = editor_client.get(reverse(url_name, args=args.get(url_name)))

    assert response.status_code == 200
    assert_security_headers(response)
    assert_runs_under_policy(response, parse_html)


def test_hsts_is_sent_over_https_only(client, db):
    assert "Strict-Transport-Security" not in client.get("/")

    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_https_terminated_at_a_proxy_counts_as_https(client, db):
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_script_nonce_is_fresh_per_response_when_a_page_uses_one(rf):
    def page(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}" src="/static/x.js"></script>')

    middleware = PolicyMiddleware(page)
    first, second = middleware(rf.get("/")), middleware(rf.get("/"))

    first_nonces, second_nonces = nonces(policy(first)["script-src"]), nonces(policy(second)["script-src"])
    assert len(first_nonces) == len(second_nonces) == 1
    assert first_nonces != second_nonces


def test_the_policy_sent_is_the_one_django_csp_builds_with_and_without_a_nonce(client, brief):
    with_nonce = client.get(brief.get_absolute_url())
    without_nonce = client.get("/")

    [nonce] = nonces(policy(with_nonce)["script-src"])
    assert with_nonce["Content-Security-Policy"] == build_policy(nonce=nonce)
    assert without_nonce["Content-Security-Policy"] == build_policy()
    assert not nonces(policy(without_nonce)["script-src"])


def test_a_nonce_asked_for_after_the_header_was_sent_is_refused(rf):
    from csp.exceptions import CSPNonceError

    request = rf.get("/")
    PolicyMiddleware(lambda request: HttpResponse("page"))(request)

    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_a_views_own_policy_is_applied_to_its_response(rf):
    extra_images = csp_update({"img-src": ["https://images.example.org"]})(lambda request: HttpResponse())
    exempt = csp_exempt()(lambda request: HttpResponse())
    plain = PolicyMiddleware(lambda request: HttpResponse())(rf.get("/"))

    updated = PolicyMiddleware(extra_images)(rf.get("/"))

    assert policy(updated)["img-src"] == [*policy(plain)["img-src"], "https://images.example.org"]
    assert "Content-Security-Policy" not in PolicyMiddleware(exempt)(rf.get("/"))


VIEW_POLICIES = {
    "none": lambda view: view,
    "update": csp_update({"img-src": ["https://images.example.org"]}),
    "replace": csp_replace({"img-src": ["https://images.example.org"]}),
    "exempt": csp_exempt(),
    "update, report only": csp_update({"img-src": ["https://images.example.org"]}, REPORT_ONLY=True),
}


@pytest.mark.parametrize("report_only", [False, True], ids=["policy", "policy and report-only policy"])
@pytest.mark.parametrize("decorator", VIEW_POLICIES.values(), ids=VIEW_POLICIES.keys())
def test_every_response_has_the_headers_django_csp_would_send(rf, settings, decorator, report_only):
    """Whatever a view's own policy, and with a report-only policy set or not."""
    if report_only:
        settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    view = decorator(lambda request: HttpResponse())
    headers = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")

    ours = PolicyMiddleware(view)(rf.get("/"))
    theirs = CSPMiddleware(view)(rf.get("/"))

    assert [ours.get(name) for name in headers] == [theirs.get(name) for name in headers]


def test_a_changed_policy_setting_is_sent_from_the_next_response(rf, settings):
    middleware = PolicyMiddleware(lambda request: HttpResponse())
    before = middleware(rf.get("/"))
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}

    after = middleware(rf.get("/"))

    assert policy(before)["default-src"] == ["'self'"]
    assert after["Content-Security-Policy"] == "default-src 'none'"
