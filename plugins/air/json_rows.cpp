#include "json_rows.hpp"

#include <map>
#include <nlohmann/json.hpp>

namespace tecsync::air {
namespace {

using nlohmann::json;

// SAX handler: builds rows without building a DOM, and sees each number's
// text as written (a DOM would print 1.2e11 as 120000000000.0).
class RowsSax : public nlohmann::json_sax<json> {
 public:
  JsonRows rows;
  std::string not_array;  // set when the top level is not an array
  std::size_t error_pos = 0;
  std::string error_what;

  bool null() override { return scalar(std::string(), false); }
  bool boolean(bool v) override { return scalar(v ? "true" : "false", false); }
  bool number_integer(number_integer_t v) override { return scalar(std::to_string(v), false); }
  bool number_unsigned(number_unsigned_t v) override { return scalar(std::to_string(v), false); }
  bool number_float(number_float_t, const string_t& s) override { return scalar(s, true); }
  bool string(string_t& v) override { return scalar(v, false); }
  bool binary(binary_t&) override { return scalar(std::string(), false); }

  bool start_object(std::size_t) override {
    if (depth_ == 0) return top("object");
    if (depth_ == 1) {
      rows.rows.emplace_back();
      rows.rows.back().record.line = rows.rows.size();
      cells_.clear();
    } else if (depth_ == 2) {
      nested("an object");
    }
    ++depth_;
    return true;
  }
  bool key(string_t& k) override {
    if (depth_ == 2) key_ = k;
    return true;
  }
  bool end_object() override {
    --depth_;
    if (depth_ == 1) close_row();
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 1) {
      element_not_object("an array");
    } else if (depth_ == 2) {
      nested("an array");
    }
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    error_pos = position;
    error_what = ex.what();
    return false;
  }

 private:
  struct Cell {
    std::string text;
    bool is_float = false;
  };

  bool top(const char* type) {
    not_array = std::string("a JSON ") + type + ", not an array of rows";
    return false;
  }
  bool scalar(std::string text, bool is_float) {
    if (depth_ == 0) return top(is_float || !text.empty() ? "scalar" : "null");
    if (depth_ == 1) {
      element_not_object("a scalar");
    } else if (depth_ == 2) {
      cells_[column(key_)] = Cell{std::move(text), is_float};
    }
    return true;
  }
  void element_not_object(const char* what) {
    rows.rows.emplace_back();
    JsonRow& r = rows.rows.back();
    r.record.line = rows.rows.size();
    r.record.malformed = true;
    r.malformed_why = std::string("element is ") + what + ", not an object";
    r.record.fields.assign(rows.header.size(), std::string());
    r.float_number.assign(rows.header.size(), false);
  }
  void nested(const char* what) {
    JsonRow& r = rows.rows.back();
    if (!r.record.malformed) r.malformed_why = "'" + key_ + "' holds " + what;
    r.record.malformed = true;
  }
  std::size_t column(const std::string& k) {
    auto [it, added] = index_.try_emplace(k, rows.header.size());
    if (added) rows.header.push_back(k);
    return it->second;
  }
  void close_row() {
    JsonRow& r = rows.rows.back();
    r.record.fields.assign(rows.header.size(), std::string());
    r.float_number.assign(rows.header.size(), false);
    for (auto& [col, cell] : cells_) {
      r.record.fields[col] = std::move(cell.text);
      r.float_number[col] = cell.is_float;
    }
  }

  int depth_ = 0;
  std::string key_;
  std::map<std::size_t, Cell> cells_;
  std::map<std::string, std::size_t> index_;
};

}  // namespace

std::variant<JsonRows, JsonRowsError> parse_json_rows(std::string_view text) {
  RowsSax sax;
  bool ok = json::sax_parse(text, &sax, json::input_format_t::json, true);
  if (ok) {
    // Rows read before a later key appeared are widened to the final header.
    for (auto& r : sax.rows.rows) {
      r.record.fields.resize(sax.rows.header.size());
      r.float_number.resize(sax.rows.header.size(), false);
    }
    return std::move(sax.rows);
  }
  JsonRowsError e;
  if (!sax.not_array.empty()) {
    e.what = sax.not_array;
    e.byte = text.find_first_not_of(" \t\r\n");
    if (e.byte == std::string_view::npos) e.byte = 0;
  } else {
    // nlohmann counts characters read; the offending one is the last of them.
    e.byte = sax.error_pos > 0 ? sax.error_pos - 1 : 0;
    e.what = sax.error_what;
  }
  if (e.byte > text.size()) e.byte = text.size();
  for (std::size_t i = 0; i < e.byte; ++i) {
    if (text[i] == '\n') {
      ++e.line;
      e.column = 1;
    } else {
      ++e.column;
    }
  }
  return e;
}

}  // namespace tecsync::air
