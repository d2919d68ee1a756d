#include "observability/metrics.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tecsync::obs {

namespace fs = std::filesystem;

namespace {

// Label values: backslash, double quote and line feed are escaped (exposition format).
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out.push_back(c);
  }
  return out;
}

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

bool succeeded(const std::string& status) { return status == "OK" || status == "OK_WITH_WARNINGS"; }

std::int64_t count_of(const RunResult& r, const char* name) {
  for (const auto& [n, v] : r.counts)
    if (n == name) return v;
  return 0;
}

double unix_seconds(std::chrono::system_clock::time_point t) {
  return static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count()) /
         1000.0;
}

}  // namespace

CycleMetrics metrics_of(const std::string& pipeline, const RunResult& r,
                        std::chrono::system_clock::time_point finished_at) {
  CycleMetrics m;
  m.pipeline = pipeline;
  m.status = r.status;
  m.duration_s = r.seconds;
  m.rows_read = count_of(r, "rows_read");
  m.rows_written = r.rows_written;
  m.rows_rejected = count_of(r, "rejects");
  m.finished_at = finished_at;
  return m;
}

std::string format_metrics(const CycleMetrics& m) {
  const std::string p = "{pipeline=\"" + label(m.pipeline) + "\"}";
  std::ostringstream o;
  auto family = [&](const char* name, const char* help, const std::string& labels, const std::string& value) {
    o << "# HELP " << name << " " << help << "\n# TYPE " << name << " gauge\n"
      << name << labels << " " << value << "\n";
  };
  family("tecsync_cycle_duration_seconds", "Wall time of the pipeline's last cycle.", p, number(m.duration_s));
  family("tecsync_cycle_rows_read", "Rows the source read in the last cycle (offers, rejects, dropped repeats).", p,
         std::to_string(m.rows_read));
  family("tecsync_cycle_rows_changed", "Rows the last cycle changed in the target (same as rows_written).", p,
         std::to_string(m.rows_written));
  family("tecsync_cycle_rows_written", "Rows the last cycle wrote to the target (0 when nothing changed).", p,
         std::to_string(m.rows_written));
  family("tecsync_cycle_rows_rejected", "Rows rejected in the last cycle.", p, std::to_string(m.rows_rejected));
  family("tecsync_cycle_status",
         "Always 1; label status is the last cycle's status (OK, OK_WITH_WARNINGS, SKIPPED:<Class>, FAILED:<Class>).",
         "{pipeline=\"" + label(m.pipeline) + "\",status=\"" + label(m.status) + "\"}", "1");
  family("tecsync_last_cycle_timestamp_seconds", "Unix time the last cycle ended.", p,
         number(unix_seconds(m.finished_at)));
  if (m.last_success_s)
    family("tecsync_last_success_timestamp_seconds", "Unix time the last OK or OK_WITH_WARNINGS cycle ended.", p,
           number(*m.last_success_s));
  return o.str();
}

fs::path metrics_file(const fs::path& dir, const std::string& pipeline) {
  std::string safe;
  for (char c : pipeline) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    safe.push_back(ok ? c : '_');
  }
  return dir / ("tecsync_" + safe + ".prom");
}

std::optional<double> read_last_success(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  const std::string name = "tecsync_last_success_timestamp_seconds";
  while (std::getline(in, line)) {
    if (line.rfind(name, 0) != 0) continue;
    const char next = line.size() > name.size() ? line[name.size()] : '\0';
    if (next != '{' && next != ' ') continue;  // another family with this prefix
    const std::size_t sp = line.find_last_of(' ');
    if (sp == std::string::npos) continue;
    try {
      std::size_t used = 0;
      double v = std::stod(line.substr(sp + 1), &used);
      if (used == line.size() - sp - 1) return v;
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

void write_metrics(const fs::path& dir, CycleMetrics m) {
  const fs::path target = metrics_file(dir, m.pipeline);
  if (succeeded(m.status)) {
    m.last_success_s = unix_seconds(m.finished_at);
  } else {
    std::ifstream prev(target);
    if (prev) {
      std::ostringstream text;
      text << prev.rdbuf();
      m.last_success_s = read_last_success(text.str());
    }
  }
  const std::string body = format_metrics(m);
  // Hidden and not `*.prom`: the collector skips it until the rename.
  std::string tmpl = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0)
    throw std::runtime_error("metrics: cannot create a file in " + dir.string() + ": " + std::strerror(errno));
  bool ok = ::fchmod(fd, 0644) == 0;
  std::size_t done = 0;
  while (ok && done < body.size()) {
    const ssize_t n = ::write(fd, body.data() + done, body.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  const int saved = errno;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmpl.c_str(), target.c_str()) != 0) {
    const int e = ok ? errno : saved;
    ::unlink(tmpl.c_str());
    throw std::runtime_error("metrics: cannot write " + target.string() + ": " + std::strerror(e));
  }
}

}  // namespace tecsync::obs
