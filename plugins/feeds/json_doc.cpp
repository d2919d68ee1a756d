#include "json_doc.hpp"

#include "tecsync/text/trim.hpp"

namespace tecsync::feeds {
namespace {

// The DOM builder of nlohmann, except that a number with a fraction or an
// exponent becomes a binary value holding its exact text.
class ExactSax {
 public:
  explicit ExactSax(json& root) : dom_(root, false) {}
  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(json::number_float_t, const json::string_t& s) {
    json::binary_t raw(std::vector<std::uint8_t>(s.begin(), s.end()));
    return dom_.binary(raw);
  }
  bool string(json::string_t& v) { return dom_.string(v); }
  bool binary(json::binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) { return dom_.start_object(n); }
  bool key(json::string_t& k) { return dom_.key(k); }
  bool end_object() { return dom_.end_object(); }
  bool start_array(std::size_t n) { return dom_.start_array(n); }
  bool end_array() { return dom_.end_array(); }
  bool parse_error(std::size_t pos, const std::string& token, const nlohmann::detail::exception& ex) {
    error_ = "invalid JSON at byte " + std::to_string(pos > 0 ? pos - 1 : 0) + " (near '" + token.substr(0, 20) +
             "'): " + ex.what();
    return false;
  }
  const std::string& error() const { return error_; }

 private:
  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::string error_;
};

std::string unescape(std::string_view t) {
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '~' && i + 1 < t.size() && (t[i + 1] == '0' || t[i + 1] == '1')) {
      out.push_back(t[i + 1] == '0' ? '~' : '/');
      ++i;
    } else {
      out.push_back(t[i]);
    }
  }
  return out;
}

const json* step_into(const json& v, const std::string& token) {
  if (v.is_object()) {
    auto it = v.find(token);
    return it == v.end() ? nullptr : &*it;
  }
  if (v.is_array() && !token.empty() && token.find_first_not_of("0123456789") == std::string::npos &&
      token.size() < 10) {
    std::size_t i = std::stoul(token);
    return i < v.size() ? &v[i] : nullptr;
  }
  return nullptr;
}

}  // namespace

std::optional<JsonPath> parse_path(std::string_view text, std::string& error) {
  JsonPath p;
  p.text = std::string(text);
  text = tecsync::text::trim(text);
  if (text.empty()) return p;
  if (text.front() != '/') {
    error = "a JSON path starts with '/' (e.g. /data/items), not '" + std::string(text) + "'";
    return std::nullopt;
  }
  std::size_t i = 1;
  while (true) {
    std::size_t end = i;
    while (end < text.size() && text[end] != '/' && text[end] != '[') ++end;
    JsonPath::Step step{unescape(text.substr(i, end - i)), std::nullopt};
    if (end < text.size() && text[end] == '[') {
      std::size_t close = text.find(']', end);
      std::size_t eq = text.find('=', end);
      if (close == std::string_view::npos || eq == std::string_view::npos || eq > close || eq == end + 1) {
        error = "filter in '" + std::string(text) + "' must be [key=value]";
        return std::nullopt;
      }
      step.filter.emplace(std::string(tecsync::text::trim(text.substr(end + 1, eq - end - 1))),
                          std::string(tecsync::text::trim(text.substr(eq + 1, close - eq - 1))));
      end = close + 1;
      if (end < text.size() && text[end] != '/') {
        error = "'" + std::string(text) + "': a filter ends its segment";
        return std::nullopt;
      }
    }
    p.steps.push_back(std::move(step));
    if (end >= text.size()) break;
    i = end + 1;
  }
  return p;
}

const json* find(const json& doc, const JsonPath& path) {
  const json* v = &doc;
  for (const auto& step : path.steps) {
    if (!step.token.empty() || !step.filter) {
      v = step_into(*v, step.token);
      if (!v) return nullptr;
    }
    if (step.filter) {
      if (!v->is_array()) return nullptr;
      const json* hit = nullptr;
      for (const auto& el : *v) {
        if (!el.is_object()) continue;
        auto it = el.find(step.filter->first);
        if (it == el.end()) continue;
        auto c = to_cell(*it);
        if (c && tecsync::text::trim(c->text) == step.filter->second) {
          hit = &el;
          break;
        }
      }
      if (!hit) return nullptr;
      v = hit;
    }
  }
  return v;
}

std::optional<Cell> to_cell(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return Cell{};
    case json::value_t::string:
      return Cell{v.get<std::string>()};
    case json::value_t::boolean:
      return Cell{v.get<bool>() ? "true" : "false"};
    case json::value_t::number_integer:
      return Cell{std::to_string(v.get<json::number_integer_t>()), true, false};
    case json::value_t::number_unsigned:
      return Cell{std::to_string(v.get<json::number_unsigned_t>()), true, false};
    case json::value_t::binary: {
      const auto& raw = v.get_binary();
      return Cell{std::string(raw.begin(), raw.end()), true, true};
    }
    default:
      return std::nullopt;
  }
}

std::optional<json> parse_page(std::string_view text, std::string& error) {
  json root;
  ExactSax sax(root);
  if (!json::sax_parse(text, &sax, json::input_format_t::json, true)) {
    error = sax.error().empty() ? "invalid JSON" : sax.error();
    return std::nullopt;
  }
  return root;
}

}  // namespace tecsync::feeds
