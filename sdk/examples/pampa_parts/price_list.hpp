#pragma once
// Pampa Parts' price list, as text pushed in any chunks → batches of offers.
//
// The list is a CSV file with `;` separators and decimal commas, one row per
// part, a header naming the columns:
//
//   sku;description;price_usd;stock_rosario;stock_mendoza
//   PP-1001;Filtro de aceite;12,50;14;0
//
// `price_usd` is the unit cost before VAT in USD (empty = no price: the row
// still carries stock); each stock column the config maps becomes a
// StockLevel of its tecsync warehouse code. A row that cannot be read is
// rejected with its line and a reason; the others go on.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <tecsync/records.hpp>
#include <tecsync/status.hpp>
#include <tecsync/text/csv.hpp>
#include <utility>
#include <vector>

namespace pampa {

/// What the config says about the list's columns.
struct Layout {
  std::string currency = "USD";  ///< ISO code of `price_usd`
  /// tecsync warehouse code → stock column name, e.g. {"S_ROS", "stock_rosario"}.
  std::vector<std::pair<std::string, std::string>> warehouses;
};

/// Parses the list as it arrives and hands on a batch every `batch_size` offers.
/// Holds at most one batch: the list is never kept whole.
class PriceListParser {
 public:
  /// Receives each full batch; a failed status stops the parse (the pipeline
  /// downstream failed, or the run was cancelled) and is returned by push/finish.
  using OnBatch = std::function<tecsync::Status(tecsync::OfferBatch&&)>;

  PriceListParser(std::string resource, Layout layout, std::size_t batch_size, OnBatch on_batch);

  /// Feeds the next chunk of the body.
  tecsync::Status push(std::string_view chunk);
  /// Ends the body: parses the last record and emits the last batch.
  /// Fails with `FeedEmpty` when no data row came, and with
  /// `FeedTransportError.Incomplete` when the last row was cut short.
  tecsync::Status finish();

  /// Data rows seen (offers + rejects), for the log.
  std::size_t rows() const { return rows_; }

 private:
  tecsync::Status on_record(tecsync::text::CsvRecord&& record);
  tecsync::Status read_header(const std::vector<std::string>& fields);
  void read_row(const tecsync::text::CsvRecord& record);
  tecsync::Status flush();

  std::string resource_;
  Layout layout_;
  std::size_t batch_size_;
  OnBatch on_batch_;
  tecsync::text::CsvReader csv_{';'};
  tecsync::Status stop_;  // why reading stopped, when it did

  bool have_header_ = false;
  std::size_t header_size_ = 0;
  std::size_t sku_col_ = 0;
  std::size_t price_col_ = 0;
  std::vector<std::pair<std::string, std::size_t>> stock_cols_;  // code, column index

  tecsync::OfferBatch batch_;
  std::size_t rows_ = 0;
};

}  // namespace pampa
