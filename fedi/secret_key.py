"""The embedded default's SECRET_KEY: generated on first start into DATA_DIR, kept there.

Without SECRET_KEY in the environment, a constant key would be public (it is in the source),
and with it anyone could forge sessions, password-reset links and signed values. Instead the
first start writes a random key to DATA_DIR/secret_key, readable by its owner only (0600),
and every later start (and every other process on the same DATA_DIR) reads it back.
"""
import os
import secrets
import time
from pathlib import Path

FILE_NAME = "secret_key"


def load_or_create(data_dir) -> str:
    path = Path(data_dir) / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    key = _read(path)
    if key:
        return key
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Another process starting at the same moment writes it: wait for its key.
        for _ in range(50):
            key = _read(path)
            if key:
                return key
            time.sleep(0.1)
        raise RuntimeError(f"{path} is empty: delete it, or set SECRET_KEY")
    key = secrets.token_urlsafe(50)
    with os.fdopen(descriptor, "w") as file:
        os.fchmod(file.fileno(), 0o600)  # whatever the umask
        file.write(key + "\n")
        file.flush()
        os.fsync(file.fileno())
    return key


def _read(path):
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        return ""
    if key and path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)  # an older copy with looser permissions
    return key
