#pragma once
/// @file
/// JSON pages with exact numbers, and the small path grammar of json_feed.
///
/// Parsing is strict RFC 8259. A number with a fraction or exponent is kept
/// **as written** (stored as a binary value holding its text) so money never
/// goes through a binary float; integers stay integers.
///
/// Path grammar (README.md "JSON paths"): a JSON pointer (RFC 6901) whose
/// segments may end in one filter:
///   path    := "" | ("/" segment)+
///   segment := token [ "[" key "=" value "]" ]
/// `token` is an object member or an array index (`~1` = `/`, `~0` = `~`); an
/// empty token with a filter (`/[name=Rosario]`) filters the current array.
/// The filter picks the first element of an array that is an object whose
/// member `key` (a string or number, trimmed) equals `value`. Examples:
/// `/data/items`, `/pricing/net`, `/stock/0/qty`, `/warehouses[name=Rosario]/available`.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "row_rules.hpp"

namespace tecsync::feeds {

using json = nlohmann::json;

struct JsonPath {
  struct Step {
    std::string token;  ///< member name or array index; may be empty with a filter
    std::optional<std::pair<std::string, std::string>> filter;
  };
  std::vector<Step> steps;
  std::string text;  ///< as written, for messages
};

/// Parses a path; nullopt with `error` set when it breaks the grammar.
std::optional<JsonPath> parse_path(std::string_view text, std::string& error);

/// The value at `path` in `doc`, or nullptr when a step does not exist.
const json* find(const json& doc, const JsonPath& path);

/// A scalar as a row cell: strings as they are, integers in decimal, other
/// numbers as written (`number` set), booleans `true`/`false`; null → empty
/// text. nullopt for an object or array.
std::optional<Cell> to_cell(const json& value);

/// Parses a page. On failure returns nullopt and sets `error` (with byte offset).
std::optional<json> parse_page(std::string_view text, std::string& error);

}  // namespace tecsync::feeds
