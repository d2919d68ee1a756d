#!/usr/bin/env python3
"""A loopback HTTP/1.1 server for batch-fetch tests and the image benchmark.

Every answer is shaped by the request's query string, so a test states what it
wants in the URL (stdlib only, one thread per connection, keep-alive):

  GET /<anything>?bytes=N&delay=S&status=C&fail=K&key=NAME&type=T&chunked=1

  bytes    body size (default 100); the body starts with the PNG magic bytes
  delay    seconds to wait before answering (default 0)
  status   status of the answer (default 200)
  fail     with key: the first K requests of that key answer `status`, the
           later ones 200 (a server that recovers)
  type     Content-Type (default image/png)
  chunked  1: send the body chunked, without Content-Length

  GET /stats   {"requests": n, "max_in_flight": m, "max_connections": c,
                "hits": {key: n}}   (not counted itself)
  GET /reset   zeroes the counters

`max_in_flight` is the most requests the server was answering at one moment
(request read, answer not yet sent); `max_connections` the most TCP
connections open at one moment.

  latency_http_server.py [--port 0]

The first stdout line is `PORT <n>` (flushed); runs until SIGTERM/SIGINT.
"""

import argparse
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.connections = 0
        self.max_connections = 0
        self.hits = {}

    def snapshot(self):
        with self.lock:
            return {
                "requests": self.requests,
                "max_in_flight": self.max_in_flight,
                "max_connections": self.max_connections,
                "hits": dict(self.hits),
            }


STATS = Stats()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle on, the body would wait
    # for the client's delayed ACK (~40 ms) and every "50 ms" image take ~90 ms.
    disable_nagle_algorithm = True

    def setup(self):
        super().setup()
        with STATS.lock:
            STATS.connections += 1
            STATS.max_connections = max(STATS.max_connections, STATS.connections)

    def finish(self):
        try:
            super().finish()
        finally:
            with STATS.lock:
                STATS.connections -= 1

    def log_message(self, *args):
        pass

    def send_json(self, obj):
        body = json.dumps(obj).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/stats":
            return self.send_json(STATS.snapshot())
        if url.path == "/reset":
            with STATS.lock:
                STATS.reset()
            return self.send_json({})
        q = {k: v[-1] for k, v in parse_qs(url.query).items()}
        key = q.get("key", "")
        with STATS.lock:
            STATS.requests += 1
            STATS.in_flight += 1
            STATS.max_in_flight = max(STATS.max_in_flight, STATS.in_flight)
            STATS.hits[key] = STATS.hits.get(key, 0) + 1
            hit = STATS.hits[key]
        try:
            time.sleep(float(q.get("delay", "0")))
            status = int(q.get("status", "200"))
            if "fail" in q and hit > int(q["fail"]):
                status = 200
            size = int(q.get("bytes", "100"))
            body = (PNG_MAGIC + b"x" * max(0, size - len(PNG_MAGIC)))[:size]
            self.send_response(status)
            self.send_header("Content-Type", q.get("type", "image/png"))
            if q.get("chunked") == "1":
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for i in range(0, len(body), 4096):
                    part = body[i : i + 4096]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.write(b"0\r\n\r\n")
            else:
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            with STATS.lock:
                STATS.in_flight -= 1


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def handle_error(self, request, client_address):
        # A client that hangs up (a cancelled batch, a capped body) is expected here.
        if not isinstance(sys.exc_info()[1], (ConnectionError, BrokenPipeError)):
            super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    server = Server(("127.0.0.1", args.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.05)
    except (KeyboardInterrupt, SystemExit):
        pass


if __name__ == "__main__":
    main()
