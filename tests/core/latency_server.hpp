#pragma once
// Starts tests/servers/latency_http_server.py as a child process on a free
// loopback port, for the batch-fetch tests and the image benchmark. The child
// is stopped (SIGTERM, then waited for) when the object goes away.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "tecsync/host.hpp"

extern char** environ;

namespace tecsync::test {

class LatencyServer {
 public:
  explicit LatencyServer(const std::filesystem::path& script) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::string py = "python3", path = script.string();
    char* argv[] = {py.data(), path.data(), nullptr};
    int rc = posix_spawnp(&pid_, "python3", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
      ::close(fds[0]);
      throw std::runtime_error("cannot start python3 " + path);
    }
    // The first line is `PORT <n>`.
    std::string line;
    char c;
    while (::read(fds[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(fds[0]);
    if (std::sscanf(line.c_str(), "PORT %d", &port_) != 1) {
      stop();
      throw std::runtime_error(path + " did not print its port (got '" + line + "')");
    }
  }
  ~LatencyServer() { stop(); }
  LatencyServer(const LatencyServer&) = delete;
  LatencyServer& operator=(const LatencyServer&) = delete;

  int port() const { return port_; }
  /// `http://127.0.0.1:<port><path_and_query>`.
  std::string url(const std::string& path_and_query) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path_and_query;
  }
  /// The server's counters (`/stats`): requests, max_in_flight, max_connections, hits{key}.
  nlohmann::json stats(HttpClient& http) const { return get_json(http, "/stats"); }
  void reset(HttpClient& http) const { (void)get_json(http, "/reset"); }

 private:
  nlohmann::json get_json(HttpClient& http, const std::string& path) const {
    HttpRequest req;
    req.url = url(path);
    std::string body;
    HttpResponse head;
    Status s = http.fetch_small(req, body, head);
    if (!s.is_ok()) throw std::runtime_error("latency server " + path + ": " + s.detail);
    return nlohmann::json::parse(body);
  }
  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
  }
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace tecsync::test
