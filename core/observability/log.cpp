#include "observability/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>

namespace tecsync::obs {

namespace {

spdlog::level::level_enum to_spd(LogLevel l) {
  switch (l) {
    case LogLevel::debug:
      return spdlog::level::debug;
    case LogLevel::info:
      return spdlog::level::info;
    case LogLevel::warn:
      return spdlog::level::warn;
    case LogLevel::error:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

// `%*` → `<N>`: the sd-daemon priority prefix journald understands.
class SyslogPriorityFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const char* p = "<6>";
    switch (msg.level) {
      case spdlog::level::trace:
      case spdlog::level::debug:
        p = "<7>";
        break;
      case spdlog::level::warn:
        p = "<4>";
        break;
      case spdlog::level::err:
        p = "<3>";
        break;
      case spdlog::level::critical:
        p = "<2>";
        break;
      default:
        break;
    }
    dest.append(p, p + 3);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<SyslogPriorityFlag>(); }
};

}  // namespace

bool under_journald() {
  // systemd sets JOURNAL_STREAM (device:inode) for a unit whose stderr is the journal.
  const char* js = std::getenv("JOURNAL_STREAM");
  return js && *js;
}

std::optional<LogLevel> parse_level(std::string_view text) {
  std::string t(text);
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (t == "debug" || t == "trace") return LogLevel::debug;
  if (t == "info") return LogLevel::info;
  if (t == "warn" || t == "warning") return LogLevel::warn;
  if (t == "error" || t == "err") return LogLevel::error;
  return std::nullopt;
}

std::shared_ptr<spdlog::logger> stderr_logger(LogLevel level) {
  static std::once_flag once;
  static std::shared_ptr<spdlog::logger> logger;
  std::call_once(once, [] {
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(spdlog::color_mode::automatic);
    logger = std::make_shared<spdlog::logger>("tecsync", sink);
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    if (isatty(STDERR_FILENO)) {
      formatter->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
    } else if (under_journald()) {
      // journald reads the `<N>` prefix as the line's priority and drops it.
      formatter->add_flag<SyslogPriorityFlag>('*').set_pattern("%*%l %v");
    } else {
      formatter->set_pattern("%l %v");  // a pipe or file: plain `warning [source.air] …`
    }
    logger->set_formatter(std::move(formatter));
    logger->flush_on(spdlog::level::warn);
  });
  logger->set_level(to_spd(level));
  return logger;
}

SpdLogger::SpdLogger(std::shared_ptr<spdlog::logger> sink, std::string prefix)
    : sink_(std::move(sink)), prefix_(std::move(prefix)) {}

void SpdLogger::log(LogLevel level, std::string_view message) noexcept {
  try {
    if (prefix_.empty())
      sink_->log(to_spd(level), "{}", message);
    else
      sink_->log(to_spd(level), "[{}] {}", prefix_, message);
  } catch (...) {
    // Logging must never take the host down.
  }
}

}  // namespace tecsync::obs
