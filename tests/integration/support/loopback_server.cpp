#include "support/loopback_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <stdexcept>

extern char** environ;

namespace tecsync::it {
namespace {

size_t append(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

/// One blocking request on loopback; `body` null = GET.
HttpReply exchange(const std::string& url, const std::string* body, const std::string& content_type) {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) throw std::runtime_error("curl_easy_init failed");
  HttpReply reply;
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  if (body != nullptr) {
    headers.reset(curl_slist_append(nullptr, ("Content-Type: " + content_type).c_str()));
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
  }
  CURLcode rc = curl_easy_perform(curl.get());
  if (rc != CURLE_OK) throw std::runtime_error(url + ": " + curl_easy_strerror(rc));
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

}  // namespace

HttpReply http_get(const std::string& url) { return exchange(url, nullptr, ""); }

HttpReply http_post(const std::string& url, const std::string& body, const std::string& content_type) {
  return exchange(url, &body, content_type);
}

LoopbackServerProcess::LoopbackServerProcess(std::vector<std::string> argv, std::string what) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
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
    stdout_fd_ = -1;
    pid_ = -1;
    throw std::runtime_error("cannot start the " + what + " with " + argv[0]);
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
    throw std::runtime_error("the " + what + " did not report its port; got: " + line);
  }
  port_ = std::stoi(line.substr(5));
}

LoopbackServerProcess::~LoopbackServerProcess() { stop(); }

void LoopbackServerProcess::stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    // A server holding a socket open on purpose (a stalled transfer) may take
    // a while to exit: give it a second, then make sure — a test never leaves
    // a server behind, and never hangs on one.
    int status = 0;
    for (int i = 0; i < 50 && pid_ > 0; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_)
        pid_ = -1;
      else
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

std::string LoopbackServerProcess::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

}  // namespace tecsync::it
