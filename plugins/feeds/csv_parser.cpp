#include "csv_parser.hpp"

#include <variant>

#include "row_rules.hpp"
#include "tecsync/text/header.hpp"
#include "tecsync/text/markup.hpp"
#include "tecsync/text/message.hpp"
#include "tecsync/text/trim.hpp"

namespace tecsync::feeds {
CsvParser::CsvParser(const CsvConfig& config, const HostServices& host, std::string resource, FeedStream& out,
                     std::chrono::sys_seconds fetched_at)
    : c_(config),
      host_(host),
      resource_(std::move(resource)),
      out_(out),
      fetched_at_(fetched_at),
      csv_(config.separator),
      skip_left_(config.skip_rows) {
  out_.facts().resource = resource_;
}

Status CsvParser::resolve(const std::vector<std::string>& header) {
  auto locate = [&](const std::string& key, const std::string& loc) -> std::optional<std::size_t> {
    if (loc.empty()) return std::nullopt;
    if (loc[0] == '#') {
      std::size_t n = 0;
      for (char ch : loc.substr(1)) n = ch >= '0' && ch <= '9' ? n * 10 + static_cast<std::size_t>(ch - '0') : 0;
      if (n == 0 || (have_header_ && n > header.size())) {
        status_ = Status::failed(FailureArea::feed, "FeedSchemaError",
                                 resource_ + ": column " + loc + " (" + key + ") is not in the header, which has " +
                                     std::to_string(header.size()) + " columns");
        return std::nullopt;
      }
      return n - 1;
    }
    auto col = text::find_column(header, loc);
    if (!col)
      status_ = Status::failed(FailureArea::feed, "FeedSchemaError",
                               resource_ + ": column '" + loc + "' (" + key + ") not found; the header has: " +
                                   text::controls_to_spaces(text::join_names(header, true)));
    return col;
  };
  const CommonConfig& cc = c_.common;
  sku_ = locate("column.sku", cc.sku);
  if (status_) cost_ = locate("column.cost", cc.cost);
  if (status_) currency_ = locate("column.currency", cc.currency);
  if (status_) vat_ = locate("column.vat", cc.vat);
  if (status_) observed_ = locate("column.observed_at", cc.observed_at);
  stock_.clear();
  for (const auto& [code, loc] : cc.stock)
    if (status_) stock_.push_back(locate("stock." + code, loc));
  return status_;
}

Status CsvParser::push(std::string_view bytes) {
  if (!status_) return status_;
  bytes_ += bytes.size();
  decoded_.clear();
  if (c_.encoding == Encoding::latin1) {
    for (char ch : bytes) text::append_utf8(decoded_, text::windows1252_to_unicode(static_cast<unsigned char>(ch)));
  } else {
    decoder_.push(bytes, decoded_);
  }
  feed_text(decoded_);
  return status_;
}

void CsvParser::feed_text(std::string_view text) {
  auto cb = [this](text::CsvRecord&& r) { return on_record(std::move(r)); };
  if (!sniffed_) {
    // An HTML page (login, maintenance, error) served with 200 is never a feed.
    lead_.append(text);
    std::size_t i = lead_.find_first_not_of(" \t\r\n\f\v");
    if (i == std::string::npos || i + 1 >= lead_.size()) return;
    sniffed_ = true;
    if (text::starts_with_markup(std::string_view(lead_).substr(i))) {
      status_ = Status::failed(FailureArea::feed, "FeedFormatError",
                               resource_ + " is an HTML page, not a delimited feed (starts '" +
                                   text::controls_to_spaces(lead_.substr(i, 40)) + "')");
      return;
    }
    std::string held = std::move(lead_);
    lead_.clear();
    csv_.push(held, cb);
    return;
  }
  csv_.push(text, cb);
}

bool CsvParser::on_record(text::CsvRecord&& rec) {
  ++records_;
  if (c_.header_row > 0 && records_ < c_.header_row) return true;  // a title or banner above the header
  if (c_.header_row > 0 && records_ == c_.header_row) {
    have_header_ = true;
    width_ = rec.fields.size();
    return resolve(rec.fields).is_ok();
  }
  if (rec.is_blank()) return true;  // `,,,,` or an empty line is not a data row
  if (skip_left_ > 0) {
    --skip_left_;
    return true;
  }
  if (c_.header_row == 0 && width_ == 0) {
    width_ = rec.fields.size();
    if (!resolve({}).is_ok()) return false;
  }
  status_ = row(rec);
  return status_.is_ok();
}

std::optional<Cell> CsvParser::cell(const text::CsvRecord& rec, const std::optional<std::size_t>& col) const {
  if (!col || *col >= rec.fields.size()) return std::nullopt;
  return Cell{rec.fields[*col]};
}

Status CsvParser::row(const text::CsvRecord& rec) {
  Origin origin{resource_, rec.line};
  ++data_rows_;
  if (rec.unterminated && rec.fields.size() <= width_ && !rec.fields.empty() &&
      rec.fields.back().find('\n') != std::string::npos)
    // A quote opened on an earlier line ran to the end: broken quoting, not a cut.
    return Status::failed(FailureArea::feed, "FeedFormatError",
                          resource_ + ": the quoted field opened at line " + std::to_string(rec.line) +
                              " runs to the end of the body (quote not closed)");
  if (rec.no_line_end && rec.fields.size() < width_)
    // A close-delimited transfer cut mid-row looks like success to HTTP.
    return Status::failed(FailureArea::api, "FeedTransportError.Incomplete",
                          resource_ + ": record truncated at line " + std::to_string(rec.line) + " (" +
                              std::to_string(rec.fields.size()) + " of " + std::to_string(width_) +
                              " fields, no line end)");
  auto reject = [&](std::string code, std::string detail) {
    std::string sku = sku_ && *sku_ < rec.fields.size() ? std::string(text::trim(rec.fields[*sku_])) : "";
    return out_.reject(RowIssue{origin, sku, std::move(code), std::move(detail)});
  };
  if (rec.fields.size() != width_)
    return reject("BAD_ROW", std::to_string(rec.fields.size()) + " fields, expected " + std::to_string(width_));
  if (rec.malformed) return reject("BAD_ROW", "stray quote: field quoting is broken");
  RowCells cells{cell(rec, sku_), cell(rec, cost_), cell(rec, currency_), cell(rec, vat_), cell(rec, observed_), {}};
  for (const auto& col : stock_) cells.stock.push_back(cell(rec, col));
  auto built = build_offer(c_.common, cells, origin, fetched_at_);
  if (auto* issue = std::get_if<RowIssue>(&built)) return out_.reject(std::move(*issue));
  return out_.add(std::get<Offer>(std::move(built)));
}

Status CsvParser::flush_decoder() {
  decoded_.clear();
  if (c_.encoding != Encoding::latin1) decoder_.finish(decoded_);
  feed_text(decoded_);
  if (!sniffed_ && status_) {
    // Fewer than two visible characters in the whole body: not an HTML page.
    sniffed_ = true;
    std::string held = std::move(lead_);
    lead_.clear();
    csv_.push(held, [this](text::CsvRecord&& r) { return on_record(std::move(r)); });
  }
  return status_;
}

Status CsvParser::push_head(std::string_view bytes) {
  if (Status s = push(bytes); !s) return s;
  return flush_decoder();
}

Status CsvParser::finish() {
  if (!status_) return status_;
  flush_decoder();
  if (!status_) return status_;
  csv_.finish([this](text::CsvRecord&& r) { return on_record(std::move(r)); });
  if (!status_) return status_;
  if (bytes_ == 0) return Status::failed(FailureArea::feed, "FeedEmpty", resource_ + ": the feed is empty (0 bytes)");
  if (c_.header_row > 0 && !have_header_)
    return Status::failed(FailureArea::feed, "FeedEmpty",
                          resource_ + ": no header row (header_row = " + std::to_string(c_.header_row) + ")");
  if (data_rows_ == 0) return Status::failed(FailureArea::feed, "FeedEmpty", resource_ + ": no data rows");
  if (decoder_.mixed_bytes() > 0 ||
      (c_.encoding == Encoding::utf8 && decoder_.encoding() == text::Encoding::windows1252))
    host_.pulses.emit(pulse::warning("Mixed Encoding", resource_ + ": bytes that are not UTF-8 read as Windows-1252"));
  return Status::ok();
}

}  // namespace tecsync::feeds
