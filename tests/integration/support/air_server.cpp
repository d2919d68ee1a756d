#include "support/air_server.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace tecsync::it {
namespace {

const char* kServerScript = TECSYNC_IT_REPO "/tests/servers/air_api_server.py";

}  // namespace

AirServer::AirServer(AirServerOptions options) : options_(std::move(options)) {
  std::vector<std::string> argv = {
      TECSYNC_IT_PYTHON, kServerScript, "--root",     options_.root.string(), "--port", "0",
      "--user",          options_.user, "--password", options_.password};
  if (options_.expire_token_after) {
    argv.push_back("--expire-token-after");
    argv.push_back(std::to_string(*options_.expire_token_after));
  }
  if (!options_.log.empty()) {
    argv.push_back("--log");
    argv.push_back(options_.log.string());
  }

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
    ::close(stdout_fd_);
    throw std::runtime_error(std::string("cannot start the Air test server with ") + TECSYNC_IT_PYTHON);
  }

  // The first stdout line is `PORT <n>`; give a cold Python a generous while.
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
    throw std::runtime_error("the Air test server did not report its port; got: " + line);
  }
  port_ = std::stoi(line.substr(5));
}

AirServer::~AirServer() { stop(); }

void AirServer::stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  if (stdout_fd_ >= 0) {
    ::close(stdout_fd_);
    stdout_fd_ = -1;
  }
}

std::string AirServer::url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

std::vector<nlohmann::json> AirServer::requests() const {
  std::vector<nlohmann::json> out;
  std::ifstream in(options_.log);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

}  // namespace tecsync::it
