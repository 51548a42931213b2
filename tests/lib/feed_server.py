#!/usr/bin/env python3
"""feed_server.py - a small HTTP server for the feed poller's tests
(tests/monitor/feeds.sh), on 127.0.0.1 only.

    python3 tests/lib/feed_server.py DOCROOT PORTFILE LOGFILE

Serves the files under DOCROOT with an ETag (a hash of the body) and a
Last-Modified (the file's time), answering 304 to a request whose
If-None-Match or If-Modified-Since matches. Paths with a special first part:
  /500/...       always 500 Internal Server Error
  /slow/...      never answers (holds the connection for 120 s)
  /redirect/P    302 to /P
Every request is logged to LOGFILE as one JSON line as it arrives:
{"t": monotonic seconds, "path", "ua", "inm" (If-None-Match), "ims"
(If-Modified-Since)}, then {"path", "status"} when answered. Writes the port
it listens on to PORTFILE once it listens. Stops on SIGTERM.
"""
import email.utils
import hashlib
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DOCROOT, PORTFILE, LOGFILE = sys.argv[1:4]
LOCK = threading.Lock()


def log(rec):
    with LOCK, open(LOGFILE, "a") as f:
        f.write(json.dumps(rec) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", headers=()):
        log({"path": self.path, "status": status})
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        h = self.headers
        log({"t": time.monotonic(), "path": self.path, "ua": h.get("User-Agent"),
             "inm": h.get("If-None-Match"), "ims": h.get("If-Modified-Since")})
        parts = self.path.split("/", 2)
        if parts[1] == "500":
            return self.answer(500, b"broken")
        if parts[1] == "slow":
            time.sleep(120)
            return
        if parts[1] == "redirect":
            return self.answer(302, headers=[("Location", "/" + parts[2])])
        path = os.path.join(DOCROOT, self.path.lstrip("/"))
        if ".." in self.path or not os.path.isfile(path):
            return self.answer(404, b"not found")
        with open(path, "rb") as f:
            body = f.read()
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        modified = email.utils.formatdate(int(os.path.getmtime(path)), usegmt=True)
        validators = [("ETag", etag), ("Last-Modified", modified)]
        if h.get("If-None-Match") == etag or (not h.get("If-None-Match") and h.get("If-Modified-Since") == modified):
            return self.answer(304, headers=validators)
        kind = "application/rss+xml" if path.endswith(".xml") else "text/html; charset=utf-8"
        self.answer(200, body, validators + [("Content-Type", kind)])


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
