#pragma once
/// @file
/// A test server (a Python script under tests/servers/) run as a child process
/// for as long as this object lives: it binds a free loopback port, announces
/// it as its first stdout line `PORT <n>`, and is stopped with SIGTERM (SIGKILL
/// after 1 s, then reaped) on destruction. AirServer and OdooRpcServer are built on it.

#include <sys/types.h>

#include <string>
#include <vector>

namespace tecsync::it {

/// One HTTP exchange with a loopback test server (status, body as received).
struct HttpReply {
  long status = 0;
  std::string body;
};

/// GET `url` (libcurl, 60 s cap). Throws std::runtime_error on a transport failure.
HttpReply http_get(const std::string& url);
/// POST `body` to `url` with that Content-Type. Throws like http_get.
HttpReply http_post(const std::string& url, const std::string& body,
                    const std::string& content_type = "application/json");

class LoopbackServerProcess {
 public:
  /// Starts `argv` (argv[0] is a path; no shell, no PATH lookup) with stdin at
  /// /dev/null, stdout to a pipe, stderr inherited, and waits up to 15 s for
  /// the `PORT <n>` line. `what` names the server in error messages. Throws
  /// std::runtime_error if it cannot start or does not report a port.
  LoopbackServerProcess(std::vector<std::string> argv, std::string what);
  ~LoopbackServerProcess();
  LoopbackServerProcess(const LoopbackServerProcess&) = delete;
  LoopbackServerProcess& operator=(const LoopbackServerProcess&) = delete;

  int port() const { return port_; }
  /// `http://127.0.0.1:<port>` + `path`.
  std::string url(const std::string& path = "") const;

 private:
  void stop();

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int port_ = 0;
};

}  // namespace tecsync::it
