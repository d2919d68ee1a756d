#include "sheet_parser.hpp"

#include <set>
#include <variant>

#include "json_rows.hpp"
#include "row_rules.hpp"
#include "sheet_end.hpp"
#include "tecsync/text/datetime.hpp"
#include "tecsync/text/header.hpp"
#include "tecsync/text/markup.hpp"
#include "tecsync/text/message.hpp"
#include "tecsync/text/number.hpp"
#include "tecsync/text/sku.hpp"
#include "tecsync/text/trim.hpp"

namespace tecsync::air {
namespace {

// Every column a reseller sheet is known to carry (rule 5), folded.
const std::set<std::string>& sheet_columns() {
  static const std::set<std::string> k = {"codprov", "descripcion", "part number", "marca", "rubro", "costo", "costo+",
                                          "iva",     "cba",         "s_cba",       "bs as", "lug",   "s_bue", "fecha"};
  return k;
}

// The portal export's columns besides `listaN` (fixtures/air/README.md §2), folded.
const std::set<std::string>& portal_columns() {
  static const std::set<std::string> k = {"codigo", "descripcion", "tipo",  "iva",   "ros",         "mza",
                                          "cba",    "lug",         "grupo", "rubro", "part number", "fecha"};
  return k;
}

// `lista1`, `Lista 12`: one of the portal's price-list columns.
bool is_list_column(const std::string& header) {
  std::string f = text::fold_header(header);
  if (f.rfind("lista", 0) != 0) return false;
  std::string_view rest = text::trim(std::string_view(f).substr(5));
  return !rest.empty() && rest.find_first_not_of("0123456789") == std::string_view::npos;
}

constexpr std::size_t kMaxHeldPortalBytes = 64u << 20;  // an undecided portal file held whole

}  // namespace

SheetParser::SheetParser(const AirConfig& config, const HostServices& host, std::string resource, OfferStream& out,
                         std::chrono::sys_seconds fetched_at)
    : c_(config),
      host_(host),
      resource_(std::move(resource)),
      out_(out),
      fetched_at_(fetched_at),
      csv_(config.separator),
      portal_(config.separator),
      cost_limit_(cost_limit(config, config.currency, std::nullopt)) {
  out_.facts().resource = resource_;
}

char SheetParser::decimal_mark() const {
  // JSON numbers are written with '.'; a JSON sheet's strings are read alike.
  if (body_ == Body::json && c_.decimal_mark == 0) return '.';
  return c_.decimal_mark;
}

Status SheetParser::push(std::string_view bytes) {
  if (!status_) return status_;
  decoded_.clear();
  decoder_.push(bytes, decoded_);
  feed_text(decoded_, false);
  return status_;
}

void SheetParser::feed_text(std::string_view text, bool at_end) {
  auto cb = [this](text::CsvRecord&& r) { return on_record(text::view_of(r, views_)); };
  auto view_cb = [this](const text::CsvRecordView& r) { return on_record(r); };
  std::string first;
  if (body_ == Body::unknown) {
    // Decide what the body is from its first visible characters.
    held_.append(text);
    std::size_t i = held_.find_first_not_of(" \t\r\n\f\v");
    if (i == std::string::npos || (i + 1 == held_.size() && held_[i] == '<')) {
      if (!at_end) return;
    }
    if (i != std::string::npos && text::starts_with_markup(std::string_view(held_).substr(i))) {
      status_ = Status::failed(FailureArea::feed, "FeedFormatError",
                               resource_ + " is an HTML page, not a " +
                                   (c_.form == Form::portal ? "portal CSV export" : "CSV/JSON sheet") + " (starts '" +
                                   text::controls_to_spaces(held_.substr(i, 40)) + "')");
      return;
    }
    if (i != std::string::npos && c_.form == Form::sheet && (held_[i] == '[' || held_[i] == '{'))
      body_ = Body::json;
    else
      body_ = c_.form == Form::portal ? Body::portal : Body::csv;
    if (body_ == Body::json) return;  // the whole text is parsed at the end
    first = std::move(held_);
    held_.clear();
    text = first;
  }
  switch (body_) {
    case Body::json:
      held_.append(text);
      if (held_.size() > c_.max_page_bytes)
        status_ = Status::failed(
            FailureArea::api, "FeedTransportError.TooLarge",
            resource_ + ": JSON sheet larger than max_page_bytes = " + std::to_string(c_.max_page_bytes));
      break;
    case Body::portal:
      portal_.push(text, cb);
      break;
    case Body::csv:
    case Body::unknown:
      csv_.push_views(text, view_cb);
      break;
  }
}

Status SheetParser::finish() {
  if (!status_) return status_;
  decoded_.clear();
  decoder_.finish(decoded_);
  feed_text(decoded_, true);
  if (!status_) return status_;
  if (body_ == Body::json)
    status_ = finish_json();
  else if (body_ == Body::portal)
    portal_.finish([this](text::CsvRecord&& r) { return on_record(text::view_of(r, views_)); });
  else
    csv_.finish_views([this](const text::CsvRecordView& r) { return on_record(r); });
  if (!status_) return status_;
  if (!cost_col_ && !list_cols_.empty() && !held_records_.empty()) {
    status_ = decide_price_column();
    if (!status_) return status_;
    std::vector<text::CsvRecord> held = std::move(held_records_);
    held_records_.clear();
    for (const auto& rec : held) {
      status_ = row(text::view_of(rec, views_));
      if (!status_) return status_;
    }
  }
  char sep = body_ == Body::portal ? portal_.separator() : csv_.separator();
  host_.log.info("air: " + resource_ + ": encoding=" + text::to_string(decoder_.encoding()) +
                 (decoder_.had_bom() ? " (BOM dropped)" : "") +
                 (body_ == Body::json ? std::string(", JSON rows") : ", separator='" + std::string(1, sep) + "'") +
                 (cost_col_ ? ", cost column '" + cost_name_ + "'" : std::string()));
  warn_mixed_encoding(host_, resource_, decoder_);
  if (unterminated_)
    return Status::failed(FailureArea::feed, "FeedFormatError",
                          resource_ + " ends inside a quoted field opened at line " +
                              std::to_string(unterminated_line_) + " (truncated?)");
  return require_header_and_rows(resource_, decoder_, have_header_, out_.rows());
}

Status SheetParser::finish_json() {
  auto parsed = parse_json_rows(held_);
  if (auto* e = std::get_if<JsonRowsError>(&parsed)) {
    std::size_t from = e->byte > 40 ? e->byte - 40 : 0;
    std::string near = text::controls_to_spaces(held_.substr(from, 80));
    std::string around = held_.substr(e->byte > 200 ? e->byte - 200 : 0, 400);
    if (e->what.rfind("a JSON ", 0) == 0)
      return Status::failed(FailureArea::feed, "FeedFormatError", resource_ + " is " + e->what);
    return Status::failed(FailureArea::feed, "FeedFormatError",
                          resource_ + " (" + std::to_string(decoder_.bytes_in()) +
                              " bytes) is not valid JSON at byte " + std::to_string(e->byte) + " (line " +
                              std::to_string(e->line) + ", column " + std::to_string(e->column) + "): " + e->what +
                              "; near '" + near + "'" +
                              (text::contains_markup(around) ? "; HTML inside the JSON (a PHP notice?)" : ""));
  }
  JsonRows rows = std::get<JsonRows>(std::move(parsed));
  held_.clear();
  if (rows.rows.empty())
    return Status::failed(FailureArea::feed, "FeedEmpty",
                          resource_ + " is [] (0 rows, " + std::to_string(decoder_.bytes_in()) + " bytes)");
  text::CsvRecord header;
  header.fields = rows.header;
  header.line = 0;
  Status s = resolve_header(header);
  if (!s) return s;
  for (auto& r : rows.rows) {
    if ((++records_ & 255) == 0 && host_.cancel.requested())
      return Status::skipped(FailureArea::none, "Cancelled", "cancelled at " + resource_);
    if (r.record.malformed) {
      std::string sku;
      if (sku_col_ < r.record.fields.size()) sku = text::check_sku(r.record.fields[sku_col_]).sku;
      s = out_.reject(RowIssue{Origin{resource_, r.record.line}, sku, "BAD_ROW", r.malformed_why});
    } else if (r.record.is_blank()) {
      continue;
    } else {
      sku_is_json_float_ = sku_col_ < r.float_number.size() && r.float_number[sku_col_];
      s = row(text::view_of(r.record, views_));
      sku_is_json_float_ = false;
    }
    if (!s) return s;
  }
  return Status::ok();
}

bool SheetParser::on_record(const text::CsvRecordView& rec) {
  if (!status_) return false;
  if (rec.unterminated) {
    // The body ends inside a quoted field. Opened on the last line, it is a
    // transfer cut mid-field (as a short last record is); a field that ran on
    // over line breaks to the end is a stray quote that ate the rest of the file.
    if (rec.fields.empty() || rec.fields.back().find('\n') == std::string::npos) {
      status_ = Status::failed(FailureArea::api, "FeedTransportError.Incomplete",
                               resource_ + ": record truncated at line " + std::to_string(rec.line) +
                                   " (the body ends inside a quoted field, no line end)");
      return false;
    }
    unterminated_ = true;
    unterminated_line_ = rec.line;
    return false;
  }
  if ((++records_ & 255) == 0 && host_.cancel.requested()) {
    status_ = Status::skipped(FailureArea::none, "Cancelled",
                              "cancelled at " + resource_ + " line " + std::to_string(rec.line));
    return false;
  }
  if (rec.is_blank()) return true;  // a blank line is not a row (case 015)
  if (have_header_ && !cost_col_ && !list_cols_.empty()) {
    // Portal without price_column and several listaN: hold rows to decide.
    for (const auto& f : rec.fields) held_bytes_ += f.size() + 1;
    if (held_bytes_ > kMaxHeldPortalBytes) {
      status_ = Status::failed(FailureArea::feed, "FeedSchemaError",
                               resource_ + ": too large to find the price column by content; set price_column");
      return false;
    }
    held_records_.push_back(rec.to_record());
    return true;
  }
  status_ = have_header_ ? row(rec) : resolve_header(rec.to_record());
  return status_.is_ok();
}

Status SheetParser::resolve_header(const text::CsvRecord& rec) {
  have_header_ = true;
  header_ = rec.fields;
  header_width_ = rec.fields.size();
  // A JSON-rows body of non-objects (`[1]`) has no header names at all (fuzzer finding).
  std::string first(rec.fields.empty() ? std::string_view() : text::trim(rec.fields.front()));
  if (!first.empty() && first.front() == '<')
    return Status::failed(FailureArea::feed, "FeedFormatError",
                          resource_ + " is an HTML page, not a CSV sheet (line " + std::to_string(rec.line) + ")");
  std::string found = text::join_names(rec.fields);
  const bool portal = c_.form == Form::portal;
  const char* sku_name = portal ? "Codigo" : "CODPROV";
  auto sku = text::find_column(rec.fields, sku_name);
  if (!sku && portal) sku = text::find_column(rec.fields, "CODPROV");
  if (!sku)
    return Status::failed(FailureArea::feed, "FeedSchemaError",
                          resource_ + ": no SKU column (" + sku_name + "); found " + found);
  sku_col_ = *sku;
  Status s = resolve_cost(rec, found);
  if (!s) return s;
  vat_col_ = text::find_column(rec.fields, "IVA");
  date_col_ = text::find_column(rec.fields, "FECHA");
  std::set<std::string> known = portal ? portal_columns() : sheet_columns();
  for (const auto& w : c_.warehouses) {
    std::vector<Column> cols;
    bool any = false;
    for (const auto& key : w.keys) {
      known.insert(text::fold_header(key));
      auto idx = text::find_column(rec.fields, key);
      any = any || idx.has_value();
      cols.push_back({key, idx});
    }
    if (!any)
      return Status::failed(
          FailureArea::feed, "FeedSchemaError",
          resource_ + ": no stock column for " + w.code + " (" + text::join_names(w.keys) + "); found " + found);
    std::vector<StockCell> cells;
    for (const auto& col : cols) cells.push_back({col.name, std::nullopt});
    stock_cells_.push_back(std::move(cells));
    stock_cols_.push_back(std::move(cols));
  }
  for (const auto& h : rec.fields) {
    if (known.count(text::fold_header(h)) || (portal && is_list_column(h))) continue;
    host_.log.warn("air: " + resource_ + ": UNKNOWN_COLUMN '" + h + "' ignored");
    host_.pulses.emit(pulse::warning("UNKNOWN_COLUMN", "'" + h + "' in " + resource_ + " ignored"));
    host_.counters.add("unknown_columns", 1);
  }
  return Status::ok();
}

Status SheetParser::resolve_cost(const text::CsvRecord& rec, const std::string& found) {
  if (c_.form != Form::portal) {
    for (const char* name : {"COSTO+", "COSTO"}) {
      if (auto col = text::find_column(rec.fields, name)) {
        cost_col_ = *col;
        cost_name_ = name;
        return Status::ok();
      }
    }
    return Status::failed(FailureArea::feed, "FeedSchemaError",
                          resource_ + ": no cost column (COSTO+ or COSTO); found " + found);
  }
  if (!c_.price_column.empty()) {
    auto col = text::find_column(rec.fields, c_.price_column);
    if (!col)
      return Status::failed(FailureArea::feed, "FeedSchemaError",
                            resource_ + ": no price column '" + c_.price_column + "' (price_column); found " + found);
    cost_col_ = *col;
    cost_name_ = rec.fields[*col];
    return Status::ok();
  }
  for (std::size_t i = 0; i < rec.fields.size(); ++i)
    if (is_list_column(rec.fields[i])) list_cols_.push_back(i);
  if (list_cols_.empty())
    return Status::failed(FailureArea::feed, "FeedSchemaError",
                          resource_ + ": no price list column (listaN); found " + found);
  if (list_cols_.size() == 1) {
    cost_col_ = list_cols_.front();
    cost_name_ = rec.fields[*cost_col_];
    list_cols_.clear();
  }
  return Status::ok();
}

Status SheetParser::decide_price_column() {
  std::vector<std::string> with_prices, all;
  for (std::size_t col : list_cols_) {
    all.push_back(header_[col]);
    for (const auto& rec : held_records_) {
      if (col >= rec.fields.size()) continue;
      auto n = text::parse_number(text::trim(rec.fields[col]), text::NumberKind::money, c_.decimal_mark);
      if (n.ok() && n.value.units() != 0) {
        with_prices.push_back(header_[col]);
        cost_col_ = col;
        break;
      }
    }
  }
  if (with_prices.size() != 1) {
    cost_col_.reset();
    return Status::failed(
        FailureArea::feed, "FeedSchemaError",
        resource_ + ": " +
            (with_prices.empty() ? "no price list column (" + text::join_names(all) + ") holds a price"
                                 : "several price list columns hold prices (" + text::join_names(with_prices) + ")") +
            "; set price_column to this account's list");
  }
  cost_name_ = with_prices.front();
  list_cols_.clear();
  host_.log.info("air: " + resource_ + ": price column '" + cost_name_ + "' (the only list with prices among " +
                 text::join_names(all) + ")");
  return Status::ok();
}

Status SheetParser::row(const text::CsvRecordView& rec) {
  // The offer's origin is built once and shared by its rejects and warnings.
  Offer offer;
  offer.origin = Origin{resource_, rec.line};
  std::string_view raw_sku = rec.fields.empty() || sku_col_ >= rec.fields.size() ? "" : rec.fields[sku_col_];
  text::SkuResult sku = text::check_sku(raw_sku);
  auto reject = [&](std::string code, std::string detail) {
    return out_.reject(RowIssue{offer.origin, sku.sku, std::move(code), std::move(detail)});
  };
  if (rec.no_line_end && (rec.fields.size() < header_width_ || (body_ == Body::portal && rec.malformed)))
    // A close-delimited transfer cut mid-row looks like success to HTTP; a
    // short final record without its line end is that cut (case 013 b).
    return Status::failed(FailureArea::api, "FeedTransportError.Incomplete",
                          resource_ + ": record truncated at line " + std::to_string(rec.line) + " (" +
                              std::to_string(rec.fields.size()) + " of " + std::to_string(header_width_) + " fields" +
                              (rec.malformed ? ", the last quote not closed" : "") + ", no line end)");
  if (rec.fields.size() != header_width_)
    return reject("BAD_ROW",
                  std::to_string(rec.fields.size()) + " fields, the header has " + std::to_string(header_width_));
  if (rec.malformed)
    return reject("BAD_ROW", c_.form == Form::portal ? "a quoted field does not close on its line"
                                                     : "stray quote: field quoting is broken");
  if (sku.code == text::SkuCode::blank) return reject("BLANK_SKU", "SKU is blank");
  if (sku_is_json_float_) return reject("MANGLED_SKU", "SKU is the JSON number " + sku.sku + "; digits may be lost");
  if (sku.code == text::SkuCode::mangled)
    return reject("MANGLED_SKU", "SKU '" + sku.sku + "' is in spreadsheet number form; digits cannot be recovered");

  offer.sku = std::move(sku.sku);
  offer.currency = c_.currency;
  offer.observed_at = fetched_at_;
  if (date_col_) {
    const std::string_view cell = rec.fields[*date_col_];
    if (auto t = parse_date(cell)) {
      offer.observed_at = *t;
      if (!out_.facts().list_time) out_.facts().list_time = *t;  // one time stamp for the list
    } else if (!text::trim(cell).empty()) {
      warn(offer, "BAD_DATE", "FECHA '" + std::string(cell) + "' is not dd/mm/yyyy HH:MM; fetch time used");
    }
  }
  auto reject_offer = [&](std::string code, std::string detail) {
    return out_.reject(RowIssue{offer.origin, offer.sku, std::move(code), std::move(detail)});
  };
  if (auto p = set_cost(offer, rec.fields[*cost_col_], cost_limit_, decimal_mark()))
    return reject_offer(p->code, cost_name_ + ": " + p->detail);
  if (vat_col_)
    if (auto p = set_vat(offer, rec.fields[*vat_col_], c_, decimal_mark())) return reject_offer(p->code, p->detail);
  offer.stock.reserve(c_.warehouses.size());
  for (std::size_t w = 0; w < c_.warehouses.size(); ++w) {
    // The cells are reused row after row: their strings keep their capacity.
    std::vector<StockCell>& cells = stock_cells_[w];
    for (std::size_t k = 0; k < cells.size(); ++k) {
      const auto& idx = stock_cols_[w][k].index;
      if (!idx)
        cells[k].text.reset();
      else if (cells[k].text)
        cells[k].text->assign(rec.fields[*idx]);
      else
        cells[k].text.emplace(rec.fields[*idx]);
    }
    if (auto p = set_stock(offer, c_.warehouses[w], cells, c_)) return reject_offer(p->code, p->detail);
  }
  return out_.add(std::move(offer));
}

std::optional<std::chrono::sys_seconds> SheetParser::parse_date(std::string_view cell) {
  // A sheet stamps every row with the same FECHA: parse each distinct text once.
  if (!have_last_date_ || cell != last_date_cell_) {
    last_date_cell_.assign(cell);
    last_date_ = text::parse_day_first(cell, c_.utc_offset);
    have_last_date_ = true;
  }
  return last_date_;
}

}  // namespace tecsync::air
