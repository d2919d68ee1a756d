#pragma once
/// @file
/// Matching column headers the way people write them: `DESCRIPCIÓN`,
/// `Descripcion ` and `descripción` are one column (cases/README rule 5).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tecsync/text/encoding.hpp"
#include "tecsync/text/trim.hpp"

namespace tecsync::text {

/// The folded form of a Latin-1-supplement letter (U+00C0..U+00FF) or 0 when
/// it has none: `Ó`/`ó` → `o`, `Ñ` → `n`, `Ç` → `c`, `ß` → `ss` is not done.
inline char fold_latin1_letter(char32_t cp) noexcept {
  static constexpr char kFold[64 + 1] =
      "aaaaaaaceeeeiiiidnooooo\0ouuuuyts"   // U+00C0..U+00DF
      "aaaaaaaceeeeiiiidnooooo\0ouuuuyty";  // U+00E0..U+00FF
  if (cp < 0xC0 || cp > 0xFF) return 0;
  return kFold[cp - 0xC0];
}

/// A header's key for comparison: trimmed (space, TAB, NBSP), inner runs of
/// spaces collapsed to one, ASCII case folded and Latin accents removed.
/// Input is UTF-8; characters outside ASCII and Latin-1 letters are kept.
/// `fold_header("  DESCRIPCIÓN ") == "descripcion"`, `fold_header("BS  AS") == "bs as"`.
inline std::string fold_header(std::string_view raw) {
  std::string_view s = trim(raw);
  std::string out;
  out.reserve(s.size());
  bool space = false;
  while (!s.empty()) {
    auto b = static_cast<unsigned char>(s[0]);
    if (b < 0x80) {
      s.remove_prefix(1);
      if (b == ' ' || b == '\t') {
        space = true;
        continue;
      }
      if (space) out.push_back(' ');
      space = false;
      out.push_back(static_cast<char>(b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b));
      continue;
    }
    int n = utf8_sequence_length(s);
    if (n <= 0) n = 1;                                                      // not UTF-8: keep the byte
    if (n == 2 && b == 0xC2 && static_cast<unsigned char>(s[1]) == 0xA0) {  // NBSP inside
      space = true;
      s.remove_prefix(2);
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    char folded = 0;
    if (n == 2) {
      char32_t cp = ((b & 0x1F) << 6) | (static_cast<unsigned char>(s[1]) & 0x3F);
      folded = fold_latin1_letter(cp);
    }
    if (folded != 0)
      out.push_back(folded);
    else
      out.append(s.substr(0, static_cast<std::size_t>(n)));
    s.remove_prefix(static_cast<std::size_t>(n));
  }
  return out;
}

/// True when `raw` matches one of `aliases` after folding both.
inline bool header_matches(std::string_view raw, std::string_view alias) {
  return fold_header(raw) == fold_header(alias);
}

/// Index of the first header (in `headers` order) equal to `alias` after
/// folding, or nullopt.
inline std::optional<std::size_t> find_column(const std::vector<std::string>& headers, std::string_view alias) {
  std::string want = fold_header(alias);
  for (std::size_t i = 0; i < headers.size(); ++i)
    if (fold_header(headers[i]) == want) return i;
  return std::nullopt;
}

/// Splits a `|`-separated alias list (`"BS AS|LUG"`) into trimmed names,
/// dropping empty ones.
inline std::vector<std::string> split_aliases(std::string_view spec, char bar = '|') {
  std::vector<std::string> out;
  while (true) {
    std::size_t p = spec.find(bar);
    std::string_view part = trim(spec.substr(0, p));
    if (!part.empty()) out.emplace_back(part);
    if (p == std::string_view::npos) break;
    spec.remove_prefix(p + 1);
  }
  return out;
}

}  // namespace tecsync::text
