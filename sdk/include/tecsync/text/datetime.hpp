#pragma once
/// @file
/// Day-first local time stamps (`18/02/2026 15:30`, Argentina) to UTC
/// (cases/README rule 8).

#include <chrono>
#include <optional>
#include <string_view>

#include "tecsync/text/trim.hpp"

namespace tecsync::text {

/// Parses `dd/mm/yyyy HH:MM` or `dd/mm/yyyy HH:MM:SS` (also `d/m/yyyy`, `-` or
/// `.` as date separator, or a date alone = midnight) as local time at
/// `utc_offset` (Argentina: −3 h, no DST) and returns the UTC instant. Invalid
/// dates (31/02) and out-of-range fields give nullopt.
inline std::optional<std::chrono::sys_seconds> parse_day_first(
    std::string_view cell, std::chrono::minutes utc_offset = std::chrono::hours(-3)) {
  std::string_view s = trim(cell);
  std::size_t i = 0;
  auto number = [&](int min_digits, int max_digits, int& out) {
    int n = 0, v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && n < max_digits) {
      v = v * 10 + (s[i] - '0');
      ++i;
      ++n;
    }
    out = v;
    return n >= min_digits;
  };
  auto expect = [&](std::string_view any) {
    if (i < s.size() && any.find(s[i]) != std::string_view::npos) {
      ++i;
      return true;
    }
    return false;
  };
  int d = 0, m = 0, y = 0, hh = 0, mm = 0, ss = 0;
  if (!number(1, 2, d) || !expect("/-.") || !number(1, 2, m) || !expect("/-.") || !number(4, 4, y)) return std::nullopt;
  if (i < s.size()) {
    if (!expect(" T")) return std::nullopt;
    while (i < s.size() && s[i] == ' ') ++i;
    if (!number(1, 2, hh) || !expect(":") || !number(2, 2, mm)) return std::nullopt;
    if (i < s.size() && (!expect(":") || !number(2, 2, ss))) return std::nullopt;
    if (i != s.size()) return std::nullopt;
  }
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  auto local =
      std::chrono::sys_days{ymd} + std::chrono::hours{hh} + std::chrono::minutes{mm} + std::chrono::seconds{ss};
  return std::chrono::time_point_cast<std::chrono::seconds>(local - utc_offset);
}

}  // namespace tecsync::text
