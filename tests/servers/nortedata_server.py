#!/usr/bin/env python3
"""A stand-in for the invented supplier Nortedata's JSON API, over real HTTP on
loopback (stdlib only). Its pages are static files; what it checks is the login.

  GET /api/v1/productos                -> ROOT/api/productos-first.json
  GET /api/v1/productos?cursor=C       -> ROOT/api/productos-C.json (404 if none)
  any request without `Authorization: Bearer <token>` -> 401 {"error": "..."}
  GET /<other path>                    -> the file under ROOT (e.g. /lista.tsv), same auth

Options: --root DIR (required), --token T (default n0rte), --host, --port (0 =
a free port), --log FILE (one JSON line per request: path, query, the
Authorization header, status). The first stdout line is `PORT <n>` (flushed);
the server runs until SIGTERM or SIGINT.
"""

import argparse
import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


def make_handler(args):
    root = os.path.realpath(args.root)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *unused):  # quiet: tests read --log instead
            pass

        def send(self, status, body, content_type="application/json"):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            if args.log:
                with lock, open(args.log, "a", encoding="utf-8") as f:
                    f.write(json.dumps({"path": self.url.path, "query": self.url.query,
                                        "authorization": self.headers.get("Authorization"),
                                        "status": status}) + "\n")

        def file(self, rel):
            path = os.path.realpath(os.path.join(root, rel))
            if not path.startswith(root + os.sep) or not os.path.isfile(path):
                return None
            with open(path, "rb") as f:
                return f.read()

        def do_GET(self):
            self.url = urlsplit(self.path)
            if self.headers.get("Authorization") != "Bearer " + args.token:
                self.send(401, b'{"error": "token invalido"}')
                return
            if self.url.path == "/api/v1/productos":
                cursor = parse_qs(self.url.query).get("cursor", ["first"])[0]
                body = self.file("api/productos-%s.json" % cursor) if cursor.isalnum() else None
            else:
                body = self.file(self.url.path.lstrip("/"))
            if body is None:
                self.send(404, b'{"error": "no existe"}')
            else:
                ctype = "application/json" if self.url.path.startswith("/api/") else "text/plain"
                self.send(200, body, ctype)

    return Handler


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--token", default="n0rte")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--log")
    args = p.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), make_handler(args))
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *unused: threading.Thread(target=server.shutdown).start())
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
