#include "support/case_server.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace tecsync::cases {
namespace {

const char* mode_name(ServeMode m) {
  switch (m) {
    case ServeMode::full:
      return "full";
    case ServeMode::cut:
      return "cut";
    case ServeMode::close_delimited:
      return "close_delimited";
    case ServeMode::chunked_cut:
      return "chunked_cut";
    case ServeMode::stall:
      return "stall";
    case ServeMode::no_answer:
      return "no_answer";
    case ServeMode::paced:
      return "paced";
  }
  return "full";
}

}  // namespace

CaseServer::CaseServer(const ServeSpec& spec, const std::filesystem::path& scratch) : spec_(spec) {
  static std::atomic<int> counter{0};
  const std::string stem = "server-" + std::to_string(counter++);
  const auto spec_path = scratch / (stem + ".json");
  log_ = scratch / (stem + ".log");

  nlohmann::ordered_json j;
  j["status"] = spec.status.value_or(200);
  nlohmann::ordered_json headers = nlohmann::ordered_json::object();
  for (const auto& [k, v] : spec.headers) headers[k] = v;
  j["headers"] = headers;
  if (spec.body_file.empty())
    j["body_file"] = nullptr;
  else
    j["body_file"] = spec.body_file.string();
  j["mode"] = mode_name(spec.mode);
  if (spec.send_bytes) j["send_bytes"] = *spec.send_bytes;
  j["chunk_bytes"] = spec.chunk_bytes;
  j["hold_seconds"] = spec.hold_seconds;
  j["pace_bytes"] = spec.pace_bytes;
  j["pace_seconds"] = spec.pace_seconds;
  if (spec.api)
    j["api"] = {{"user", "reseller"}, {"password", "s3cret"}, {"cotiza", "1.00"}};
  else
    j["api"] = nullptr;
  {
    std::ofstream out(spec_path);
    out << j.dump(2) << "\n";
    if (!out) throw std::runtime_error("cannot write " + spec_path.string());
  }

  std::vector<std::string> argv = {TECSYNC_IT_PYTHON, TECSYNC_IT_REPO "/tests/servers/case_http_server.py",
                                   "--spec",          spec_path.string(),
                                   "--port",          "0",
                                   "--log",           log_.string()};
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  int rc = ::posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  stdout_fd_ = fds[0];
  if (rc != 0) {
    pid_ = -1;
    stop();
    throw std::runtime_error("cannot start case_http_server.py with " TECSYNC_IT_PYTHON);
  }
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (line.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{stdout_fd_, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[128];
    ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
    if (n <= 0) break;
    line.append(buf, static_cast<std::size_t>(n));
  }
  if (line.rfind("PORT ", 0) != 0) {
    stop();
    throw std::runtime_error("case_http_server.py did not report its port; got: " + line);
  }
  port_ = std::stoi(line.substr(5));
}

CaseServer::~CaseServer() { stop(); }

void CaseServer::stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    // A held socket's thread is a daemon, but give the interpreter a moment,
    // then make sure: a test never leaves a server behind.
    int status = 0;
    for (int i = 0; i < 50; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      ::usleep(20000);
    }
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
  }
  if (stdout_fd_ >= 0) {
    ::close(stdout_fd_);
    stdout_fd_ = -1;
  }
}

std::string CaseServer::url() const { return "http://127.0.0.1:" + std::to_string(port_) + spec_.path; }

std::vector<nlohmann::json> CaseServer::requests() const {
  std::vector<nlohmann::json> out;
  std::ifstream in(log_);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

}  // namespace tecsync::cases
