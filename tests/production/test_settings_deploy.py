"""Production settings, loaded in a fresh process with DEBUG off and no .env file."""

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/newsroom"


def production_env(**overrides):
    """Only what a deployment must set, plus PATH; DEBUG is left unset."""
    env = {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "news.example.org",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:////tmp/newsroom-deploy-check.sqlite3"),
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def production_settings(*names, **env_overrides):
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(names)!r}}}, default=str))"
    )
    result = run(
        ["-c", code], {**production_env(**env_overrides), "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_reports_no_warnings_with_only_the_required_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_allowed_hosts():
    result = run(["manage.py", "check"], production_env(ALLOWED_HOSTS=""))

    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["manage.py", "check"], production_env(SECRET_KEY=None))

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_cookies_redirect_and_proxy_header_are_secure():
    values = production_settings(
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
    )

    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 31536000,
    }


def test_production_serves_compressed_hashed_static_files():
    values = production_settings("STORAGES")

    assert values["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_production_logs_json_lines():
    assert production_settings("LOG_FORMAT") == {"LOG_FORMAT": "json"}


def test_postgresql_uses_the_connection_pool_unless_turned_off():
    pooled = production_settings("DATABASES", DATABASE_URL=POSTGRES_URL)
    unpooled = production_settings("DATABASES", DATABASE_URL=POSTGRES_URL, DATABASE_POOL="false")

    assert pooled["DATABASES"]["default"]["OPTIONS"] == {"pool": {"timeout": 5}}
    assert "pool" not in unpooled["DATABASES"]["default"].get("OPTIONS", {})


def test_sqlite_gets_no_pool_option():
    values = production_settings("DATABASES", DATABASE_URL="sqlite:////tmp/newsroom.sqlite3")

    assert "pool" not in values["DATABASES"]["default"].get("OPTIONS", {})
