#pragma once
/// @file
/// Trimming feed cells: ASCII space, TAB, CR/LF and NBSP (U+00A0, UTF-8 `C2 A0`).
///
/// Supplier sheets pad cells with whatever the spreadsheet left there; NBSP is
/// common after a copy from a web page. Inner characters are never touched.
/// Input and output are UTF-8 (decode with `tecsync/text/encoding.hpp` first).

#include <string_view>

namespace tecsync::text {

/// Length of the padding character at the start of `s` (0 if none).
inline std::size_t pad_prefix_len(std::string_view s) noexcept {
  if (s.empty()) return 0;
  char c = s.front();
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
  if (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0xC2 && static_cast<unsigned char>(s[1]) == 0xA0) return 2;
  return 0;
}

/// Length of the padding character at the end of `s` (0 if none).
inline std::size_t pad_suffix_len(std::string_view s) noexcept {
  if (s.empty()) return 0;
  char c = s.back();
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
  if (s.size() >= 2 && static_cast<unsigned char>(s[s.size() - 2]) == 0xC2 &&
      static_cast<unsigned char>(s[s.size() - 1]) == 0xA0)
    return 2;
  return 0;
}

/// `s` without leading and trailing space, TAB, CR, LF and NBSP. A view into `s`.
inline std::string_view trim(std::string_view s) noexcept {
  for (std::size_t n; (n = pad_prefix_len(s)) != 0;) s.remove_prefix(n);
  for (std::size_t n; (n = pad_suffix_len(s)) != 0;) s.remove_suffix(n);
  return s;
}

}  // namespace tecsync::text
