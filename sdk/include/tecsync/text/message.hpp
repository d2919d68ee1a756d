#pragma once
/// @file
/// Pieces of feed text quoted in reject details and failure messages.
///
/// Source plugins name what they found (a header, a cell, the start of an HTML
/// page) in `RowIssue::detail` and `Status` details; these helpers keep that
/// wording the same across plugins. Input and output are UTF-8 strings; the
/// functions never fail (only `std::bad_alloc` can escape).

#include <string>
#include <string_view>
#include <vector>

#include "tecsync/text/trim.hpp"

namespace tecsync::text {

/// `s` with every LF, CR and TAB replaced by one space each (no collapsing, no
/// trimming: the length stays the same), so an excerpt of a feed body fits on
/// one log or pulse line. Compare `tecsync::pulse::one_line`, which also
/// collapses runs of whitespace and trims.
inline std::string controls_to_spaces(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

/// `s` between single quotes: `abc` → `'abc'`. No escaping of inner quotes.
inline std::string quoted(std::string_view s) {
  // Built by append: GCC 12 at -O3 reports a false -Wrestrict on `"'" + std::string(s)`.
  std::string out;
  out.reserve(s.size() + 2);
  out.append(1, '\'').append(s).append(1, '\'');
  return out;
}

/// The names joined by `", "` (empty for no names); with `trim_each`, every
/// name is trimmed first (`tecsync/text/trim.hpp`), as for raw header cells.
inline std::string join_names(const std::vector<std::string>& names, bool trim_each = false) {
  std::string s;
  for (const auto& n : names) {
    if (!s.empty()) s += ", ";
    s += trim_each ? trim(n) : std::string_view(n);
  }
  return s;
}

}  // namespace tecsync::text
