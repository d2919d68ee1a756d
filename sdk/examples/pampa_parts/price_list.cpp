#include "price_list.hpp"

#include <chrono>
#include <optional>
#include <tecsync/text/header.hpp>
#include <tecsync/text/number.hpp>
#include <tecsync/text/stock.hpp>
#include <tecsync/text/trim.hpp>

namespace pampa {

namespace text = tecsync::text;
using tecsync::FailureArea;
using tecsync::Status;

PriceListParser::PriceListParser(std::string resource, Layout layout, std::size_t batch_size, OnBatch on_batch)
    : resource_(std::move(resource)),
      layout_(std::move(layout)),
      batch_size_(batch_size == 0 ? 1000 : batch_size),
      on_batch_(std::move(on_batch)) {}

Status PriceListParser::push(std::string_view chunk) {
  csv_.push(chunk, [this](text::CsvRecord&& r) { return on_record(std::move(r)).is_ok(); });
  return stop_;
}

Status PriceListParser::finish() {
  csv_.finish([this](text::CsvRecord&& r) { return on_record(std::move(r)).is_ok(); });
  if (!stop_) return stop_;
  if (rows_ == 0)
    return Status::failed(FailureArea::feed, "FeedEmpty",
                          resource_ + (have_header_ ? ": no data rows" : ": empty body"));
  return flush();
}

Status PriceListParser::on_record(text::CsvRecord&& record) {
  if (!have_header_) {
    stop_ = read_header(record.fields);
  } else if (record.no_line_end && (record.unterminated || record.fields.size() < header_size_)) {
    // The body stopped in the middle of a row: the transfer was cut, and a
    // cut list must never pass for a whole one (the sink would zero the rest).
    stop_ = Status::failed(FailureArea::api, "FeedTransportError.Incomplete",
                           resource_ + ": the list ends inside line " + std::to_string(record.line));
  } else if (!record.is_blank()) {
    read_row(record);
    if (batch_.offers.size() >= batch_size_) stop_ = flush();
  }
  return stop_;
}

Status PriceListParser::read_header(const std::vector<std::string>& fields) {
  auto sku = text::find_column(fields, "sku");
  auto price = text::find_column(fields, "price_usd");
  if (!sku || !price)
    return Status::failed(FailureArea::feed, "FeedSchemaError",
                          resource_ + ": line 1 needs the columns sku and price_usd");
  for (const auto& [code, column] : layout_.warehouses) {
    auto col = text::find_column(fields, column);
    if (!col)
      return Status::failed(FailureArea::feed, "FeedSchemaError",
                            resource_ + ": no column '" + column + "' for warehouse " + code);
    stock_cols_.emplace_back(code, *col);
  }
  have_header_ = true;
  header_size_ = fields.size();
  sku_col_ = *sku;
  price_col_ = *price;
  return Status::ok();
}

void PriceListParser::read_row(const text::CsvRecord& record) {
  ++rows_;
  tecsync::Origin origin{resource_, record.line};
  if (record.malformed || record.fields.size() != header_size_) {
    batch_.rejects.push_back({origin, "", "BAD_ROW", "field count or quoting"});
    return;
  }
  tecsync::Offer offer;
  offer.sku = std::string(text::trim(record.fields[sku_col_]));
  offer.origin = origin;
  if (offer.sku.empty()) {
    batch_.rejects.push_back({origin, "", "BLANK_SKU", "empty sku"});
    return;
  }
  // Pampa Parts writes decimal commas: declaring ',' settles `1.250` (one
  // thousand two hundred fifty) against `1,250` (one point twenty-five).
  const std::string& price_cell = record.fields[price_col_];
  auto price = text::parse_number(price_cell, text::NumberKind::money, ',');
  if (price.code == text::NumberCode::bad || price.code == text::NumberCode::ambiguous) {
    batch_.rejects.push_back({origin, offer.sku, text::to_string(price.code), "price_usd: " + price_cell});
    return;
  }
  if (price.ok()) offer.cost = price.value;  // empty: no price, stock still applies
  offer.currency = layout_.currency;
  for (const auto& [code, col] : stock_cols_) {
    auto stock = text::parse_stock(record.fields[col]);
    offer.stock.push_back({code, stock.quantity});
    if (stock.code != text::StockCode::ok)
      offer.warnings.push_back({origin, offer.sku, text::to_string(stock.code), code + ": " + record.fields[col]});
  }
  offer.observed_at = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  batch_.offers.push_back(std::move(offer));
}

Status PriceListParser::flush() {
  if (batch_.offers.empty() && batch_.rejects.empty()) return Status::ok();
  tecsync::OfferBatch full = std::move(batch_);
  batch_ = {};
  return on_batch_(std::move(full));
}

}  // namespace pampa
