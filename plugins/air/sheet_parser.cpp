#include "sheet_parser.hpp"

#include <set>

#include "row_rules.hpp"
#include "tecsync/text/datetime.hpp"
#include "tecsync/text/header.hpp"
#include "tecsync/text/sku.hpp"
#include "tecsync/text/trim.hpp"

namespace tecsync::air {
namespace {

// Every column a reseller sheet is known to carry (rule 5), folded.
const std::set<std::string>& known_columns() {
  static const std::set<std::string> k = {"codprov", "descripcion", "part number", "marca", "rubro", "costo", "costo+",
                                          "iva",     "cba",         "s_cba",       "bs as", "lug",   "s_bue", "fecha"};
  return k;
}

std::string list_names(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

}  // namespace

SheetParser::SheetParser(const AirConfig& config, const HostServices& host, std::string resource, OfferStream& out,
                         std::chrono::sys_seconds fetched_at)
    : c_(config),
      host_(host),
      resource_(std::move(resource)),
      out_(out),
      fetched_at_(fetched_at),
      csv_(config.separator) {
  out_.facts().resource = resource_;
}

Status SheetParser::push(std::string_view bytes) {
  decoded_.clear();
  decoder_.push(bytes, decoded_);
  csv_.push(decoded_, [this](text::CsvRecord&& r) { return on_record(std::move(r)); });
  return status_;
}

Status SheetParser::finish() {
  if (!status_) return status_;
  decoded_.clear();
  decoder_.finish(decoded_);
  auto cb = [this](text::CsvRecord&& r) { return on_record(std::move(r)); };
  csv_.push(decoded_, cb);
  csv_.finish(cb);
  if (!status_) return status_;
  host_.log.info("air: " + resource_ + ": encoding=" + text::to_string(decoder_.encoding()) +
                 (decoder_.had_bom() ? " (BOM dropped)" : "") + ", separator='" + std::string(1, csv_.separator()) +
                 "'");
  if (decoder_.mixed_bytes() > 0)
    host_.pulses.emit(pulse::warning("MIXED_ENCODING", resource_ + ": " + std::to_string(decoder_.mixed_bytes()) +
                                                           " byte(s) not UTF-8, read as Windows-1252"));
  if (unterminated_)
    return Status::failed(FailureArea::feed, "FeedFormatError",
                          resource_ + " ends inside a quoted field opened at line " +
                              std::to_string(unterminated_line_) + " (truncated?)");
  if (!have_header_)
    return Status::failed(FailureArea::feed, "FeedEmpty",
                          resource_ + ": no header (" + std::to_string(decoder_.bytes_in()) + " bytes)");
  if (out_.rows() == 0)
    return Status::failed(FailureArea::feed, "FeedEmpty",
                          resource_ + ": 0 data rows (" + std::to_string(decoder_.bytes_in()) + " bytes)");
  return Status::ok();
}

bool SheetParser::on_record(text::CsvRecord&& rec) {
  if (!status_) return false;
  if (rec.unterminated) {
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
  status_ = have_header_ ? row(rec) : resolve_header(rec);
  return status_.is_ok();
}

Status SheetParser::resolve_header(const text::CsvRecord& rec) {
  have_header_ = true;
  header_width_ = rec.fields.size();
  std::string first(text::trim(rec.fields.front()));
  if (!first.empty() && first.front() == '<')
    return Status::failed(FailureArea::feed, "FeedFormatError",
                          resource_ + " is an HTML page, not a CSV sheet (line " + std::to_string(rec.line) + ")");
  std::string found = list_names(rec.fields);
  auto sku = text::find_column(rec.fields, "CODPROV");
  if (!sku)
    return Status::failed(FailureArea::feed, "FeedSchemaError",
                          resource_ + ": no SKU column (CODPROV); found " + found);
  sku_col_ = *sku;
  if (auto plus = text::find_column(rec.fields, "COSTO+")) {
    cost_col_ = *plus;
    cost_name_ = "COSTO+";
  } else if (auto cost = text::find_column(rec.fields, "COSTO")) {
    cost_col_ = *cost;
    cost_name_ = "COSTO";
  } else {
    return Status::failed(FailureArea::feed, "FeedSchemaError",
                          resource_ + ": no cost column (COSTO+ or COSTO); found " + found);
  }
  vat_col_ = text::find_column(rec.fields, "IVA");
  date_col_ = text::find_column(rec.fields, "FECHA");
  std::set<std::string> known = known_columns();
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
          resource_ + ": no stock column for " + w.code + " (" + list_names(w.keys) + "); found " + found);
    stock_cols_.push_back(std::move(cols));
  }
  for (const auto& h : rec.fields) {
    if (known.count(text::fold_header(h))) continue;
    host_.log.warn("air: " + resource_ + ": UNKNOWN_COLUMN '" + h + "' ignored");
    host_.pulses.emit(pulse::warning("UNKNOWN_COLUMN", "'" + h + "' in " + resource_ + " ignored"));
    host_.counters.add("unknown_columns", 1);
  }
  return Status::ok();
}

Status SheetParser::row(const text::CsvRecord& rec) {
  Origin origin{resource_, rec.line};
  std::string raw_sku = rec.fields.empty() || sku_col_ >= rec.fields.size() ? "" : rec.fields[sku_col_];
  text::SkuResult sku = text::check_sku(raw_sku);
  auto reject = [&](std::string code, std::string detail) {
    return out_.reject(RowIssue{origin, sku.sku, std::move(code), std::move(detail)});
  };
  if (rec.fields.size() != header_width_)
    return reject("BAD_ROW",
                  std::to_string(rec.fields.size()) + " fields, the header has " + std::to_string(header_width_));
  if (rec.malformed) return reject("BAD_ROW", "stray quote: field quoting is broken");
  if (sku.code == text::SkuCode::blank) return reject("BLANK_SKU", "CODPROV is blank");
  if (sku.code == text::SkuCode::mangled)
    return reject("MANGLED_SKU", "CODPROV '" + sku.sku + "' is in spreadsheet number form; digits cannot be recovered");

  Offer offer;
  offer.sku = sku.sku;
  offer.origin = origin;
  offer.currency = c_.currency;
  offer.observed_at = fetched_at_;
  if (date_col_) {
    const std::string& cell = rec.fields[*date_col_];
    if (auto t = text::parse_day_first(cell, c_.utc_offset)) {
      offer.observed_at = *t;
      if (!out_.facts().list_time) out_.facts().list_time = *t;  // one time stamp for the list
    } else if (!text::trim(cell).empty()) {
      warn(offer, "BAD_DATE", "FECHA '" + cell + "' is not dd/mm/yyyy HH:MM; fetch time used");
    }
  }
  if (auto p = set_cost(offer, rec.fields[cost_col_], cost_limit(c_, c_.currency, std::nullopt), c_.decimal_mark))
    return reject(p->code, cost_name_ + ": " + p->detail);
  if (vat_col_)
    if (auto p = set_vat(offer, rec.fields[*vat_col_], c_, c_.decimal_mark)) return reject(p->code, p->detail);
  for (std::size_t w = 0; w < c_.warehouses.size(); ++w) {
    std::vector<StockCell> cells;
    for (const auto& col : stock_cols_[w])
      cells.push_back({col.name, col.index ? std::optional<std::string>(rec.fields[*col.index]) : std::nullopt});
    if (auto p = set_stock(offer, c_.warehouses[w], cells, c_)) return reject(p->code, p->detail);
  }
  return out_.add(std::move(offer));
}

}  // namespace tecsync::air
