"""A Pleroma-mode client end to end: megalodon (npm) with generator('pleroma', ...) signs in,
reads the instance, posts, reacts with an emoji, opens a chat and sends a message, reads
notifications and streams the `user` timeline, against both set-ups.

megalodon is installed with npm into a cache directory outside the checkout
(MEGALODON_CACHE, default ~/.cache/fedi-system-tests/megalodon); the test is skipped, saying
why, only when node/npm are missing or the npm registry cannot be reached."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.system.conftest import record

SCRIPT = Path(__file__).with_name("megalodon_pleroma.js")
MEGALODON = "megalodon@10"
CACHE = Path(os.environ.get("MEGALODON_CACHE", Path.home() / ".cache" / "fedi-system-tests" / "megalodon"))


@pytest.fixture(scope="session")
def megalodon():
    """NODE_PATH holding megalodon, installed once."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed to run megalodon")
    modules = CACHE / "node_modules"
    if not (modules / "megalodon" / "package.json").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        package = CACHE / "package.json"
        if not package.exists():
            package.write_text('{"name": "fedi-megalodon-runner", "private": true}\n')
        try:
            done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", MEGALODON], cwd=CACHE,
                                  capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            pytest.skip("npm install megalodon timed out: the npm registry is unreachable")
        if done.returncode != 0:
            if any(word in done.stderr for word in ("ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ETIMEDOUT",
                                                     "network")):
                pytest.skip(f"the npm registry is unreachable: {done.stderr.strip()[-300:]}")
            pytest.fail(f"npm install {MEGALODON} failed:\n{done.stderr[-2000:]}")
    return str(modules)


def test_megalodon_in_pleroma_mode(deployment, megalodon):
    alice, bob = deployment.users(2)
    env = {**os.environ, "NODE_PATH": megalodon}
    done = subprocess.run(["node", str(SCRIPT), deployment.url, deployment.token_of(alice), deployment.token_of(bob)],
                          capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, f"megalodon failed:\n{done.stderr[-3000:]}\n{deployment.logs_tail()}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ok"] is True and result["account"] == alice.username, result
    assert result["status"]["visibility"] == "public" and result["status"]["emoji_reactions"] == [], result
    assert result["streamed_update"] == result["status"]["id"]
    assert result["reactions"] == [["👍", 1]]
    assert result["notification"]["type"] in ("emoji_reaction", "pleroma:emoji_reaction", "reaction")
    assert result["chat"]["their_unread"] == 1 and result["chat"]["their_last"] == result["chat"]["message"]
    record(deployment.name, "megalodon (Pleroma mode) end to end", "passed")
