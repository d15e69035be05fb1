"""The settings fail loudly on bad values; docker-compose.yml and .ci/run stay honest (no
Docker engine runs here, so the compose file is checked structurally)."""

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(module, **env):
    """Import a settings module in a fresh interpreter with ``env``; return the process."""
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update(env)
    code = f"import importlib; importlib.import_module('{module}'); print('imported')"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=60)


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _import_settings("config.settings.production", DJANGO_ALLOWED_HOSTS="x.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts():
    result = _import_settings("config.settings.production", DJANGO_SECRET_KEY="s" * 50)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_a_malformed_database_url_fails_at_start_up():
    for url in ("nonsense://", "garbage", "postgres://u@h:port/db"):
        result = _import_settings("config.settings.local", DATABASE_URL=url)
        assert result.returncode != 0, url


def test_a_non_numeric_integer_setting_fails_at_start_up():
    result = _import_settings("config.settings.local", UPLOAD_MAX_BYTES="twenty")
    assert result.returncode != 0
    assert "ValueError" in result.stderr


def test_production_settings_import_with_secrets_set():
    result = _import_settings("config.settings.production", DJANGO_SECRET_KEY="s" * 50,
                              DJANGO_ALLOWED_HOSTS="keurmerk.example")
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout


def test_compose_runs_web_worker_beat_postgres_and_redis_from_one_image():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"migrate", "web", "worker", "beat", "postgres", "redis", "backup"}
    for name in ("migrate", "web", "worker", "beat"):
        assert services[name]["build"] == "."
        assert services[name]["image"] == "keurmerk:latest"
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
    # Issue #13: one migrate before everything, so scaled web replicas never race to migrate.
    assert "manage.py migrate" in services["migrate"]["command"]
    assert "migrate" not in services["web"]["command"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == \
            "service_completed_successfully"
    assert "pg_dump" in services["backup"]["command"]
    for name in ("web", "worker", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    assert "celery -A config worker" in services["worker"]["command"]
    assert "celery -A config beat" in services["beat"]["command"]
    assert "gunicorn config.wsgi:application" in services["web"]["command"]
    assert {"pgdata", "media"} <= set(compose["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "media:/app/var/media" in services["web"]["volumes"]


def test_env_example_names_every_variable_compose_requires():
    example = (ROOT / ".env.example").read_text()
    for name in ("DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "DJANGO_ALLOWED_HOSTS"):
        assert f"{name}=" in example


def test_ci_runs_the_readme_test_command_against_real_services():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in ci and "make test" in readme and "make run" in readme
    assert "DATABASE_URL=" in ci and "REDIS_URL=" in ci
    assert "makemigrations --check" in ci
    assert "check --deploy --fail-level WARNING" in ci


def test_dependabot_proposes_security_releases_for_the_lock_and_the_images():
    """Issue #17: the uv lock, the Dockerfile's base image and the compose images."""
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    assert {"uv", "docker", "docker-compose"} <= ecosystems
    assert all(update["directory"] == "/" for update in config["updates"])


def test_make_audit_checks_the_locked_runtime_dependencies_strictly():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\naudit:", 1)[1].split("\n\n", 1)[0]
    assert "export --locked --no-dev" in recipe
    assert "pip-audit --strict" in recipe and "--require-hashes" in recipe


def test_the_lock_holds_the_django_security_release():
    lock = (ROOT / "uv.lock").read_text()
    django = lock.split('name = "django"\n', 1)[1].split("\n", 1)[0]
    assert django == 'version = "5.2.20"'


def test_login_limits_below_one_fail_at_start_up():
    result = _import_settings("config.settings.local", LOGIN_ACCOUNT_FAILURE_LIMIT="0")
    assert result.returncode != 0
    assert "LOGIN_ACCOUNT_FAILURE_LIMIT must be at least 1" in result.stderr
