#!/usr/bin/env python3
"""Writes BENCHMARKS.md from the results bench/run leaves in target/bench-cache/results."""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys

ENGINES = ["pressbox", "plain_tantivy", "lucene", "sqlite_fts5"]
NAMES = {
    "pressbox": "pressbox",
    "plain_tantivy": "plain tantivy",
    "lucene": "Lucene 9.9.1",
    "sqlite_fts5": "SQLite FTS5",
}
SIZES = ["quarter", "half", "full"]
KINDS = ["title", "phrase2", "phrase3", "quote"]
MB = 1e6
MIB = 1 << 20


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:
        return ""


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def gnu_time(path):
    """Wall, user+sys CPU seconds and max RSS (bytes) from `/usr/bin/time -v` output."""
    text = read(path)
    if not text:
        return None
    def field(name):
        m = re.search(re.escape(name) + r":\s*(.+)", text)
        return m.group(1).strip() if m else None
    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    return {
        "wall": secs,
        "cpu": float(field("User time (seconds)")) + float(field("System time (seconds)")),
        "rss": int(field("Maximum resident set size (kbytes)")) * 1024,
    }


def load_avg(text):
    m = re.search(r"load average:\s*([\d.]+),\s*([\d.]+),\s*([\d.]+)", text or "")
    return m.group(1) if m else "?"


def load_avg_all(text):
    m = re.search(r"load average:\s*([\d.]+),\s*([\d.]+),\s*([\d.]+)", text or "")
    return " / ".join(m.groups()) if m else "?"


def met(ok):
    return "**met**" if ok else "**not met**"


def ratios_table(R, size, w):
    """The first table: pressbox against its peers as ratios, beside the targets of issues 9 and 10."""
    pb, pt, lu = R.build(size, "pressbox"), R.build(size, "plain_tantivy"), R.build(size, "lucene")
    body = R.slices[size]["text_bytes"]
    rows = []

    def row(what, value, target, ok):
        rows.append([what, value, target, met(ok) if ok is not None else "–"])

    if pb and pt:
        x = pb["seconds"] / pt["seconds"]
        row("build time, pressbox / plain tantivy", f"{x:.2f}× ({f(pb['seconds'], 1)} vs {f(pt['seconds'], 1)} s)",
            "≤ 1.3× (issue 9)", x <= 1.3)
        if pb.get("wall") and pt.get("wall"):
            row("wall (whole process), pressbox / plain tantivy",
                f"{pb['wall'] / pt['wall']:.2f}× ({f(pb['wall'], 1)} vs {f(pt['wall'], 1)} s)", "–", None)
        if pb.get("cpu") and pt.get("cpu"):
            row("CPU (user + sys), pressbox / plain tantivy",
                f"{pb['cpu'] / pt['cpu']:.2f}× ({f(pb['cpu'], 1)} vs {f(pt['cpu'], 1)} s)", "–", None)
    if pb and lu:
        x = pb["mb_s"] / lu["mb_s"]
        row("throughput, pressbox / Lucene 9.9.1", f"{x:.2f}× ({f(pb['mb_s'])} vs {f(lu['mb_s'])} MB/s)",
            "≥ 2× (issue 9)", x >= 2)
    if pb and pb.get("mb_cpu_s"):
        extra = f"; plain tantivy {f(pt['mb_cpu_s'])}" if pt and pt.get("mb_cpu_s") else ""
        row("pressbox MB of text per CPU-second", f"{f(pb['mb_cpu_s'])}{extra}", "≥ 12 (issue 9)", pb["mb_cpu_s"] >= 12)
    if pb and pb.get("rss"):
        extra = f"; {pb['rss'] / pt['rss']:.2f}× plain tantivy" if pt and pt.get("rss") else ""
        row("pressbox peak RSS (indexing)", f"{f(pb['rss'] / MIB, 0)} MiB{extra}", "< 1 GiB (issue 9)",
            pb["rss"] < 1 << 30)
    if pb and pb.get("size"):
        x = pb["size"] / body
        extra = f"; plain tantivy {pt['size'] / body:.2f}×" if pt and pt.get("size") else ""
        row("pressbox index / body text", f"{x:.2f}×{extra}", "≤ 1.2× (issue 9)", x <= 1.2)
    se = R.query(size, "pressbox", "search")
    if se and "p50_ms" in se:
        row("pressbox `search` p50 (in-process)", f"{f(se['p50_ms'], 3)} ms", "≤ 1 ms (issue 10)", se["p50_ms"] <= 1)
        row("pressbox `search` p99 (in-process)", f"{f(se['p99_ms'], 3)} ms", "≤ 10 ms (issue 10)", se["p99_ms"] <= 10)
        ht = load(R.path(size, "pressbox.http.json"))
        if ht and ht.get("p50_ms") is not None:
            row("pressbox `/api/search` p50 and p99 (HTTP, one keep-alive client)",
                f"{f(ht['p50_ms'], 3)} and {f(ht['p99_ms'], 3)} ms", "p50 ≤ 2 ms (issue 10)", ht["p50_ms"] <= 2)
        for peer in ("plain_tantivy", "lucene"):
            q = R.query(size, peer, "and")
            if q and "p50_ms" in q:
                row(f"`search` / {NAMES[peer]} top 10 (all words), p50 and p99",
                    f"{ratio(se['p50_ms'], q['p50_ms'])} and {ratio(se['p99_ms'], q['p99_ms'])} "
                    f"({f(q['p50_ms'], 3)} and {f(q['p99_ms'], 3)} ms)", "–", None)
    for mode, label in (("and", "all words"), ("or", "any word")):
        a, b = R.query(size, "pressbox", mode), R.query(size, "lucene", mode)
        if a and b and "p50_ms" in a and "p50_ms" in b:
            row(f"pressbox plain BM25 top 10 / Lucene ({label}), p50", f"{ratio(a['p50_ms'], b['p50_ms'])} "
                f"({f(a['p50_ms'], 3)} vs {f(b['p50_ms'], 3)} ms)", "≤ 1× (issue 10)", a["p50_ms"] <= b["p50_ms"])
        c = R.query(size, "plain_tantivy", mode)
        if a and c and "p50_ms" in a and "p50_ms" in c:
            row(f"pressbox plain BM25 top 10 / plain tantivy ({label}), p50 and p99",
                f"{ratio(a['p50_ms'], c['p50_ms'])} and {ratio(a['p99_ms'], c['p99_ms'])}", "–", None)
    qu = R.query(size, "pressbox", "quote")
    if qu and "p50_ms" in qu:
        row("pressbox `quote` p50", f"{f(qu['p50_ms'], 2)} ms", "≤ 10 ms (issue 10)", qu["p50_ms"] <= 10)
        row("pressbox `quote` p99", f"{f(qu['p99_ms'], 2)} ms", "≤ 50 ms (issue 10)", qu["p99_ms"] <= 50)
    w(f"## Ratios and targets ({size} corpus, one run)")
    w("")
    w("Every engine indexes one document per article (pressbox: `pressbox index` on the gzipped corpus "
      "slice, the whole pipeline; peers: `articles.jsonl`, title + body, exported through pressbox's "
      "ingest). Throughput divides the same body-text bytes by each engine's own build time. "
      "Issue 9 and 10 targets are for the full corpus on a quiet machine; on a smaller slice they are "
      "indicative.")
    w("")
    w(table(["figure", "measured", "target", ""], rows))
    w("")


def growth_table(g, w):
    """The growth exponent of tagging + quote extraction on one 1, 2, 4, 8 MB article."""
    if not g or not g.get("growth"):
        return
    w("## Growth with article length (tagger + quotes)")
    w("")
    w("`pipeline_stages --growth bbcsport.jsonl --sizes 1,2,4,8` (release): one article per size built "
      "by repeating bbcsport bodies, `Tagger::tag` + `extract_quotes`, best of 2, thread CPU seconds. "
      "Exponent per doubling: log2(t(2s) / t(s)); 1 is linear; the target (issue 9) is below 1.2.")
    w("")
    rows = []
    for r in g["growth"]:
        e = r.get("exponent")
        rows.append([r["mb"], f(r["tag_seconds"], 3), f(r["quotes_seconds"], 3), f(r["seconds"], 3),
                     f"{r['mentions']:,}", f"{r['quotes']:,}", f(e) if e is not None else "–"])
    w(table(["MB", "tag (s)", "quotes (s)", "total (s)", "mentions", "quotes", "exponent"], rows))
    o = g.get("overall_exponent")
    if o is not None:
        w("")
        w(f"Overall exponent, first to last size: {o:.2f}: {met(o < 1.2)} (< 1.2).")
    w("")


def f(x, digits=2):
    if x is None:
        return "–"
    if isinstance(x, float) and (x != x):
        return "–"
    return f"{x:,.{digits}f}"


def ratio(a, b, digits=2):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.{digits}f}×"


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


class Results:
    def __init__(self, res, data):
        self.res = res
        self.slices = {s["name"]: s for s in load(os.path.join(data, "slices.json")) or []}
        self.sizes = [s for s in SIZES if os.path.isdir(os.path.join(res, s))]

    def path(self, size, name):
        return os.path.join(self.res, size, name)

    def build(self, size, engine):
        out = load(self.path(size, f"{engine}.build.json"))
        if out is None:
            return None
        t = gnu_time(self.path(size, f"{engine}.build.time.txt")) or {}
        du = read(self.path(size, f"{engine}.du.txt"))
        body = self.slices[size]["text_bytes"]
        seconds = out["seconds"]
        segments = out.get("segments")
        if segments is None:
            seg = read(self.path(size, f"{engine}.segments.txt"))
            segments = int(seg) if seg else None
        return {
            "seconds": seconds,
            "mb_s": body / MB / seconds,
            "wall": t.get("wall"),
            "cpu": t.get("cpu"),
            "rss": t.get("rss"),
            "size": int(du) if du else None,
            "segments": segments,
            "mb_cpu_s": body / MB / t["cpu"] if t.get("cpu") else None,
            "load": load_avg(read(self.path(size, f"{engine}.build.load.txt"))),
        }

    def queries(self, size):
        """Rows of (label, key, summary) for the query latency tables."""
        rows = []
        pq = load(self.path(size, "pressbox.query.json"))
        if pq:
            rows.append(("pressbox `search` (end to end)", "search", pq["search"]))
            rows.append(("pressbox `quote` (end to end)", "quote", pq.get("quote")))
            rows.append(("pressbox plain BM25, all words", "and", pq["bm25_and"]))
        for engine in ENGINES[1:]:
            q = load(self.path(size, f"{engine}.query-and.json"))
            if q:
                rows.append((f"{NAMES[engine]}, all words", "and", q))
        if pq:
            rows.append(("pressbox plain BM25, any word", "or", pq["bm25_or"]))
        for engine in ENGINES[1:]:
            q = load(self.path(size, f"{engine}.query-or.json"))
            if q:
                rows.append((f"{NAMES[engine]}, any word", "or", q))
        return rows

    def query(self, size, engine, mode):
        if engine == "pressbox":
            pq = load(self.path(size, "pressbox.query.json")) or {}
            return pq.get({"and": "bm25_and", "or": "bm25_or", "search": "search", "quote": "quote"}[mode])
        return load(self.path(size, f"{engine}.query-{mode}.json"))


def machine():
    cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip() or platform.processor()
    mem = sh("free -g | awk '/Mem:/{print $2}'")
    java = sh("java -version 2>&1 | head -n 1")
    sqlite = sh("python3 -c 'import sqlite3; print(sqlite3.sqlite_version)'")
    tantivy = sh("grep -A1 '^name = \"tantivy\"$' Cargo.lock | sed -n 's/version = \"\\(.*\\)\"/\\1/p'")
    return {
        "cpu": cpu,
        "cores": sh("nproc"),
        "mem": mem,
        "kernel": sh("uname -sr"),
        "rustc": sh("rustc --version"),
        "java": java,
        "python": sh("python3 --version"),
        "sqlite": sqlite,
        "tantivy": tantivy,
        "commit": sh("git rev-parse --short HEAD"),
        "dirty": bool(sh("git status --porcelain --untracked-files=no")),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--quick", default="0")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    R = Results(args.results, args.data)
    m = machine()
    eval_ = load(os.path.join(args.results, "eval.json"))
    quick = args.quick == "1"
    total = read(os.path.join(args.results, "seconds.txt"))
    largest = R.sizes[-1] if R.sizes else None
    out = []
    w = out.append

    w("# Benchmarks")
    w("")
    w(f"Generated by `bench/run{' --quick' if quick else ''}` on "
      f"{datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} at commit `{m['commit']}`"
      f"{' (with uncommitted changes)' if m['dirty'] else ''}, in {int(total or 0) // 60} min "
      f"{int(total or 0) % 60} s. Rerun `bench/run` to regenerate this file (`bench/run --quick`: the "
      "quarter corpus and 200 queries, written to `target/bench-cache/BENCHMARKS.quick.md`). "
      "How it measures, and what is and is not comparable, is under [Method](#method).")
    w("")
    if quick:
        w(f"**This is the quick run** (`bench/run --quick`: the first quarter of allsides, 200 queries); load "
          f"average at the start {load_avg_all(read(os.path.join(args.results, 'load-start.txt')))}, at the end "
          f"{load_avg_all(read(os.path.join(args.results, 'load-end.txt')))} (1, 5, 15 min) on a shared 2-core "
          "machine: absolute figures are noisy, the ratios within this one run are what count.")
        w("")
    if largest:
        ratios_table(R, largest, w)
    growth_table(load(os.path.join(args.results, "growth.json")), w)
    faults = os.path.join(args.results, "faults.txt")
    if os.path.exists(faults):
        w("## Fault battery (`bench/faults --long`, run by `bench/run`)")
        w("")
        with open(faults) as fh:
            w("```")
            w(fh.read().rstrip("\n"))
            w("```")
        w("")
    w("## Machine")
    w("")
    w(f"- CPU: {m['cpu']}, {m['cores']} cores (`nproc`); memory {m['mem']} GiB (`free -g`); {m['kernel']}.")
    w(f"- Load average (1 min) at the start: {load_avg(read(os.path.join(args.results, 'load-start.txt')))}, "
      f"at the end: {load_avg(read(os.path.join(args.results, 'load-end.txt')))}; each indexing run's "
      "starting load is in its table. The machine is shared with other work, so timings are noisy: "
      "a load above 2 on 2 cores means the engines competed for CPU.")
    w(f"- Software: {m['rustc']}; tantivy {m['tantivy']}; Lucene 9.9.1 (Anserini 0.24.0 fat jar from the "
      f"`pyserini==0.24.0` wheel) on {m['java']}; SQLite {m['sqlite']} (FTS5) through {m['python']}'s `sqlite3`.")
    w("")

    w("## Corpus")
    w("")
    w("`allsides.jsonl.gz` (US news, 37,554 articles), its first quarter and first half (by line). "
      "Body text is the article text pressbox indexes (as its `index --json` reports it); every MB/s "
      "below divides that same number of bytes by an engine's build time. Peers index one document per "
      "article (title + \"\\n\" + body, exported once through pressbox's ingest, not timed), as pressbox does.")
    w("")
    rows = []
    for s in R.sizes:
        sl = R.slices[s]
        rows.append([s, f"{sl['articles']:,}", f"{sl['passages']:,}", f(sl["text_bytes"] / MB, 1),
                     f(sl["article_bytes"] / MB, 1) if "article_bytes" in sl else "–"])
    w(table(["size", "articles", "passages", "body text (MB)", "peers' documents, title + body (MB)"], rows))
    w("")

    # ---- targets -----------------------------------------------------------------------
    w(f"## Targets vs measured ({largest} corpus)")
    w("")
    if largest:
        tgt = []
        pb = R.build(largest, "pressbox")
        pt = R.build(largest, "plain_tantivy")
        lu = R.build(largest, "lucene")
        fts = R.build(largest, "sqlite_fts5")
        body = R.slices[largest]["text_bytes"]

        def met(ok):
            return "**met**" if ok else "**not met**"

        if pb and lu:
            x = pb["mb_s"] / lu["mb_s"]
            tgt.append(["indexing throughput ≥ 2× Lucene", f"{x:.2f}× ({f(pb['mb_s'])} vs {f(lu['mb_s'])} MB/s)", met(x >= 2)])
        if pb and fts:
            x = pb["mb_s"] / fts["mb_s"]
            tgt.append(["indexing throughput ≥ 2× SQLite FTS5", f"{x:.2f}× ({f(pb['mb_s'])} vs {f(fts['mb_s'])} MB/s)", met(x >= 2)])
        if pb and pt:
            x = pb["seconds"] / pt["seconds"]
            tgt.append(["indexing time ≤ 1.3× plain tantivy", f"{x:.2f}× ({f(pb['seconds'], 1)} vs {f(pt['seconds'], 1)} s)", met(x <= 1.3)])
        if pb and pb["rss"]:
            tgt.append(["peak memory (indexing) < 1 GiB", f"{f(pb['rss'] / MIB, 0)} MiB", met(pb["rss"] < 1 << 30)])
        if pb and pb["size"]:
            x = pb["size"] / body
            tgt.append(["index size ≤ 1.2× body text", f"{x:.2f}× ({f(pb['size'] / MB, 0)} MB for {f(body / MB, 0)} MB)", met(x <= 1.2)])
        se = R.query(largest, "pressbox", "search")
        if se:
            tgt.append(["`search` p50 < 2 ms (in-process)", f"{f(se['p50_ms'], 2)} ms", met(se["p50_ms"] < 2)])
            tgt.append(["`search` p99 < 20 ms (in-process)", f"{f(se['p99_ms'], 2)} ms", met(se["p99_ms"] < 20)])
        for mode, label in (("and", "all words"), ("or", "any word")):
            a, b = R.query(largest, "pressbox", mode), R.query(largest, "lucene", mode)
            if a and b:
                tgt.append([f"plain BM25 top 10 p50 ≤ Lucene's ({label})",
                            f"{f(a['p50_ms'], 3)} vs {f(b['p50_ms'], 3)} ms", met(a["p50_ms"] <= b["p50_ms"])])
        if eval_:
            figs = eval_.get("figures", {})
            p, l = figs.get("scifact.ndcg_at_10"), figs.get("scifact.lucene_anserini_ndcg_at_10")
            if p is not None and l is not None:
                tgt.append(["SciFact nDCG@10 ≥ Lucene BM25 (same queries)",
                            f"{p:.4f} vs {l:.4f} (Lucene, Anserini BEIR settings)", met(p >= l)])
        w(table(["target", "measured", ""], tgt))
        w("")
        w("The quote latency and the ranking and attribution figures below have no target yet.")
        w("")

    # ---- indexing ----------------------------------------------------------------------
    w("## Indexing")
    w("")
    w("Build time: from the start of reading the input to a committed, searchable index, as each "
      "engine measures itself (pressbox: its `index --json` report; peers: their harness, so JVM and "
      "Python start-up are left out). Wall, CPU (user + system) and peak RSS are the whole process "
      "under `/usr/bin/time -v`; MB per CPU-second (body text over CPU time) is the figure least "
      "disturbed by other work on the machine. Index size: `du` of the index directory (database "
      "file for SQLite).")
    for s in R.sizes:
        w("")
        w(f"### {s} ({f(R.slices[s]['text_bytes'] / MB, 1)} MB of body text)")
        w("")
        rows = []
        builds = {e: R.build(s, e) for e in ENGINES}
        body = R.slices[s]["text_bytes"]
        for e in ENGINES:
            b = builds[e]
            if not b:
                continue
            rows.append([NAMES[e], f(b["seconds"], 1), f(b["mb_s"]), f(b["wall"], 1), f(b["cpu"], 1), f(b["mb_cpu_s"]),
                         f(b["rss"] / MIB, 0) if b["rss"] else "–", f(b["size"] / MB, 0) if b["size"] else "–",
                         f(b["size"] / body) if b["size"] else "–", b["segments"] if b["segments"] is not None else "–",
                         b["load"]])
        w(table(["engine", "build (s)", "MB/s", "wall (s)", "CPU (s)", "MB per CPU-s", "peak RSS (MiB)", "index (MB)",
                 "index / body", "segments", "load at start"], rows))
        pb = builds["pressbox"]
        if pb:
            w("")
            rows = []
            for e in ENGINES[1:]:
                b = builds[e]
                if not b:
                    continue
                rows.append([NAMES[e], ratio(pb["mb_s"], b["mb_s"]), ratio(pb["seconds"], b["seconds"]),
                             ratio(pb["cpu"], b["cpu"]), ratio(pb["rss"], b["rss"]), ratio(pb["size"], b["size"])])
            w("pressbox / peer (throughput above 1× means pressbox is faster; the others, above 1× "
              "means pressbox takes more):")
            w("")
            w(table(["peer", "throughput", "build time", "CPU", "peak RSS", "index size"], rows))

    if len(R.sizes) > 1:
        w("")
        w("### How cost grows with size")
        w("")
        rows = []
        for e in ENGINES:
            r = [NAMES[e]]
            for s in R.sizes:
                b = R.build(s, e)
                r.append(f"{f(b['seconds'], 1)} s, {f(b['mb_s'])} MB/s" if b else "–")
            rows.append(r)
        w(table(["engine"] + R.sizes, rows))

    # ---- the limit -------------------------------------------------------------------
    w("")
    w("## Distance to the limit")
    w("")
    w("A bare pass of pressbox's analyzer (tokenise, fold, stem; nothing stored) over the same "
      "passages held in memory, on one thread and on two (this machine's cores), best of three each; "
      "the limit is the faster of the two (on a busy machine two threads may not get two cores), and "
      "pressbox's indexing throughput is given as a fraction of it. For comparison, the same for "
      "tantivy's `en_stem` analyzer and plain tantivy.")
    w("")
    rows = []
    for s in R.sizes:
        a = load(R.path(s, "analyzer.json"))
        if not a:
            continue
        pb, pt = R.build(s, "pressbox"), R.build(s, "plain_tantivy")
        pa, ea = a["pressbox"], a["en_stem"]
        plim = max(pa["mb_s_1t"], pa["mb_s_2t"])
        elim = max(ea["mb_s_1t"], ea["mb_s_2t"])
        rows.append([s, f(pa["mb_s_1t"]), f(pa["mb_s_2t"]), f(pb["mb_s"]) if pb else "–",
                     f"**{pb['mb_s'] / plim:.0%}**" if pb else "–",
                     f"{f(ea['mb_s_1t'])} / {f(ea['mb_s_2t'])}", f(pt["mb_s"]) if pt else "–",
                     f"{pt['mb_s'] / elim:.0%}" if pt else "–"])
    w(table(["size", "pressbox analyzer, 1 thread (MB/s)", "2 threads (MB/s)", "pressbox index (MB/s)",
             "pressbox: fraction of the limit", "en_stem, 1 / 2 threads (MB/s)", "plain tantivy (MB/s)",
             "plain tantivy: fraction"], rows))

    st = load(os.path.join(args.results, "stages.json"))
    if st:
        w("")
        w("### Where pressbox's indexing time goes")
        w("")
        w(f"Each stage timed alone on one thread over the quarter corpus ({st['articles']:,} articles, "
          f"{f(st['mb'], 1)} MB; `benches/pipeline_stages.rs`). In `pressbox index` a reader thread "
          "ingests, the main thread splits, tags and extracts quotes for each article (then builds the "
          "documents), and tantivy's two indexing threads tokenise and write; the slowest of these sets "
          "the pace.")
        w("")
        rows = [
            ["ingest (gunzip, JSON, markup, NFC, outlets)", "reader", f(st["ingest"]["mb_s"], 1), f(st["ingest"]["seconds"])],
            ["passages (paragraphs, sentences)", "main", f(st["passages"]["mb_s"], 1), f(st["passages"]["seconds"])],
            ["entity tagging", "main", f(st["entities"]["mb_s"], 1), f(st["entities"]["seconds"])],
            [f"quote extraction ({st['quotes']:,} quotes)", "main", f(st["quotes_stage"]["mb_s"], 1), f(st["quotes_stage"]["seconds"])],
            ["**main thread, the three above**", "main", f"**{f(st['main_thread']['mb_s'], 1)}**", f(st["main_thread"]["seconds"])],
            ["analyzer (tokenise, fold, stem)", "indexing", f(st["analyzer"]["mb_s"], 1), f(st["analyzer"]["seconds"])],
        ]
        w(table(["stage", "thread", "MB/s", "seconds"], rows))

    # ---- queries ---------------------------------------------------------------------
    w("")
    w("## Query latency")
    w("")
    nq = None
    if largest:
        se = R.query(largest, "pressbox", "search")
        nq = se["n"] if se else None
    w(f"{nq or '?'} queries taken from the corpus (`target/bench-cache/data/queries.tsv`): article titles, "
      "two- and three-word phrases from passages of the first quarter (phrases made only of stop words "
      "left out), and quotes from `allsides.quotes.jsonl`, a quarter each, as lower-case words. One "
      "client, warm cache (every query run once before the timed pass), milliseconds. Plain BM25 rows: "
      "each engine's own analyzer on the query words, top 10 by BM25, stored text of the hits fetched; "
      "*all words* requires every word, *any word* is a disjunction. `search` is pressbox's whole "
      "query path (all words, then typos, then any word; proximity re-ranking; highlights; article "
      "metadata). `quote` runs the sampled quotes as printed.")
    for s in reversed(R.sizes):
        w("")
        w(f"### {s}")
        w("")
        rows = []
        for label, key, q in R.queries(s):
            if not q or "p50_ms" not in q:
                note = (q or {}).get("not_measured", "not measured")
                rows.append([label, note, "", "", "", "", ""])
                continue
            extra = ""
            if key == "search" and q.get("modes"):
                extra = "; modes: " + ", ".join(f"{k} {v}" for k, v in q["modes"].items())
            if q.get("budget_hit"):
                extra += f"; time budget reached after {q['n']} of {q['queries']} queries"
            rows.append([label, f(q["p50_ms"], 3), f(q["p95_ms"], 3), f(q["p99_ms"], 3), f(q["mean_ms"], 3),
                         f"{q['n']}", f"{q.get('no_hits', '–')}{extra}"])
        w(table(["engine, query", "p50", "p95", "p99", "mean", "queries", "without hits"], rows))
        w("")
        rows = []
        for label, key, q in R.queries(s):
            if not q or "by_kind" not in q:
                continue
            rows.append([label] + [f(q["by_kind"].get(k, {}).get("p50_ms"), 3) for k in KINDS])
        w("p50 by kind of query:")
        w("")
        w(table(["engine, query"] + KINDS, rows))
        w("")
        se = R.query(s, "pressbox", "search")
        if se and se.get("by_mode"):
            w("`search` by the mode that answered (a separate, third pass over the queries):")
            w("")
            w(table(["mode", "queries", "p50", "p95", "p99"],
                    [[mode, v["n"], f(v["p50_ms"], 3), f(v["p95_ms"], 3), f(v["p99_ms"], 3)]
                     for mode, v in se["by_mode"].items()]))
            w("")
        rows = []
        for mode, label in (("and", "all words"), ("or", "any word")):
            a = R.query(s, "pressbox", mode)
            for e in ENGINES[1:]:
                b = R.query(s, e, mode)
                if a and b:
                    rows.append([f"{label}: pressbox / {NAMES[e]}", ratio(a["p50_ms"], b["p50_ms"]),
                                 ratio(a["p99_ms"], b["p99_ms"])])
        se = R.query(s, "pressbox", "search")
        for e in ENGINES[1:]:
            b = R.query(s, e, "and")
            if se and b:
                rows.append([f"`search` / {NAMES[e]} all words", ratio(se["p50_ms"], b["p50_ms"]),
                             ratio(se["p99_ms"], b["p99_ms"])])
        w("Latency ratios (below 1× means pressbox is faster):")
        w("")
        w(table(["", "p50", "p99"], rows))

    # ---- quality -----------------------------------------------------------------------
    w("")
    w("## Ranking and attribution quality (`bench/eval`)")
    w("")
    if not eval_:
        w("Not run (see `bench/eval`).")
    else:
        figs = eval_.get("figures", {})
        sci = eval_.get("sections", {}).get("scifact", {})
        w(f"BEIR SciFact, {sci.get('queries', '?')} judged train queries, {sci.get('documents', '?')} documents "
          "(title + line break + abstract as one article); documents ranked by their best passage.")
        w("")
        rows = []
        for label, k in (("pressbox, claim words joined by OR", "scifact."),
                         ("pressbox, claim as typed (default modes)", "scifact.default_"),
                         ("Lucene BM25, Anserini BEIR settings (k1 0.9, b 0.4, stop words, Porter)", "scifact.lucene_anserini_"),
                         ("Lucene BM25, k1 1.2, b 0.75", "scifact.lucene_k1_1_2_")):
            if f"{k}ndcg_at_10" in figs:
                rows.append([label, f(figs[f"{k}ndcg_at_10"], 4), f(figs[f"{k}recall_at_100"], 4)])
        w(table(["system", "nDCG@10", "Recall@100"], rows))
        w("")
        w("(Published Lucene BM25 on the *test* split: nDCG@10 0.6789, Recall@100 0.9253.)")
        w("")
        rows = []
        for set_ in ("newscluster", "allsides"):
            d = eval_.get("sections", {}).get("quotes", {}).get(set_)
            if d:
                rows.append([set_, d["quotes"], d["listed_outlets"], f(d["recall"], 4), f(d["verbatim_recall"], 4),
                             f(d["precision"], 4), f(d["quote_p50_ms"], 0)])
        if rows:
            w("Quote provenance (`quote` against the oracles; recall: listed outlets found; precision: "
              "outlets matched verbatim that the oracle lists or whose text holds the quote's words):")
            w("")
            w(table(["oracle", "quotes", "listed outlets", "recall", "recall (verbatim matches)", "precision",
                     "quote p50 (ms)"], rows))
            w("")
        if "entities.resolved_f1" in figs:
            w(f"Entities (tests/gold/entities.jsonl): resolved-entity F1 {figs['entities.resolved_f1']:.4f}, "
              f"mention F1 {figs['entities.mention_f1']:.4f}, held-out resolved-entity F1 "
              f"{figs['entities.held_out_resolved_f1']:.4f}.")
            w("")
        w(f"Floors: {'all met' if eval_.get('ok') else 'SOME BELOW FLOOR'} (`eval/floors.toml`).")

    # ---- method ------------------------------------------------------------------------
    w("")
    w("## Method")
    w("")
    repeat = read(os.path.join(args.results, "repeat.txt")) or "1"
    w(f"""- **One engine at a time**, in the order pressbox, plain tantivy, Lucene, SQLite FTS5, for each
  size; each index is deleted before the next engine starts. Each index was built {repeat} time(s)
  (`bench/run --repeat N` keeps the fastest of N); on this shared machine build times vary by a
  third or more from run to run, so compare the CPU-second figures too.""")
    w("""- **Queries** are timed after the index is built, in the same order, each engine's client in its
  own process (pressbox and plain tantivy: Rust; Lucene: the JVM after a full warm-up pass; SQLite:
  Python's `sqlite3`).
- **pressbox** is measured through the release `pressbox index` binary on the gzipped JSONL slice:
  the full pipeline (gunzip, JSON, ingest and normalisation, outlet attribution, sentences and
  passages, quotes, entity tagging, the writer with 2 threads and 256 MB, one commit). Its query
  figures come from `benches/pressbox_query.rs`, in-process on that index.
- **Peers** read the passages pressbox made (`passages.jsonl`, `{id, text}`, exported once by
  `benches/export.rs`, not timed), so they index the same text units; their JSON parsing is timed.
  They store and index the text with positions, one field, English stemming:
  - **plain tantivy** (`benches/plain_tantivy.rs`): the same tantivy version, tantivy's own
    `en_stem` analyzer, the writer threads and memory budget of pressbox (`BuildOptions::new`),
    one commit: what pressbox adds on top of tantivy.
  - **Lucene** (`bench/lucene/LuceneBench.java`): `EnglishAnalyzer` with no stop words (pressbox and
    the other engines keep them), BM25(1.2, 0.75), 2 indexing threads fed by a reader thread,
    256 MB RAM buffer, one commit; JVM defaults otherwise.
  - **SQLite FTS5** (`bench/sqlite_fts5.py`): `fts5(id UNINDEXED, text, tokenize='porter unicode61')`,
    one transaction, one thread (SQLite does not index in parallel); queries `ORDER BY bm25(t) LIMIT 10`
    (faster here than `ORDER BY rank`). Its any-word queries cost 0.1–1 s each, so that mode is warmed
    with 50 queries and timed for at most a budget (4 minutes by default); the query file interleaves
    its four kinds, so the queries timed are a fair mix.
- **Merges**: tantivy's writer abandons merges still running when it is dropped after the commit
  (pressbox and plain tantivy alike), and the Lucene harness likewise rolls back after its commit, so
  every index is measured as its commit left it (segment counts in the tables).
- **Analyzers differ** where the engines differ: pressbox folds diacritics and apostrophes and uses
  the Snowball English stemmer; tantivy's `en_stem` uses the same stemmer without folding; Lucene and
  SQLite use the Porter stemmer. Query results therefore differ slightly between engines.
- Throughput is body text (the same byte count for every engine at a size) over build time.""")
    w("")
    # The server load run is measured separately (see bench/server-load.md for how); its
    # figures are carried into this file so that it stays the one place for measurements.
    server = os.path.join(os.path.dirname(os.path.abspath(__file__)), "server-load.md")
    if os.path.exists(server):
        with open(server) as fh:
            w(fh.read().rstrip("\n"))
        w("")
    with open(args.out, "w") as fh:
        fh.write("\n".join(out))
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
