"""The production stack's compose file is accepted by Compose and has the services the operator expects.

`make test` installs Debian's docker-compose (it validates without a Docker engine)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMPOSE = shutil.which("docker-compose")


@pytest.fixture
def stack(tmp_path):
    for name in ("docker-compose.yml", "Dockerfile"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")  # the operator's first step
    return tmp_path


def compose(stack, *args) -> str:
    result = subprocess.run([COMPOSE, *args], cwd=stack, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.skipif(COMPOSE is None, reason="docker-compose is not installed (make test installs it)")
def test_compose_accepts_the_file_and_lists_the_services(stack):
    compose(stack, "config", "-q")
    services = set(compose(stack, "config", "--services").split())
    assert services == {"db", "redis", "migrate", "web", "worker", "beat"}


@pytest.mark.skipif(COMPOSE is None, reason="docker-compose is not installed (make test installs it)")
def test_services_have_health_checks_named_volumes_and_migrations_on_start(stack):
    config = compose(stack, "config")
    assert config.count("healthcheck:") >= 4  # db, redis, web, worker
    for volume in ("pgdata:", "redisdata:", "media:"):
        assert volume in config
    assert "condition: service_healthy" in config
    # One migrate run before the web tier, the worker and beat start; never one in each web replica.
    migrate = config.split("\n  migrate:\n", 1)[1].split("\n  redis:\n", 1)[0]
    assert "- manage.py\n    - migrate\n" in migrate
    assert config.count("condition: service_completed_successfully") == 3
    web = config.split("\n  web:\n", 1)[1]
    assert "- migrate" not in web.split("\n  worker:\n", 1)[0].split("command:", 1)[1].split("depends_on:", 1)[0]
