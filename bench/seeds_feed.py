#!/usr/bin/env python3
"""An RSS 2.0 feed of the seed articles, and pressbox indexing it.

Reads the seed articles (seeds/*.txt) at run time and writes an RSS 2.0 file (default
/tmp/seeds.rss): one item per seed, with its first sentence as title, the file name as guid,
the file's modification time as pubDate (RFC 2822, as RSS writes dates; the seeds carry no
date of their own), and its paragraphs as `content:encoded` HTML. Then, unless --no-index,
runs `/usr/bin/time -v pressbox --index TMP index --json FEED` into a fresh index and prints
the articles found, the skipped items with their reasons, how many articles have a parsed
date, the wall time and the peak RSS.

    bench/seeds_feed.py [--seeds seeds] [--out /tmp/seeds.rss] [--bin target/debug/pressbox]
"""
import argparse
import glob
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from email.utils import formatdate

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def first_sentence(text):
    line = text.strip().split("\n", 1)[0]
    # Drop a dateline ("Al Khor (Qatar) (AFP) - ").
    line = re.sub(r"^.{0,60}?\)\s+-\s+", "", line)
    m = re.match(r"(.{20,160}?[.!?])(\s|$)", line)
    if m:
        return m.group(1).strip()
    words = line.split()
    return " ".join(words[:14]) + ("..." if len(words) > 14 else "")


def item(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
    name = os.path.basename(path)
    return (
        "  <item>\n"
        f"    <title>{html.escape(first_sentence(text))}</title>\n"
        f"    <guid isPermaLink=\"false\">{html.escape(name)}</guid>\n"
        f"    <pubDate>{formatdate(os.path.getmtime(path), usegmt=True)}</pubDate>\n"
        f"    <content:encoded><![CDATA[{body.replace(']]>', ']]]]><![CDATA[>')}]]></content:encoded>\n"
        "  </item>\n"
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default=os.path.join(REPO, "seeds"))
    ap.add_argument("--out", default="/tmp/seeds.rss")
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "debug", "pressbox"))
    ap.add_argument("--no-index", action="store_true", help="only write the feed")
    args = ap.parse_args()

    seeds = sorted(glob.glob(os.path.join(args.seeds, "*.txt")))
    if not seeds:
        sys.exit(f"seeds_feed: no seeds/*.txt under {args.seeds}")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write('<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n')
        f.write("  <title>Pressbox seeds</title>\n  <link>https://seeds.example/</link>\n")
        f.write("  <description>The seed articles as a feed</description>\n")
        for path in seeds:
            f.write(item(path))
        f.write("</channel>\n</rss>\n")
    print(f"feed: {args.out} ({len(seeds)} items, {os.path.getsize(args.out)} bytes)")
    if args.no_index:
        return 0

    tmp = tempfile.mkdtemp(prefix="pressbox-feed-")
    try:
        run = subprocess.run(
            ["/usr/bin/time", "-v", args.bin, "--index", os.path.join(tmp, "idx"), "index", "--json", args.out],
            capture_output=True, text=True, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        )
        if run.returncode != 0:
            sys.exit(f"seeds_feed: pressbox failed ({run.returncode}): {run.stdout}{run.stderr}")
        report = json.loads(run.stdout)
        wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", run.stderr).group(1)
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
        dated = 0
        for s in seeds:
            show = subprocess.run(
                [args.bin, "--index", os.path.join(tmp, "idx"), "show", "--json", os.path.basename(s)],
                capture_output=True, text=True,
            )
            if show.returncode == 0 and json.loads(show.stdout).get("published"):
                dated += 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"binary: {args.bin}")
    print(f"articles found: {report['articles']} of {len(seeds)} items ({report['passages']} passages), "
          f"with a parsed date: {dated}")
    print(f"skipped: {len(report['skipped'])}" + "".join(f"\n  {s['source']}: {s['reason']}" for s in report["skipped"]))
    print(f"wall time: {wall} (pressbox's own figure {report['seconds']:.3f} s), peak RSS: {rss / 1024:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
