"""The run loop every loopback test server shares.

The C++ tests and scripts start a server with `--port 0`, read the first stdout
line `PORT <n>` to learn where it listens, and stop it with SIGTERM; this module
is that contract in one place.
"""

import signal
import threading


def serve(server, poll_interval=0.2):
    """Announce `PORT <n>` on stdout, serve until SIGTERM/SIGINT, then close.

    `server` is a bound socketserver/http.server instance. Returns 0 for the
    caller's exit status.
    """

    def stop(_signum, _frame):
        # shutdown() waits for serve_forever, so it must run on another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=poll_interval)
    finally:
        server.server_close()
    return 0
