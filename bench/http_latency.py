#!/usr/bin/env python3
"""Search latency over HTTP: `pressbox serve` on an index, one client, one keep-alive connection.

    bench/http_latency.py --pressbox target/release/pressbox --index IDX --queries queries.tsv

Starts the server on a free loopback port, sends `GET /api/search?q=QUERY` for every query of
the bench's `queries.tsv` (kind TAB text) in turn over one keep-alive connection (a warm pass
first, not timed), and prints JSON: count, p50 / p90 / p99 / max in milliseconds, by kind, and
the non-200 answers. The time is the client's: request written to body read, so it holds the
server's parsing, the search, the JSON encoding and loopback, as a browser or script sees it.
Issue 10 asks p50 <= 2 ms; `bench/run` runs this beside the in-process figures of the same
index.
"""

import argparse
import http.client
import json
import socket
import subprocess
import sys
import time
import urllib.parse


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return None
    k = min(len(xs) - 1, max(0, int(round(p / 100 * len(xs) + 0.5)) - 1))
    return round(xs[k], 3)


def summary(xs):
    return {"count": len(xs), "p50_ms": pct(xs, 50), "p90_ms": pct(xs, 90), "p99_ms": pct(xs, 99),
            "max_ms": round(max(xs), 3) if xs else None}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pressbox", required=True)
    ap.add_argument("--index", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--limit", type=int, default=10)
    args = ap.parse_args()

    queries = []
    with open(args.queries, encoding="utf-8") as f:
        for line in f:
            kind, sep, text = line.rstrip("\n").partition("\t")
            if sep:
                queries.append((kind, text))
    if not queries:
        sys.exit(f"http_latency: no queries in {args.queries}")

    port = free_port()
    server = subprocess.Popen([args.pressbox, "serve", "--index", args.index, "--color", "never",
                               "--addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    sys.exit("http_latency: the server exited: " + server.stderr.read().decode(errors="replace"))
                if time.time() > deadline:
                    sys.exit("http_latency: the server did not listen within 60 s")
                time.sleep(0.05)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

        def get(text):
            path = "/api/search?" + urllib.parse.urlencode({"q": text, "limit": args.limit})
            t = time.perf_counter()
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            return (time.perf_counter() - t) * 1e3, resp.status

        for _, text in queries:  # warm pass, not timed
            get(text)
        all_ms, by_kind, bad = [], {}, {}
        for kind, text in queries:
            ms, status = get(text)
            all_ms.append(ms)
            by_kind.setdefault(kind, []).append(ms)
            if status != 200:
                bad[str(status)] = bad.get(str(status), 0) + 1
        out = summary(all_ms)
        out["by_kind"] = {k: summary(v) for k, v in sorted(by_kind.items())}
        out["non_200"] = bad
        out["limit"] = args.limit
        print(json.dumps(out, indent=1))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
