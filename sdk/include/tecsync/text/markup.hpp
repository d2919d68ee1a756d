#pragma once
/// @file
/// Telling an HTML page from a feed body. Servers answer 200 with an HTML
/// login, maintenance or error page whatever `Content-Type` says, and PHP
/// back ends print notices (`<br />\n<b>Notice</b>: …`) into JSON. Neither is
/// ever a catalog, so a body that *starts* with markup is a `FeedFormatError`,
/// and markup found inside a JSON page is named in its error message.

#include <string_view>

namespace tecsync::text {

/// True when `body` (its first bytes are enough), after an optional UTF-8 BOM
/// and whitespace, starts with a markup tag: `<` followed by a letter, `!`
/// (`<!DOCTYPE`, `<!--`) or `?` (`<?xml`). No CSV header or JSON value starts so.
inline bool starts_with_markup(std::string_view body) noexcept {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  std::size_t i = body.find_first_not_of(" \t\r\n\f\v");
  if (i == std::string_view::npos || body[i] != '<' || i + 1 >= body.size()) return false;
  char c = body[i + 1];
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '!' || c == '?';
}

/// True when `s` holds an HTML tag typical of a PHP notice or page
/// (`<br`, `<b>`, `<html`, `<!DOCTYPE`, case-insensitive).
inline bool contains_markup(std::string_view s) noexcept {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  static constexpr std::string_view kTags[] = {"<br", "<b>", "<html", "<!doctype", "<body", "<p>"};
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '<') continue;
    for (auto tag : kTags) {
      if (i + tag.size() > s.size()) continue;
      bool eq = true;
      for (std::size_t k = 0; k < tag.size() && eq; ++k) eq = lower(s[i + k]) == tag[k];
      if (eq) return true;
    }
  }
  return false;
}

}  // namespace tecsync::text
