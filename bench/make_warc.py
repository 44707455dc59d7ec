#!/usr/bin/env python3
"""Builds a WARC.gz of real news pages from the shared corpora, at run time.

Each article of ../shared/corpora (bbcsport, epl-match-reports-2025, newscluster; allsides
with --allsides N) becomes an HTTP response record holding an HTML page: the article's real
text wrapped in the boilerplate of a real news page (cookie banner, navigation, share bar,
figure with caption, inline "Read more" link, newsletter box, related links, footer), in
one of three layouts. Around them sit the records a crawler writes too: warcinfo, one
request per page, metadata, images, a stylesheet, a redirect and a 404, so that an indexer
has records to skip. Each record is its own gzip member, as crawls such as CC-NEWS are.

The text belongs to its publishers: it is read from the corpora when this runs and written
only to OUT (outside the repository). --expected FILE also writes, per page, the URL and the
article text the page was built from (JSONL), to score main-text extraction against.

    bench/make_warc.py OUT.warc.gz [--shared DIR] [--allsides N] [--expected FILE]
"""
import argparse
import gzip
import hashlib
import html
import io
import json
import os
import sys
from datetime import datetime, timedelta, timezone

CORPORA = ["bbcsport.jsonl", "epl-match-reports-2025.jsonl", "newscluster.jsonl"]

COOKIE = ("We and our partners use cookies to store and access information on your device, to "
          "personalise content and ads, to provide social media features and to analyse our traffic. "
          "You can accept, reject or manage your choices at any time in the privacy settings.")
NEWSLETTER = ("Sign up for our free football newsletter: the biggest stories, the best analysis and "
              "every result, delivered to your inbox each weekday morning.")
RELATED = [
    "Manager reveals injury blow ahead of weekend fixture",
    "Five talking points from a dramatic weekend of action",
    "Transfer window: every deal done so far this month",
    "Player ratings: who impressed and who struggled",
    "Watch: the best goals of the season so far",
]


def paragraphs(body):
    parts = [p.strip() for p in body.replace("\r\n", "\n").split("\n")]
    return [p for p in parts if p]


def page(layout, rec, url, with_date, n):
    e = html.escape
    title = e(rec.get("title") or "Match report")
    outlet = e(rec.get("outlet") or "The Sports Page")
    paras = [f"<p>{e(p)}</p>" for p in paragraphs(rec["body"])]
    # Boilerplate inside the article column, as real pages have it.
    at = min(2, len(paras))
    paras.insert(at, f'<figure class="media"><img src="/img/{n}.jpg" alt=""><figcaption>'
                     f'Players and staff at full time. Photograph: Agency {n}</figcaption></figure>')
    at = min(4, len(paras))
    paras.insert(at, f'<p class="related-inline">Read more: <a href="/story/{n + 1}">{e(RELATED[n % 5])}</a></p>')
    at = min(6, len(paras))
    paras.insert(at, f'<div class="newsletter-signup"><h3>Football Briefing</h3><p>{NEWSLETTER}</p>'
                     f'<form><input type="email"><button>Sign up</button></form></div>')
    body = "\n".join(paras)
    related = "".join(f'<li><a href="/story/{n + 10 + i}">{e(t)}</a></li>' for i, t in enumerate(RELATED))
    meta_date = ""
    if with_date and rec.get("date"):
        meta_date = f'<meta property="article:published_time" content="{e(str(rec["date"]))}">'
    head = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>'
            f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="{outlet}">'
            f'{meta_date}<link rel="stylesheet" href="/site.css"><script>window.ads = [];</script></head>')
    cookie = f'<div id="cookie-notice" class="cookie-banner"><p>{COOKIE}</p><button>Accept all</button></div>'
    nav = ('<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/football">Football</a></li>'
           '<li><a href="/results">Results</a></li><li><a href="/tables">Tables</a></li></ul></nav>')
    share = '<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>'
    footer = ('<footer class="site-footer"><p>Copyright 2025. All rights reserved. Registered in England.</p>'
              '<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>')
    if layout == 0:
        main = (f'<div id="main-content"><article><header><h1>{title}</h1><p class="byline">By our reporter</p></header>'
                f'{share}<div class="article-body">{body}</div></article>'
                f'<aside class="related"><h2>Related stories</h2><ul>{related}</ul></aside></div>')
    elif layout == 1:
        main = (f'<div class="layout"><div class="col-main"><h1 class="headline">{title}</h1>{share}'
                f'<div class="story-body">{body}</div></div>'
                f'<div class="col-side"><div class="most-read"><h3>Most read</h3><ol>{related}</ol></div></div></div>')
    else:
        main = (f'<main><div class="content"><h1>{title}</h1><div class="text">{body}</div>'
                f'<section class="more-stories"><h2>More from football</h2><ul>{related}</ul></section></div></main>')
    return f"{head}<body>{cookie}<header class=\"site-header\"><a href=\"/\">{outlet}</a>{nav}</header>{main}{footer}</body></html>\n"


def record(out, warc_type, uri, date, block, content_type, extra=""):
    rid = "<urn:uuid:%s>" % hashlib.md5((warc_type + uri + date).encode()).hexdigest()
    head = (f"WARC/1.1\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: {rid}\r\nWARC-Date: {date}\r\n"
            + (f"WARC-Target-URI: {uri}\r\n" if uri else "")
            + f"Content-Type: {content_type}\r\n{extra}Content-Length: {len(block)}\r\n\r\n")
    member = io.BytesIO()
    with gzip.GzipFile(fileobj=member, mode="wb", mtime=0) as gz:
        gz.write(head.encode() + block + b"\r\n\r\n")
    out.write(member.getvalue())


def http_response(status, content_type, payload, extra=""):
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(payload)}\r\n{extra}\r\n"
    return head.encode() + payload


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--shared", default=None)
    ap.add_argument("--allsides", type=int, default=0, help="also take the first N allsides articles")
    ap.add_argument("--expected", default=None)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    shared = args.shared or next(
        (d for d in [os.path.join(here, "..", "..", "shared"), "/work/shared"] if os.path.isdir(d)), None)
    if not shared or not os.path.isdir(os.path.join(shared, "corpora")):
        sys.exit("make_warc: shared corpora not found (use --shared DIR)")
    corpora = os.path.join(shared, "corpora")
    records = []
    for name in CORPORA:
        with open(os.path.join(corpora, name), encoding="utf-8") as f:
            records += [json.loads(line) for line in f if line.strip()]
    if args.allsides:
        with gzip.open(os.path.join(corpora, "allsides.jsonl.gz"), "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i >= args.allsides:
                    break
                records.append(json.loads(line))
    records = [r for r in records if isinstance(r.get("body"), str) and r["body"].strip()]
    start = datetime(2025, 11, 1, tzinfo=timezone.utc)
    counts = {"response html": 0, "request": 0, "metadata": 0, "other": 0}
    expected = open(args.expected, "w", encoding="utf-8") if args.expected else None
    seen = set()
    with open(args.out, "wb") as out:
        record(out, "warcinfo", "", start.strftime("%Y-%m-%dT%H:%M:%SZ"),
               b"software: pressbox bench/make_warc.py\r\nformat: WARC File Format 1.1\r\n",
               "application/warc-fields")
        counts["other"] += 1
        for n, rec in enumerate(records):
            date = (start + timedelta(seconds=37 * n)).strftime("%Y-%m-%dT%H:%M:%SZ")
            url = rec.get("url") or f"https://news.example/{rec.get('id', n)}"
            if url in seen:  # the corpora repeat a few URLs; a crawl would fetch each once
                url = f"{url}{'&' if '?' in url else '?'}copy={n}"
            seen.add(url)
            record(out, "request", url, date, f"GET / HTTP/1.1\r\nHost: news.example\r\n\r\n".encode(),
                   "application/http; msgtype=request")
            counts["request"] += 1
            doc = page(n % 3, rec, url, with_date=(n % 2 == 0), n=n).encode("utf-8")
            record(out, "response", url, date, http_response("200 OK", "text/html; charset=utf-8", doc),
                   "application/http; msgtype=response")
            counts["response html"] += 1
            if expected:
                expected.write(json.dumps({"url": url, "text": "\n".join(paragraphs(rec["body"]))}) + "\n")
            if n % 10 == 0:
                record(out, "metadata", url, date, b"fetchTimeMs: 120\r\n", "application/warc-fields")
                counts["metadata"] += 1
            if n % 25 == 0:
                png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
                record(out, "response", f"https://news.example/img/{n}.jpg", date,
                       http_response("200 OK", "image/png", png), "application/http; msgtype=response")
                record(out, "response", "https://news.example/site.css", date,
                       http_response("200 OK", "text/css", b"body { margin: 0 }"), "application/http; msgtype=response")
                counts["other"] += 2
            if n % 100 == 0:
                record(out, "response", f"https://news.example/old/{n}", date,
                       http_response("301 Moved Permanently", "text/html", b"", f"Location: /new/{n}\r\n"),
                       "application/http; msgtype=response")
                record(out, "response", f"https://news.example/missing/{n}", date,
                       http_response("404 Not Found", "text/html", b"<html><body><p>Not found</p></body></html>"),
                       "application/http; msgtype=response")
                counts["other"] += 2
    if expected:
        expected.close()
    total = sum(counts.values())
    print(f"make_warc: {args.out}: {total} records ({counts['response html']} HTML pages, "
          f"{counts['request']} requests, {counts['metadata']} metadata, {counts['other']} other)", file=sys.stderr)


if __name__ == "__main__":
    main()
