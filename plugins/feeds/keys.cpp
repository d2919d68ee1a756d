#include "keys.hpp"

namespace tecsync::feeds {
namespace {

using K = KeyType;

// Keys both plugins read (README.md "Common keys"); the host declares `plugin` itself.
#define TECSYNC_FEEDS_COMMON_KEYS(F)                                                                                  \
  {"auth", K::choice, "none", "how to log in to the feed", "none|basic|bearer"},                                      \
      {"user", K::string, "", "auth = basic: user name"},                                                             \
      {"password", K::secret, "", "auth = basic: password (use ${ENV})"},                                             \
      {"token", K::secret, "", "auth = bearer: the token (use ${ENV})"},                                              \
      {"auth_header", K::string, "Authorization",                                                                     \
       "auth = bearer: header carrying the token (not Authorization: the raw token)"},                                \
      {F "sku", K::string, nullptr, "the SKU field (Odoo default_code)"},                                             \
      {F "cost", K::string, nullptr, "the unit cost before VAT"},                                                     \
      {F "currency", K::string, "", "the currency field; or set `currency`"},                                         \
      {"currency", K::string, "", "fixed ISO currency of every cost, or of rows whose currency field is empty"},      \
      {"currency_map.*", K::string, "",                                                                               \
       "feed currency value (after the dot) = ISO code, e.g. currency_map.U$S = USD"},                                \
      {F "vat", K::string, "", "the VAT percent field"},                                                              \
      {"vat_percent", K::decimal, "", "fixed VAT percent of every row (excludes the VAT field)"},                     \
      {"vat_rates", K::string, "0,2.5,5,10.5,21,27", "allowed VAT percents, comma-separated, or any"},                \
      {"stock.*", K::string, nullptr, "tecsync warehouse code (after the dot) = the stock field; at least one"},      \
      {"stock_text.*", K::decimal, "", "a stock word (after the dot) = its quantity, e.g. stock_text.Sin stock = 0"}, \
      {F "observed_at", K::string, "", "the row's time stamp field; empty = fetch time"},                             \
      {"datetime_format", K::choice, "day_first", "format of the time stamp", "day_first|iso|epoch"},                 \
      {"utc_offset_minutes", K::integer, "-180", "zone of time stamps without one (Argentina: -180)"},                \
      {"decimal_mark", K::choice, "auto", "decimal mark of numbers written as text", ".|,|auto"},                     \
      {"max_cost", K::decimal, "1000000", "costs above this are OUT_OF_RANGE"},                                       \
      {"max_quantity", K::decimal, "1000000", "quantities above this are OUT_OF_RANGE"}, {                            \
    "max_bytes", K::integer, "268435456", "largest CSV body or JSON page, in bytes"                                   \
  }

constexpr ConfigKey kCsvKeys[] = {
    TECSYNC_FEEDS_COMMON_KEYS("column."),
    {"url", K::string, nullptr, "the feed: http(s) URL or file path"},
    {"encoding", K::choice, "auto", "text encoding (auto: UTF-8, else Windows-1252)", "auto|utf-8|latin-1"},
    {"separator", K::string, "auto", "field separator: , ; | tab or auto (, ; tab sniffed from the header)"},
    {"header_row", K::integer, "1", "record number of the header (1-based); 0 = no header, columns as #N"},
    {"skip_rows", K::integer, "0", "records after the header that are not data (units, notes)"},
};

constexpr ConfigKey kJsonKeys[] = {
    TECSYNC_FEEDS_COMMON_KEYS("field."),
    {"url", K::url, nullptr, "the first page's URL"},
    {"items_path", K::string, "", "JSON path of the item array in a page (/data/items); empty = the page is the array"},
    {"paging", K::choice, "none", "how pages follow each other", "none|page|offset|cursor"},
    {"page_param", K::string, "",
     "query parameter of the page number / offset / cursor (default page, offset, cursor)"},
    {"page_size_param", K::string, "", "query parameter that sends page_size"},
    {"page_size", K::integer, "0", "items per page; a shorter page is the last one (0 = unknown)"},
    {"start_page", K::integer, "1", "first page number (offset paging: first offset, default 0)"},
    {"next_path", K::string, "", "cursor paging: JSON path of the next cursor or next page URL"},
    {"max_pages", K::integer, "10000", "more pages than this fail the feed (a server looping)"},
};

#undef TECSYNC_FEEDS_COMMON_KEYS

}  // namespace

std::span<const ConfigKey> csv_feed_keys() { return kCsvKeys; }
std::span<const ConfigKey> json_feed_keys() { return kJsonKeys; }

}  // namespace tecsync::feeds
