"""A Pleroma-mode client end to end: megalodon (npm) with generator('pleroma', ...) signs in,
reads the instance, posts, reacts with an emoji, opens a chat and sends a message, reads
notifications and streams the `user` timeline, against both set-ups.

megalodon is installed with npm by tests/system/node.py (the test is skipped, saying why,
only when node/npm are missing or the npm registry cannot be reached)."""
from tests.system.conftest import record
from tests.system.node import npm_project, run_script

MEGALODON = "megalodon@10"


def test_megalodon_in_pleroma_mode(deployment):
    alice, bob = deployment.users(2)
    result = run_script(npm_project(MEGALODON), "megalodon_pleroma.cjs", deployment.url,
                        deployment.token_of(alice), deployment.token_of(bob), timeout=180)
    assert result["ok"] is True and result["account"] == alice.username, result
    assert result["status"]["visibility"] == "public" and result["status"]["emoji_reactions"] == [], result
    assert result["streamed_update"] == result["status"]["id"]
    assert result["reactions"] == [["👍", 1]]
    assert result["notification"]["type"] in ("emoji_reaction", "pleroma:emoji_reaction", "reaction")
    assert result["chat"]["their_unread"] == 1 and result["chat"]["their_last"] == result["chat"]["message"]
    record(deployment.name, "megalodon (Pleroma mode) end to end", "passed")
