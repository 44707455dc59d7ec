#!/usr/bin/env python3
"""The SQLite FTS5 peer: Python's sqlite3 module (the SQLite it was built with; if that lacks
FTS5, pysqlite3-binary from PyPI, which bench/setup installs).

  index --passages FILE --max-docs N --db FILE
        CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, text, tokenize='porter unicode61'):
        stored text and full positions (FTS5's defaults), Porter stemming; every passage
        inserted in one transaction. Prints JSON.
  query --db FILE --queries FILE --mode and|or [--warm N] [--budget-seconds S]
        SELECT id, text FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 10, each query word
        quoted as an FTS5 string (so no word is read as syntax), joined by spaces (AND) or OR.
        The first N queries (default all) once to warm up, then every query once, timed; with
        a budget, timing stops after S seconds and the figures cover the queries run (the
        query file interleaves its kinds, so any prefix is a fair mix). Prints JSON.
"""

import argparse
import json
import math
import sys
import time

try:
    import sqlite3

    sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE x USING fts5(a, tokenize='porter unicode61')")
except Exception:  # this Python's SQLite lacks FTS5: bench/setup installs pysqlite3-binary
    import pysqlite3.dbapi2 as sqlite3


def quantile(sorted_xs, q):
    """Nearest-rank quantile, as the Rust harnesses compute it."""
    rank = max(1, min(len(sorted_xs), math.ceil(q * len(sorted_xs))))
    return sorted_xs[rank - 1]


def summary(xs):
    s = sorted(xs)
    return {
        "n": len(s),
        "p50_ms": quantile(s, 0.5),
        "p95_ms": quantile(s, 0.95),
        "p99_ms": quantile(s, 0.99),
        "mean_ms": sum(s) / len(s),
        "max_ms": s[-1],
    }


def index(args):
    started = time.perf_counter()
    con = sqlite3.connect(args.db, isolation_level=None)
    con.execute("DROP TABLE IF EXISTS t")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, text, tokenize='porter unicode61')")
    n = 0
    nbytes = 0

    def rows():
        nonlocal n, nbytes
        with open(args.passages, encoding="utf-8") as f:
            for line in f:
                if n >= args.max_docs:
                    return
                rec = json.loads(line)
                n += 1
                nbytes += len(rec["text"].encode("utf-8"))
                yield (rec["id"], rec["text"])

    con.execute("BEGIN")
    con.executemany("INSERT INTO t(id, text) VALUES (?, ?)", rows())
    con.execute("COMMIT")
    seconds = time.perf_counter() - started
    con.close()
    print(json.dumps({"engine": "sqlite_fts5", "docs": n, "passage_bytes": nbytes, "seconds": seconds,
                      "sqlite": sqlite3.sqlite_version}))


def fts5_query(words, mode):
    quoted = ['"' + w.replace('"', '""') + '"' for w in dict.fromkeys(words.split())]
    return (" OR " if mode == "or" else " ").join(quoted)


def query(args):
    queries = []
    with open(args.queries, encoding="utf-8") as f:
        for line in f:
            kind, _, words = line.rstrip("\n").partition("\t")
            if words:
                queries.append((kind, fts5_query(words, args.mode)))
    con = sqlite3.connect(args.db)
    sql = "SELECT id, text FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 10"
    times, by_kind, no_hits = [], {}, 0
    warm = min(args.warm, len(queries))
    budget_hit = False
    for timed in (False, True):
        started = time.perf_counter()
        for kind, q in queries if timed else queries[:warm]:
            if timed and args.budget_seconds and time.perf_counter() - started > args.budget_seconds:
                budget_hit = True
                break
            t0 = time.perf_counter()
            rows = con.execute(sql, (q,)).fetchall()
            ms = (time.perf_counter() - t0) * 1e3
            if timed:
                times.append(ms)
                by_kind.setdefault(kind, []).append(ms)
                no_hits += not rows
    out = summary(times)
    out.update({"engine": "sqlite_fts5", "mode": args.mode, "no_hits": no_hits, "warm": warm,
                "queries": len(queries), "budget_hit": budget_hit,
                "by_kind": {k: summary(v) for k, v in sorted(by_kind.items())}})
    print(json.dumps(out))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    i = sub.add_parser("index")
    i.add_argument("--passages", required=True)
    i.add_argument("--max-docs", type=int, default=sys.maxsize)
    i.add_argument("--db", required=True)
    q = sub.add_parser("query")
    q.add_argument("--db", required=True)
    q.add_argument("--queries", required=True)
    q.add_argument("--mode", choices=["and", "or"], required=True)
    q.add_argument("--warm", type=int, default=sys.maxsize)
    q.add_argument("--budget-seconds", type=float, default=0)
    args = p.parse_args()
    {"index": index, "query": query}[args.cmd](args)


if __name__ == "__main__":
    main()
