#pragma once
/// @file
/// The host's log: one spdlog logger on stderr, and the SDK `Logger` over it.
///
/// stderr so that systemd/journald collects it; when stderr is not a terminal
/// there are no colours and no timestamps (journald stamps lines itself), and
/// each line starts with a syslog priority prefix (`<6>` info, `<4>` warn, …)
/// that journald reads as the message priority.

#include <spdlog/logger.h>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "tecsync/host.hpp"

namespace tecsync::obs {

/// `debug|info|warn|warning|error` (case-insensitive) → level; nullopt otherwise.
std::optional<LogLevel> parse_level(std::string_view text);

/// True when stderr goes to the systemd journal (env `JOURNAL_STREAM` set).
bool under_journald();

/// The process-wide logger named `tecsync`, created on first use (stderr).
/// Line shape, fixed at creation: on a terminal `<time> <level> <message>`;
/// under systemd `<N><level> <message>` (`<N>` = journald priority, 3 error …
/// 7 debug); otherwise (pipe, file) plain `<level> <message>`.
/// Later calls return the same logger with its level set to `level`.
std::shared_ptr<spdlog::logger> stderr_logger(LogLevel level = LogLevel::info);

/// SDK `Logger` over a spdlog logger; `prefix` (e.g. `source.air`) is put in
/// front of every message so that a plugin's lines say whose they are.
class SpdLogger final : public Logger {
 public:
  explicit SpdLogger(std::shared_ptr<spdlog::logger> sink, std::string prefix = {});
  void log(LogLevel level, std::string_view message) noexcept override;

 private:
  std::shared_ptr<spdlog::logger> sink_;
  std::string prefix_;
};

}  // namespace tecsync::obs
