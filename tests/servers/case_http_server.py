#!/usr/bin/env python3
"""A loopback HTTP server that serves one case file the way a case's http*.json says.

The shared cases (../shared/cases/NNN-*/http*.json) describe in prose how a body
must arrive: cut short, close-delimited, chunked without its last chunk, stalled,
never answered, or slow but steady. This server makes each of those explicit
parameters, so a test states exactly what it serves (stdlib only).

  case_http_server.py --spec SPEC.json [--port 0] [--log FILE]

SPEC.json (every key optional except body_file for modes that send a body):
  status        HTTP status code (default 200)
  headers       {"Name": "value", ...} sent as given, in this order. Mode "full"
                adds Content-Length (the body's size) when not given.
  body_file     path of the exact bytes to serve
  mode          full            status, headers, the whole body (keep-alive)
                cut             status, headers, the first send_bytes bytes, close
                close_delimited status, headers (no length, no chunking), the
                                first send_bytes bytes (default all), close
                chunked_cut     Transfer-Encoding: chunked; the first send_bytes
                                bytes (default all) in chunks of chunk_bytes, then
                                close WITHOUT the terminating 0-length chunk
                stall           status, headers, the first send_bytes bytes, then
                                nothing for hold_seconds with the socket open
                no_answer       read the request, send nothing for hold_seconds
                paced           status, headers, then pace_bytes every
                                pace_seconds until the body is sent
  send_bytes    body bytes to send in cut / close_delimited / chunked_cut / stall
  chunk_bytes   chunk size for chunked_cut (default 64)
  hold_seconds  how long stall / no_answer keep the socket open (default 600)
  pace_bytes, pace_seconds   for paced (default 20 bytes every 1 s)
  api           null, or {"user": U, "password": P, "cotiza": "1.00"}: act as a
                minimal Air API v2 instead of a file server:
                  GET  ...?q=login&user=U&pass=P -> {"token": "...", "cotiza": ...}
                  POST ...?q=<any>&page=0        -> the body, served by `mode`
                  POST ...?q=<any>&page=N (N>0)  -> [] (the end of the catalog)
                Without `api` every request gets the body served by `mode`.

Every attempt behaves the same way (the cases say so). The first stdout line is
`PORT <n>` (flushed); the server runs until SIGTERM/SIGINT. With --log, one JSON
line per request (method, path, query, mode, bytes sent) is appended to FILE.
"""

import argparse
import json
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

REASONS = {200: "OK", 401: "Unauthorized", 404: "Not Found", 500: "Internal Server Error", 503: "Service Unavailable"}


class Spec:
    def __init__(self, raw):
        self.status = raw.get("status") or 200
        self.headers = list((raw.get("headers") or {}).items())
        self.body = b""
        if raw.get("body_file"):
            with open(raw["body_file"], "rb") as f:
                self.body = f.read()
        self.mode = raw.get("mode", "full")
        if self.mode not in ("full", "cut", "close_delimited", "chunked_cut", "stall", "no_answer", "paced"):
            raise SystemExit("unknown mode " + self.mode)
        send = raw.get("send_bytes")
        self.send_bytes = len(self.body) if send is None else min(int(send), len(self.body))
        self.chunk_bytes = int(raw.get("chunk_bytes") or 64)
        self.hold_seconds = float(raw.get("hold_seconds", 600))
        self.pace_bytes = int(raw.get("pace_bytes") or 20)
        self.pace_seconds = float(raw.get("pace_seconds", 1))
        self.api = raw.get("api")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "case-http/1"

    def log_message(self, fmt, *args):  # quiet: the test reads --log instead
        pass

    def _log(self, extra):
        path = self.server.log_path
        if not path:
            return
        parts = urlsplit(self.path)
        line = {"method": self.command, "path": parts.path, "query": parse_qs(parts.query)}
        line.update(extra)
        with self.server.log_lock, open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")

    def _raw(self, data):
        try:
            self.wfile.write(data)
            self.wfile.flush()
            return True
        except OSError:
            return False

    def _head(self, status, headers):
        out = "HTTP/1.1 %d %s\r\n" % (status, REASONS.get(status, "Status"))
        for name, value in headers:
            out += "%s: %s\r\n" % (name, value)
        return self._raw(out.encode("latin-1") + b"\r\n")

    def _hold(self, seconds):
        # Keep the socket open, sending nothing; stop early if the client goes away.
        end = time.monotonic() + seconds
        self.connection.settimeout(0.2)
        while time.monotonic() < end:
            try:
                if self.connection.recv(1) == b"":
                    return
            except socket.timeout:
                continue
            except OSError:
                return

    def _small(self, status, body):
        data = json.dumps(body).encode("utf-8")
        self._head(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        self._raw(data)
        self._log({"status": status, "sent": len(data)})

    def _serve_spec(self):
        s = self.server.spec
        body = s.body
        if s.mode == "no_answer":
            self._log({"mode": s.mode, "sent": 0})
            self.close_connection = True
            self._hold(s.hold_seconds)
            return
        if s.mode == "full":
            headers = list(s.headers)
            if not any(n.lower() == "content-length" for n, _ in headers):
                headers.append(("Content-Length", str(len(body))))
            self._head(s.status, headers)
            self._raw(body)
            self._log({"mode": s.mode, "sent": len(body)})
            return
        self.close_connection = True
        if s.mode == "chunked_cut":
            headers = list(s.headers)
            if not any(n.lower() == "transfer-encoding" for n, _ in headers):
                headers.append(("Transfer-Encoding", "chunked"))
            self._head(s.status, headers)
            part = body[: s.send_bytes]
            for i in range(0, len(part), s.chunk_bytes):
                piece = part[i : i + s.chunk_bytes]
                if not self._raw(b"%x\r\n" % len(piece) + piece + b"\r\n"):
                    break
            self._log({"mode": s.mode, "sent": len(part)})
            return  # closed without the terminating 0-length chunk
        self._head(s.status, s.headers)
        if s.mode in ("cut", "close_delimited"):
            self._raw(body[: s.send_bytes])
            self._log({"mode": s.mode, "sent": s.send_bytes})
            return
        if s.mode == "stall":
            self._raw(body[: s.send_bytes])
            self._log({"mode": s.mode, "sent": s.send_bytes})
            self._hold(s.hold_seconds)
            return
        if s.mode == "paced":
            sent = 0
            while sent < len(body):
                if not self._raw(body[sent : sent + s.pace_bytes]):
                    break
                sent = min(len(body), sent + s.pace_bytes)
                if sent < len(body):
                    time.sleep(s.pace_seconds)
            self._log({"mode": s.mode, "sent": sent})
            return

    def _api(self):
        api = self.server.spec.api
        q = parse_qs(urlsplit(self.path).query)
        if q.get("q") == ["login"]:
            if q.get("user") != [api.get("user", "reseller")] or q.get("pass") != [api.get("password", "s3cret")]:
                self._small(401, {"error_id": 401, "error_name": "Unauthorized", "error_detail": "bad login"})
                return
            self._small(200, {"token": "case-token", "cotiza": api.get("cotiza", "1.00")})
            return
        if self.headers.get("Authorization") != "Bearer case-token":
            self._small(401, {"error_id": 401, "error_name": "Unauthorized", "error_detail": "no token"})
            return
        page = q.get("page", ["0"])[0]
        if page != "0":
            self._small(200, [])
            return
        self._serve_spec()

    def _dispatch(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.server.spec.api is not None:
            self._api()
        else:
            self._serve_spec()

    do_GET = _dispatch
    do_POST = _dispatch


class Server(ThreadingHTTPServer):
    daemon_threads = True  # a held socket never keeps the process alive at SIGTERM
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spec", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log")
    args = parser.parse_args()
    with open(args.spec, encoding="utf-8") as f:
        spec = Spec(json.load(f))

    server = Server((args.host, args.port), Handler)
    server.spec = spec
    server.log_path = args.log
    server.log_lock = threading.Lock()

    def stop(_sig, _frame):
        sys.stdout.flush()
        # shutdown() waits for serve_forever, so it must run on another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.1)
    server.server_close()


if __name__ == "__main__":
    main()
