#!/usr/bin/env python3
"""A loopback image host for the deep pipeline's tests and benchmark (stdlib only).

Serves the images that scripts/gen_air_catalog.py --deep points at, many at once
(ThreadingHTTPServer), each after a configurable latency:

  GET /img/NAME.png          the PNG of NAME: ROOT/images/NAME.png when --root has
                             it, else the same bytes made on the fly
                             (gen_air_catalog.png_bytes); image/png
  GET /img/broken/NAME.png   a cut PNG (magic and header, then nothing): image/png
  GET /img/html/NAME.png     an HTML page with status 200 (a CDN's error page)
  GET /img/big/NAME.png      a PNG-looking body of --big-bytes (default 11 MiB, over
                             the 10 MB cap), streamed
  GET /img/missing/NAME.png  404
  GET /_stats                {"requests", "max_in_flight", "bytes"}; /_reset zeroes them
  HEAD works for all of them.

Options: --root DIR, --host H, --port P (0 = free port), --latency-ms N (per
response, before the status line), --big-bytes N, --log FILE (one JSON line per
request). The first line on stdout is `PORT <n>`; runs until SIGTERM/SIGINT.
"""

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from loopback_serve import serve  # the script's own folder is on sys.path

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from gen_air_catalog import png_bytes  # noqa: E402  (one definition of the image bytes)


class State:
    def __init__(self, args):
        self.root = os.path.realpath(args.root) if args.root else None
        self.latency = args.latency_ms / 1000.0
        self.big = args.big_bytes
        self.log_path = args.log
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.bytes = 0

    def enter(self):
        with self.lock:
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self, sent):
        with self.lock:
            self.in_flight -= 1
            self.bytes += sent

    def log(self, entry):
        if self.log_path:
            with self.lock, open(self.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")


class Handler(BaseHTTPRequestHandler):
    server_version = "FakeImages/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    @property
    def state(self):
        return self.server.state

    def _send(self, status, ctype, body):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return len(body)

    def _big(self):
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(self.state.big))
        self.end_headers()
        if self.command == "HEAD":
            return 0
        chunk = b"\x89PNG\r\n\x1a\n" + b"\0" * (64 * 1024 - 8)
        sent = 0
        try:
            while sent < self.state.big:
                part = chunk[: min(len(chunk), self.state.big - sent)]
                self.wfile.write(part)
                sent += len(part)
                chunk = b"\0" * len(chunk)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up at its cap: fine
            pass
        return sent

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        if path == "/_stats":
            with self.state.lock:
                stats = {"requests": self.state.requests, "max_in_flight": self.state.max_in_flight,
                         "bytes": self.state.bytes}
            return self._send(200, "application/json", json.dumps(stats).encode())
        if path == "/_reset":
            with self.state.lock:
                self.state.reset()
            return self._send(200, "application/json", b"{}")
        self.state.enter()
        sent, status = 0, 200
        try:
            if self.state.latency:
                time.sleep(self.state.latency)
            parts = path.strip("/").split("/")
            if len(parts) < 2 or parts[0] != "img":
                status = 404
                sent = self._send(404, "text/plain", b"not found")
                return
            kind = parts[1] if len(parts) == 3 else "ok"
            name = os.path.splitext(parts[-1])[0]
            if kind == "missing" or kind not in ("ok", "broken", "html", "big"):
                status = 404
                sent = self._send(404, "text/html", b"<html><body>404 Not Found</body></html>")
            elif kind == "html":
                sent = self._send(200, "text/html; charset=utf-8",
                                  b"<!DOCTYPE html><html><body>Image temporarily unavailable</body></html>")
            elif kind == "big":
                sent = self._big()
            else:
                body = None
                if self.state.root:
                    full = os.path.realpath(os.path.join(self.state.root, "images", name + ".png"))
                    if full.startswith(self.state.root + os.sep) and os.path.isfile(full):
                        with open(full, "rb") as f:
                            body = f.read()
                if body is None:
                    body = png_bytes(name)
                if kind == "broken":
                    body = body[:24]  # magic + part of IHDR: not a decodable image
                sent = self._send(200, "image/png", body)
        finally:
            self.state.leave(sent)
            self.state.log({"method": self.command, "path": path, "status": status, "bytes": sent,
                            "t": time.time()})

    do_HEAD = do_GET


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency-ms", type=float, default=0)
    parser.add_argument("--big-bytes", type=int, default=11 * 1024 * 1024)
    parser.add_argument("--log", default=None)
    args = parser.parse_args(argv)
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.state = State(args)
    return serve(server)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
