#include "characteristics.hpp"

#include <array>

#include "tecsync/text/header.hpp"
#include "tecsync/text/trim.hpp"

namespace tecsync::air {
namespace {

// Folded label without its ordinal mark: `Nº Parte` / `N° Parte` / `No. Parte` → `n parte`.
std::string label_key(std::string_view label) {
  std::string f = text::fold_header(label);
  for (std::string_view mark : {"\xC2\xBA", "\xC2\xB0", "o.", "ro.", "ro", "o", "."}) {
    if (f.size() > 1 && f[0] == 'n' && f.compare(1, mark.size(), mark) == 0 &&
        f.compare(1 + mark.size(), 1, " ") == 0) {
      f.erase(1, mark.size());
      break;
    }
  }
  return f;
}

}  // namespace

bool is_part_number_label(std::string_view label) {
  static const std::array<std::string_view, 6> kKeys = {"n parte",         "pn",        "p/n", "part number",
                                                        "numero de parte", "n de parte"};
  std::string k = label_key(label);
  for (auto key : kKeys)
    if (k == key) return true;
  return false;
}

std::string part_number_value(std::string_view value) {
  return std::string(text::trim(value.substr(0, value.find(','))));
}

std::vector<Spec> parse_specs(std::string_view text) {
  std::vector<Spec> out;
  while (!text.empty()) {
    std::size_t end = text.find_first_of("|\r\n");
    std::string_view piece = text::trim(text.substr(0, end));
    if (!piece.empty()) {
      std::size_t colon = piece.find(':');
      if (colon == std::string_view::npos)
        out.push_back({std::string(), std::string(piece)});
      else
        out.push_back(
            {std::string(text::trim(piece.substr(0, colon))), std::string(text::trim(piece.substr(colon + 1)))});
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

std::optional<std::string> part_number(std::string_view text) {
  for (const auto& spec : parse_specs(text)) {
    if (spec.label.empty() || !is_part_number_label(spec.label)) continue;
    std::string v = part_number_value(spec.value);
    if (!v.empty()) return v;
  }
  return std::nullopt;
}

std::vector<std::string> image_urls(const std::vector<std::string>& cells) {
  std::vector<std::string> out;
  for (const auto& c : cells) {
    std::string_view t = text::trim(c);
    if (t.rfind("http", 0) == 0) out.emplace_back(t);
  }
  return out;
}

}  // namespace tecsync::air
