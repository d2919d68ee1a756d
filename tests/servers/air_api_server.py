#!/usr/bin/env python3
"""A stand-in for Air Computers' API v2 over real HTTP on loopback (stdlib only).

Serves a catalog laid out as scripts/gen_air_catalog.py (or the shared
gen_catalog.py) writes it:

  GET  /v2/?q=login&user=U&pass=P    -> ROOT/api/login.json's cotiza plus a fresh
                                        token; wrong user/pass -> 401 + Air's
                                        error object {"error_id": 401, ...}
  POST /v2/?q=syp&page=N             -> ROOT/api/syp-NNNN.json, or [] past the end
  POST /v2/?q=articulos&page=N       -> ROOT/api/articulos-NNNN.json, or []
       both need `Authorization: Bearer <token>` (else 401) and
       `Content-Type: application/json` (else 415)
  GET|POST /v2/?q=get_meta&codiart=C -> ROOT/api/meta/C.json as it is (the deep
                                        data of gen_air_catalog.py --deep), or
                                        Air's 404 error object; needs the bearer
  GET  /_stats                       -> {"meta_requests", "meta_max_in_flight",
                                        "meta_throttled", "logins"} (for tests)
  GET  /<anything else>              -> the file under ROOT (e.g. /sheet/catalog.csv)

Options:
  --root DIR                 the catalog folder (required)
  --host H --port P          bind address; --port 0 picks a free port
  --user U --password P      the credentials the login accepts
  --expire-token-after N     after N authorized data requests, revoke every
                             token once: the next data request gets a 401 and the
                             client must log in again
  --latency-ms N             wait N ms before answering each get_meta (and
                             --page-latency-ms for data pages)
  --throttle-every N         answer every Nth get_meta with HTTP 403 and Air's
                             "Too many queries" error object (a client backs off
                             and asks again)
  --throttle-above K         answer 403 likewise while more than K get_meta
                             requests are in flight at once
  --log FILE                 append one JSON line per request (method, path,
                             query, the headers that matter, body, status), so a
                             test can assert what the client sent

The first line on stdout is `PORT <n>` (flushed), then the server runs until
SIGTERM or SIGINT.

It is also the flash benchmark's feed server (bench/bench.py), so its own cost
is kept out of the way: data pages are read from disk once and then served
from memory (re-read when the file's size or mtime changes, so a test may
rewrite the catalog between cycles), each answer leaves in one write (status,
headers and body together) on a TCP_NODELAY socket, and connections are kept
alive (HTTP/1.1).
"""

import argparse
import json
import mimetypes
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from loopback_serve import serve  # the script's own folder is on sys.path

DATA_QUERIES = ("syp", "articulos")


class AirState:
    """What the fake Air remembers between requests: tokens and counters."""

    def __init__(self, args):
        self.root = os.path.realpath(args.root)
        self.user = args.user
        self.password = args.password
        self.expire_after = args.expire_token_after
        self.log_path = args.log
        self.lock = threading.Lock()
        self.tokens = set()
        self.logins = 0
        self.authorized_requests = 0
        self.expired_once = False
        self.latency = args.latency_ms / 1000.0
        self.page_latency = args.page_latency_ms / 1000.0
        self.throttle_every = args.throttle_every
        self.throttle_above = args.throttle_above
        self.meta_requests = 0
        self.meta_in_flight = 0
        self.meta_max_in_flight = 0
        self.meta_throttled = 0
        with open(os.path.join(self.root, "api", "login.json"), encoding="utf-8") as f:
            self.login = json.load(f)
        self.files = {}  # path -> (size, mtime_ns, bytes)

    def file_bytes(self, path):
        """The bytes of `path`, from memory while the file is unchanged; None if it is absent."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        with self.lock:
            cached = self.files.get(path)
        if cached and cached[0] == st.st_size and cached[1] == st.st_mtime_ns:
            return cached[2]
        with open(path, "rb") as f:
            data = f.read()
        with self.lock:
            self.files[path] = (st.st_size, st.st_mtime_ns, data)
        return data

    def new_token(self):
        with self.lock:
            self.logins += 1
            token = f"{self.login.get('token', 'token')}-{self.logins}"
            self.tokens.add(token)
            return token

    def check_token(self, token):
        """True if the token is valid now; applies the one-time expiry."""
        with self.lock:
            if token not in self.tokens:
                return False
            if self.expire_after is not None and not self.expired_once \
                    and self.authorized_requests >= self.expire_after:
                self.expired_once = True
                self.tokens.clear()
                return False
            self.authorized_requests += 1
            return True

    def meta_enter(self):
        """Counts one get_meta; True when it must be throttled (403)."""
        with self.lock:
            self.meta_requests += 1
            self.meta_in_flight += 1
            self.meta_max_in_flight = max(self.meta_max_in_flight, self.meta_in_flight)
            throttle = (self.throttle_every and self.meta_requests % self.throttle_every == 0) or \
                (self.throttle_above is not None and self.meta_in_flight > self.throttle_above)
            if throttle:
                self.meta_throttled += 1
            return bool(throttle)

    def meta_leave(self):
        with self.lock:
            self.meta_in_flight -= 1

    def stats(self):
        with self.lock:
            return {"meta_requests": self.meta_requests, "meta_max_in_flight": self.meta_max_in_flight,
                    "meta_throttled": self.meta_throttled, "logins": self.logins}

    def log(self, entry):
        if not self.log_path:
            return
        line = json.dumps(entry, ensure_ascii=False)
        with self.lock, open(self.log_path, "a", encoding="utf-8") as f:
            f.write(line + "\n")


class Handler(BaseHTTPRequestHandler):
    server_version = "FakeAir/1.0"
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # the answer goes out whole, at once

    @property
    def state(self):
        return self.server.air_state

    def log_message(self, fmt, *args):  # keep stderr quiet; --log records requests
        pass

    def _reply(self, status, body, content_type="application/json; charset=utf-8", entry=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        # end_headers() would write the head alone and the body in a second
        # write: one write of both instead (the body of a data page is ~200 kB).
        if self.request_version == "HTTP/0.9":  # no head at all
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        else:
            self._headers_buffer.append(b"\r\n")
            if self.command != "HEAD":
                self._headers_buffer.append(body)
            self.flush_headers()
        if entry is not None:
            entry["status"] = status
            self.state.log(entry)

    def _error(self, status, name, detail, entry):
        self._reply(status, {"error_id": status, "error_name": name, "error_detail": detail},
                    entry=entry)

    def _entry(self, query, body=b""):
        return {"method": self.command, "path": urlsplit(self.path).path, "query": query,
                "authorization": self.headers.get("Authorization"),
                "content_type": self.headers.get("Content-Type"),
                "user_agent": self.headers.get("User-Agent"),
                "body": body.decode("utf-8", "replace")}

    def _is_api(self, path):
        return path.rstrip("/").endswith("/v2")

    def do_GET(self):
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        entry = self._entry(query)
        if parts.path == "/_stats":
            return self._reply(200, self.state.stats())
        if self._is_api(parts.path):
            if query.get("q") == "login":
                return self._login(query, entry)
            if query.get("q") == "get_meta":
                return self._meta(query, entry)
            if query.get("q") in DATA_QUERIES:
                return self._error(405, "Method Not Allowed", "use POST for data", entry)
            return self._error(400, "Bad Request", f"unknown q={query.get('q')}", entry)
        return self._static(parts.path, entry)

    do_HEAD = do_GET

    def do_POST(self):
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        entry = self._entry(query, body)
        if not self._is_api(parts.path):
            return self._error(404, "Not Found", parts.path, entry)
        q = query.get("q")
        if q == "login":
            return self._login(query, entry)
        if q == "get_meta":
            return self._meta(query, entry)
        if q not in DATA_QUERIES:
            return self._error(400, "Bad Request", f"unknown q={q}", entry)
        auth = self.headers.get("Authorization") or ""
        if not auth.startswith("Bearer ") or not self.state.check_token(auth[len("Bearer "):]):
            return self._error(401, "Unauthorized", "invalid or expired token", entry)
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            return self._error(415, "Unsupported Media Type", "send application/json", entry)
        try:
            page = int(query.get("page", "0"))
            if page < 0:
                raise ValueError
        except ValueError:
            return self._error(400, "Bad Request", f"bad page={query.get('page')}", entry)
        if self.state.page_latency:
            time.sleep(self.state.page_latency)
        data = self.state.file_bytes(os.path.join(self.state.root, "api", f"{q}-{page:04d}.json"))
        return self._reply(200, b"[]" if data is None else data, entry=entry)

    def _meta(self, query, entry):
        auth = self.headers.get("Authorization") or ""
        if not auth.startswith("Bearer ") or not self.state.check_token(auth[len("Bearer "):]):
            return self._error(401, "Unauthorized", "invalid or expired token", entry)
        throttled = self.state.meta_enter()
        try:
            if self.state.latency:
                time.sleep(self.state.latency)
            if throttled:
                return self._error(403, "Too many queries", "slow down", entry)
            code = query.get("codiart", "")
            meta_dir = os.path.join(self.state.root, "api", "meta")
            path = os.path.realpath(os.path.join(meta_dir, code + ".json"))
            if not code or not path.startswith(os.path.realpath(meta_dir) + os.sep) or not os.path.isfile(path):
                return self._error(404, "Not Found", f"no item {code}", entry)
            with open(path, "rb") as f:
                return self._reply(200, f.read(), entry=entry)
        finally:
            self.state.meta_leave()

    def _login(self, query, entry):
        if query.get("user") != self.state.user or query.get("pass") != self.state.password:
            return self._error(401, "Unauthorized", "wrong user or password", entry)
        answer = dict(self.state.login)
        answer["token"] = self.state.new_token()
        return self._reply(200, answer, entry=entry)

    def _static(self, url_path, entry):
        rel = unquote(url_path).lstrip("/")
        full = os.path.realpath(os.path.join(self.state.root, rel))
        if not full.startswith(self.state.root + os.sep) or not os.path.isfile(full):
            return self._error(404, "Not Found", url_path, entry)
        ctype = mimetypes.guess_type(full)[0] or "application/octet-stream"
        if full.endswith(".csv"):
            ctype = "text/csv"
        with open(full, "rb") as f:
            return self._reply(200, f.read(), content_type=ctype, entry=entry)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--user", default="reseller")
    parser.add_argument("--password", default="secret")
    parser.add_argument("--expire-token-after", type=int, default=None)
    parser.add_argument("--log", default=None)
    parser.add_argument("--latency-ms", type=float, default=0)
    parser.add_argument("--page-latency-ms", type=float, default=0)
    parser.add_argument("--throttle-every", type=int, default=0)
    parser.add_argument("--throttle-above", type=int, default=None)
    args = parser.parse_args(argv)

    ThreadingHTTPServer.request_queue_size = 128  # many get_meta at once
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.air_state = AirState(args)
    return serve(server)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
