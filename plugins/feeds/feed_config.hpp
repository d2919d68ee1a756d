#pragma once
/// @file
/// The `[source.<name>]` keys of `csv_feed` and `json_feed`, read once at
/// construction (README.md lists every key). A field's *locator* is a CSV
/// column (a header name, or `#3` for the third column) or a JSON path
/// (`json_path.hpp`); the common rules do not care which.

#include <boost/property_tree/ptree.hpp>
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tecsync/decimal.hpp"

namespace tecsync::feeds {

enum class Auth { none, basic, bearer };
enum class DateFormat { day_first, iso, epoch };

/// Keys both plugins share: where the feed is, how to log in, and how a row's
/// cells become an `Offer`.
struct CommonConfig {
  std::string url;  ///< http(s) URL, or (csv_feed) a file path
  Auth auth = Auth::none;
  std::string user, password, token;          ///< secrets: never logged
  std::string header_name = "Authorization";  ///< where a bearer token goes (`auth_header`)

  std::string sku;                                  ///< locator of the SKU (required)
  std::string cost;                                 ///< locator of the unit cost before VAT (required)
  std::string currency;                             ///< locator of the currency cell; empty = fixed `fixed_currency`
  std::string fixed_currency;                       ///< ISO code when no currency locator (or its cell is empty)
  std::map<std::string, std::string> currency_map;  ///< feed value (folded) → ISO
  std::string vat;                                  ///< locator of the VAT percent; empty = `fixed_vat`
  std::optional<Decimal> fixed_vat;                 ///< `vat_percent`
  std::vector<std::pair<std::string, std::string>> stock;  ///< tecsync warehouse code → locator, config order
  std::map<std::string, Decimal> stock_text;               ///< folded word → quantity, before the SDK stock rules
  std::string observed_at;                                 ///< locator of the row's time stamp; empty = fetch time
  DateFormat date_format = DateFormat::day_first;
  std::chrono::minutes utc_offset = std::chrono::hours(-3);

  char decimal_mark = 0;  ///< `.`/`,` declared, 0 = auto (rules N1–N5; `2.100` in money is ambiguous)
  Decimal max_cost = Decimal::from_int(1'000'000);
  Decimal max_quantity = Decimal::from_int(1'000'000);
  std::set<Decimal> vat_rates;         ///< allowed VAT percents; empty = any ≥ 0
  std::size_t max_bytes = 256u << 20;  ///< a CSV body, or one JSON page, above this fails (TooLarge)
};

enum class Encoding { auto_detect, utf8, latin1 };

struct CsvConfig {
  CommonConfig common;
  Encoding encoding = Encoding::auto_detect;
  char separator = 0;          ///< 0 = sniff `,` `;` TAB from the header line
  std::size_t header_row = 1;  ///< record number of the header (1-based); 0 = no header, columns by `#N` only
  std::size_t skip_rows = 0;   ///< records after the header (or from the top without one) that are not data
};

enum class Paging { none, page, offset, cursor };

struct JsonConfig {
  CommonConfig common;
  std::string items_path;  ///< JSON path of the page's item array; empty = the page is the array
  Paging paging = Paging::none;
  std::string page_param;       ///< page: `page`; offset: `offset`; cursor: `cursor`
  std::string page_size_param;  ///< sent with `page_size` when set
  std::size_t page_size = 0;    ///< 0 = do not send; a shorter page then does not end the feed
  std::size_t start_page = 1;
  std::string next_path;  ///< cursor: JSON path of the next cursor or next page URL
  std::size_t max_pages = 10'000;
};

/// Throws std::invalid_argument naming the key (`csv_feed: key 'column.sku' is required`).
CsvConfig parse_csv_config(const boost::property_tree::ptree& section);
JsonConfig parse_json_config(const boost::property_tree::ptree& section);

bool is_http_url(const std::string& url);

}  // namespace tecsync::feeds
