#!/usr/bin/env python3
"""make_warc.py - write small web archives for tests/cli/warc.sh, with pages
written here (no real article text).

Usage: make_warc.py OUTDIR
Writes OUTDIR/news.warc.gz (WARC/1.1, one gzip member per record, as CC-NEWS
ships them), OUTDIR/news.warc (the same records, WARC/1.0, uncompressed, with
a line of garbage between two records), OUTDIR/damaged.warc.gz (the third
member's deflate data overwritten, the last member cut short), OUTDIR/odd-uri.warc
(a page whose WARC-Target-URI holds UTF-8 and a stray byte) and
OUTDIR/expect.json (what a reader must find). tests/pages/news-pages.warc.gz is
the news.warc.gz it writes."""
import gzip
import json
import os
import sys
import zlib

out = sys.argv[1]

PAGE = """<!DOCTYPE html><html><head><meta charset="{cs}"><title>{title}</title>{meta}</head>
<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>
<p>{body}</p><p>Police said the investigation was continuing and that no group had said it
carried out the attack.</p></article><footer>Copyright the example outlet</footer></body></html>"""

pages = [
    # (uri, warc date, page date meta or None, charset, title, body)
    ("https://news.example.org/2024/05/quetta-bomb", "2024-05-14T08:00:00Z", "2024-05-13", "utf-8",
     "Bomb kills six in Quetta market",
     "A bomb hidden in a motorcycle exploded in a crowded market in Quetta on Monday, killing six people and wounding 20, police said."),
    ("https://news.example.org/2024/05/kabul-clash", "2024-05-15T09:30:00Z", None, "windows-1252",
     "Gunmen attack checkpoint near Kabul",
     "Gunmen attacked a police checkpoint near Kabul on Tuesday, killing three officers, the interior ministry\u2019s spokesman Se\u00f1or Ahmadi said."),
    ("https://news.example.org/2024/05/mosul-raid", "2024-05-16T10:00:00Z", "2024-05-16", "utf-8",
     "Raid in Mosul leaves four dead",
     "Security forces raided a house in Mosul on Thursday, and four militants were killed in the gunfight, officials said."),
]


def http_response(body_bytes, ctype, extra=b"", status=b"200 OK"):
    return (b"HTTP/1.1 " + status + b"\r\nContent-Type: " + ctype + b"\r\n" + extra +
            b"Content-Length: " + str(len(body_bytes)).encode() + b"\r\n\r\n" + body_bytes)


def record(version, wtype, uri, date, content_type, block, rid):
    head = [f"WARC/{version}", f"WARC-Type: {wtype}", f"WARC-Record-ID: <urn:uuid:{rid}>",
            f"WARC-Date: {date}"]
    if uri:
        head.append(f"WARC-Target-URI: {uri}")
    head += [f"Content-Type: {content_type}", f"Content-Length: {len(block)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def chunked(b, size=100):
    out = b""
    for i in range(0, len(b), size):
        c = b[i:i + size]
        out += b"%x\r\n" % len(c) + c + b"\r\n"
    return out + b"0\r\n\r\n"


def records(version):
    recs = [record(version, "warcinfo", None, "2024-05-14T00:00:00Z", "application/warc-fields",
                   b"software: make_warc.py\r\nformat: WARC File Format\r\n", "00000000-0000-0000-0000-000000000001")]
    for i, (uri, date, pdate, cs, title, body) in enumerate(pages):
        meta = f'<meta property="article:published_time" content="{pdate}T07:00:00Z">' if pdate else ""
        html = PAGE.format(cs=cs, title=title, meta=meta, body=body).encode("utf-8" if cs == "utf-8" else "cp1252")
        recs.append(record(version, "request", uri, date, "application/http; msgtype=request",
                           b"GET / HTTP/1.1\r\nHost: news.example.org\r\n\r\n", f"00000000-0000-0000-0001-00000000000{i}"))
        if i == 2:  # chunked and gzip-encoded, as a server may send it
            resp = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
                    b"Transfer-Encoding: chunked\r\n\r\n" + chunked(gzip.compress(html)))
        else:
            resp = http_response(html, f"text/html; charset={cs}".encode())
        recs.append(record(version, "response", uri, date, "application/http; msgtype=response", resp,
                           f"00000000-0000-0000-0002-00000000000{i}"))
    # not pages: an image, a redirect, a metadata record
    recs.append(record(version, "response", "https://news.example.org/logo.jpg", "2024-05-16T10:01:00Z",
                       "application/http; msgtype=response", http_response(b"\xff\xd8\xff\xe0" + bytes(200), b"image/jpeg"),
                       "00000000-0000-0000-0003-000000000001"))
    recs.append(record(version, "response", "http://news.example.org/old", "2024-05-16T10:02:00Z",
                       "application/http; msgtype=response",
                       http_response(b"<html>moved</html>", b"text/html", b"Location: https://news.example.org/\r\n",
                                     b"301 Moved Permanently"), "00000000-0000-0000-0003-000000000002"))
    recs.append(record(version, "metadata", "https://news.example.org/2024/05/mosul-raid", "2024-05-16T10:03:00Z",
                       "application/warc-fields", b"fetchTimeMs: 120\r\n", "00000000-0000-0000-0003-000000000003"))
    return recs


recs = records("1.1")
members = [gzip.compress(r) for r in recs]
with open(os.path.join(out, "news.warc.gz"), "wb") as f:
    f.write(b"".join(members))
plain = records("1.0")
with open(os.path.join(out, "news.warc"), "wb") as f:
    f.write(b"".join(plain[:3]) + b"this line is not a WARC record\r\n" + b"".join(plain[3:]))
# damaged: member 3 (the first page's response) has its deflate data overwritten; the last member is cut short
bad = list(members)
m = bytearray(bad[2])
for k in range(20, min(len(m) - 8, 60)):
    m[k] = 0xff
bad[2] = bytes(m)
bad[-1] = bad[-1][:len(bad[-1]) // 2]
with open(os.path.join(out, "damaged.warc.gz"), "wb") as f:
    f.write(b"".join(bad))
# a page whose WARC-Target-URI holds UTF-8 and a stray byte: ids are plain ASCII, percent-encoded
odd_html = PAGE.format(cs="utf-8", title="Clash in Gao", meta="",
                       body="Gunmen clashed with soldiers in Gao on Friday, and two soldiers were killed, the army said.").encode()
head = ("WARC/1.1\r\nWARC-Type: response\r\nWARC-Date: 2024-05-17T10:00:00Z\r\n").encode() + \
    "WARC-Target-URI: https://news.example.org/2024/05/caf\u00e9-gao".encode() + b"\xff\r\n"
resp = http_response(odd_html, b"text/html; charset=utf-8")
with open(os.path.join(out, "odd-uri.warc"), "wb") as f:
    f.write(head + b"Content-Type: application/http; msgtype=response\r\nContent-Length: " +
            str(len(resp)).encode() + b"\r\n\r\n" + resp + b"\r\n\r\n")
offsets = [sum(len(x) for x in bad[:i]) for i in range(len(bad))]
json.dump({"pages": [p[0] for p in pages], "records": len(recs), "damaged_member_offset": offsets[2],
           "cut_member_offset": offsets[-1]}, open(os.path.join(out, "expect.json"), "w"))
