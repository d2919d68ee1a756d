#pragma once
/// @file
/// Outcomes that cross the plugin boundary instead of exceptions, and the
/// emoji-pulse strings an Odoo admin reads.

#include <cctype>
#include <string>
#include <utility>
#include <vector>

namespace tecsync {

/// How a plugin call ended.
enum class Outcome {
  ok,       ///< done; go on
  skipped,  ///< the cycle should end without writing anything, on purpose (e.g. locked)
  failed,   ///< the cycle must end and nothing may land
};

/// Which part of the world failed: picks the pulse wording (`❌ API Error`, …).
enum class FailureArea {
  none,
  api,     ///< supplier transport: HTTP status, timeout, cut connection, login
  feed,    ///< supplier content: empty, unparseable, missing columns
  db,      ///< the target database: connection, lock timeout, SQL step
  plugin,  ///< a plugin threw or misbehaved
  config,  ///< configuration is missing or wrong
};

/// The result of every plugin entry point. Cheap to copy; never throws.
///
/// `error_class` uses the result vocabulary (`FeedTransportError.Timeout`,
/// `DbLockTimeout`, `PluginRuntimeError`, …); `detail` names the exact failure
/// point (URL and page, file and line, SKU, SQL step) in words an admin reads.
struct Status {
  Outcome outcome = Outcome::ok;
  FailureArea area = FailureArea::none;
  std::string error_class;
  std::string detail;

  static Status ok() { return {}; }
  static Status failed(FailureArea area, std::string error_class, std::string detail) {
    return {Outcome::failed, area, std::move(error_class), std::move(detail)};
  }
  static Status skipped(FailureArea area, std::string error_class, std::string detail) {
    return {Outcome::skipped, area, std::move(error_class), std::move(detail)};
  }
  bool is_ok() const { return outcome == Outcome::ok; }
  explicit operator bool() const { return is_ok(); }
};

/// Severity of a pulse; decides its emoji.
enum class PulseLevel { success, warning, error };

/// One emoji-pulse: `✅ Success`, `⚠️ No Stock`, `❌ API Error: timeout after 30 s at page 3`.
/// `text` holds the standard string without the ` · <strategy> · <UTC time>`
/// suffix, which the host (or the sink writing an Odoo field) appends.
struct Pulse {
  PulseLevel level = PulseLevel::success;
  std::string text;
};

/// The standard pulse strings. Sinks and the host build every pulse through
/// these so that an admin can filter Odoo's list view on a fixed vocabulary.
namespace pulse {
/// `text` on one line: every run of whitespace (space, TAB, CR, LF, …) becomes
/// one space, and leading/trailing whitespace is dropped. Every builder below
/// applies it, so a multi-line libpq or HTTP error never breaks a pulse line.
inline std::string one_line(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}
/// A reject/warning code as a pulse title: `IMAGE_URL_SKIPPED` → `Image Url Skipped`
/// (each `_`-separated word capitalised, the rest lower case), so sinks that
/// summarise counted codes in a pulse word them alike.
inline std::string title_of_code(const std::string& code) {
  std::string title;
  title.reserve(code.size());
  bool word_start = true;
  for (char c : code) {
    if (c == '_') {
      title.push_back(' ');
      word_start = true;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    title.push_back(static_cast<char>(word_start ? std::toupper(u) : std::tolower(u)));
    word_start = false;
  }
  return title;
}
inline Pulse success() { return {PulseLevel::success, "✅ Success"}; }
inline Pulse no_stock() { return {PulseLevel::warning, "⚠️ No Stock"}; }
inline Pulse no_price() { return {PulseLevel::warning, "⚠️ No Price"}; }
/// `⚠️ <Warning>: <detail>`, e.g. `warning("Absent Zeroing Suppressed", "coverage 25 %")`.
inline Pulse warning(const std::string& what, const std::string& detail) {
  return {PulseLevel::warning, one_line("⚠️ " + what + (detail.empty() ? "" : ": " + detail))};
}
/// The pulse of a status: `✅ Success` when ok; for a skipped cycle (nothing
/// wrong, nothing written, e.g. locked by a running cycle) the warning
/// `⚠️ Skipped: <Class>: <detail>`; for a failed one the `❌` pulse worded by its area.
inline Pulse from_status(const Status& s) {
  if (s.is_ok()) return success();
  if (s.outcome == Outcome::skipped)
    return warning("Skipped", (s.error_class.empty() ? std::string() : s.error_class + ": ") + s.detail);
  const char* head = "❌ Error: ";
  switch (s.area) {
    case FailureArea::api:
      head = "❌ API Error: ";
      break;
    case FailureArea::feed:
      head = "❌ Feed Error: ";
      break;
    case FailureArea::db:
      head = "❌ DB Error: ";
      break;
    case FailureArea::plugin:
      head = "❌ Plugin Error: ";
      break;
    case FailureArea::config:
      head = "❌ Config Error: ";
      break;
    case FailureArea::none:
      break;
  }
  std::string text = head;
  if (!s.error_class.empty()) text += s.error_class + ": ";
  text += s.detail;
  return {PulseLevel::error, one_line(text)};
}
/// The heading of a pulse: `Stock Text` for `⚠️ Stock Text: 3 row(s)`.
inline std::string title(const Pulse& p) {
  std::string t = p.text;
  if (auto sp = t.find(' '); sp != std::string::npos && sp < 8) t.erase(0, sp + 1);  // the emoji
  if (auto colon = t.find(':'); colon != std::string::npos) t.erase(colon);
  return t;
}
/// One pulse for a cycle's warnings, in the order raised: `✅ Success` when
/// there are none, else the first in full, followed by `; also: <Title>, <Title>`
/// for the others (e.g. `⚠️ Unknown SKU: 3 SKU(s) …; also: No Price, Stock Text`).
inline Pulse combine(const std::vector<Pulse>& warnings) {
  if (warnings.empty()) return success();
  Pulse out = warnings.front();
  out.level = PulseLevel::warning;
  for (std::size_t i = 1; i < warnings.size(); ++i) out.text += (i == 1 ? "; also: " : ", ") + title(warnings[i]);
  out.text = one_line(out.text);
  return out;
}
}  // namespace pulse

}  // namespace tecsync
