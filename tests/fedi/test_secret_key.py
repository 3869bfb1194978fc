"""Without SECRET_KEY the embedded default generates one into DATA_DIR on first start and
keeps it (never a key from the source), readable by its owner only; production still
requires SECRET_KEY."""
import os
import stat
import subprocess
import sys

from django.conf import settings

from fedi.secret_key import FILE_NAME, load_or_create


def test_generated_once_kept_and_private(tmp_path):
    key = load_or_create(tmp_path / "data")
    path = tmp_path / "data" / FILE_NAME
    assert len(key) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create(tmp_path / "data") == key  # a restart reads it back
    assert load_or_create(tmp_path / "other") != key  # another instance, another key


def test_loose_permissions_are_tightened(tmp_path):
    path = tmp_path / FILE_NAME
    path.write_text("kept-key\n")
    os.chmod(path, 0o644)
    assert load_or_create(tmp_path) == "kept-key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def settings_key(tmp_path, **env):
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOW_INSECURE_SECRET_KEY")}
    environment.update(DJANGO_SETTINGS_MODULE="fedi.settings", DATA_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, "-c", "from django.conf import settings; print(settings.SECRET_KEY)"],
                          env=environment, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120)


def test_the_embedded_default_with_a_domain_uses_a_generated_key(tmp_path):
    first = settings_key(tmp_path, LOCAL_DOMAIN="social.example")
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert key == (tmp_path / FILE_NAME).read_text().strip()
    assert "insecure" not in key
    assert settings_key(tmp_path, LOCAL_DOMAIN="social.example").stdout.strip() == key


def test_a_given_secret_key_is_used_and_nothing_is_written(tmp_path):
    result = settings_key(tmp_path, SECRET_KEY="from-the-environment")
    assert result.stdout.strip() == "from-the-environment"
    assert not (tmp_path / FILE_NAME).exists()


def test_production_still_requires_a_secret_key(tmp_path):
    result = settings_key(tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
