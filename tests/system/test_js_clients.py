"""masto.js, the library of the Elk and Phanpy web clients, on both set-ups: its REST calls
and its WebSocket `user` stream (a followed account's post and a mention, live)."""
from tests.system.conftest import record
from tests.system.node import npm_project, run_script

MASTO = "masto@7"  # masto 8 needs Node.js 22; this machine has Node.js 20


def test_masto_js_reads_posts_and_streams(deployment):
    reader, author = deployment.users(2)
    project = npm_project(MASTO)
    result = run_script(project, "masto_client.mjs", deployment.url, reader.access_token, author.access_token)
    assert result["following"] is True
    assert result["version"].startswith("4.7.0")
    assert result["streamingUrl"].startswith("ws")
    assert result.get("missing") is None, result
    assert result["homeHasPost"] and result["mentioned"] and result["favourited"], result
    record(deployment.name, "masto.js user stream: update latency", result["latencies"]["update"], "s")
    record(deployment.name, "masto.js user stream: mention notification latency", result["latencies"]["notification"], "s")
