"""A small HTTP/1.1 keep-alive load generator, for machines without wrk.

    python bench/loadgen.py URL --connections 16 --duration 10 [-H 'Name: value'] [--method POST --body ...]

Prints one JSON line: requests, errors (non-2xx/3xx), req_per_s, p50_ms, p99_ms. Python on
the same cores as the server is slower than wrk, so its figures are lower bounds."""
import argparse
import asyncio
import json
import time
from urllib.parse import urlsplit


async def _read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length, chunked, close = 0, False, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif name == b"connection" and b"close" in value.lower():
            close = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, close


async def _worker(host, port, request, deadline, latencies, errors):
    """Keep-alive where the server keeps the connection (gunicorn's sync workers do not:
    then a new connection per request, as wrk does)."""
    reader = writer = None
    try:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            try:
                status, close = await _read_response(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                writer.close()
                reader = writer = None
                continue
            latencies.append(time.perf_counter() - started)
            if status >= 400:
                errors.append(status)
            if close:
                writer.close()
                reader = writer = None
    finally:
        if writer is not None:
            writer.close()


async def run(url, connections, duration, headers, method="GET", body=""):
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    raw = [f"{method} {target} HTTP/1.1", f"Host: {parts.netloc}", "Connection: keep-alive"] + list(headers)
    payload = body.encode()
    if payload:
        raw.append(f"Content-Length: {len(payload)}")
    request = ("\r\n".join(raw) + "\r\n\r\n").encode() + payload
    latencies, errors = [], []
    started = time.monotonic()
    deadline = started + duration
    await asyncio.gather(*[_worker(parts.hostname, parts.port or 80, request, deadline, latencies, errors)
                           for _ in range(connections)])
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(q):
        return round(latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000, 2) if latencies else None

    return {"requests": len(latencies), "errors": len(errors), "req_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": pct(0.50), "p99_ms": pct(0.99)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("-H", "--header", action="append", default=[])
    parser.add_argument("--method", default="GET")
    parser.add_argument("--body", default="")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.url, args.connections, args.duration, args.header, args.method,
                                     args.body))))


if __name__ == "__main__":
    main()
