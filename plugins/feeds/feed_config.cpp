#include "feed_config.hpp"

#include "section.hpp"
#include "tecsync/text/header.hpp"
#include "tecsync/text/number.hpp"

namespace tecsync::feeds {
namespace {

// `field_prefix` is `column.` (csv_feed) or `field.` (json_feed).
CommonConfig parse_common(const Section& s, const std::string& field_prefix) {
  CommonConfig c;
  c.url = s.required("url");
  std::string auth = s.choice("auth", "none|basic|bearer", "none");
  c.auth = auth == "basic" ? Auth::basic : auth == "bearer" ? Auth::bearer : Auth::none;
  c.user = s.get_or("user", "");
  c.password = s.get_or("password", "");
  c.token = s.get_or("token", "");
  c.header_name = s.get_or("auth_header", "Authorization");
  if (c.auth == Auth::basic && c.user.empty()) s.fail("user", "is required for auth = basic");
  if (c.auth == Auth::bearer && c.token.empty()) s.fail("token", "is required for auth = bearer");
  if (c.auth != Auth::basic && (!c.user.empty() || !c.password.empty()))
    s.fail(c.user.empty() ? "password" : "user", "is only used with auth = basic");

  c.sku = s.required(field_prefix + "sku");
  c.cost = s.required(field_prefix + "cost");
  c.currency = s.get_or(field_prefix + "currency", "");
  c.fixed_currency = s.get_or("currency", "");
  if (c.currency.empty() && c.fixed_currency.empty())
    s.fail("currency", "or '" + field_prefix + "currency' is required (a fixed ISO code or the feed's currency field)");
  for (auto& [feed_value, iso] : s.family("currency_map.")) {
    if (iso.size() != 3) s.fail("currency_map." + feed_value, "must map to a 3-letter ISO code, not '" + iso + "'");
    c.currency_map[text::fold_header(feed_value)] = iso;
  }
  c.vat = s.get_or(field_prefix + "vat", "");
  if (s.get("vat_percent")) {
    if (!c.vat.empty()) s.fail("vat_percent", "and '" + field_prefix + "vat' exclude each other");
    c.fixed_vat = s.decimal("vat_percent", Decimal{});
  }
  c.stock = s.family("stock.");
  if (c.stock.empty())
    s.fail("stock.<CODE>", "is required at least once (tecsync warehouse code = the feed's stock field)");
  for (const auto& [code, locator] : c.stock)
    if (locator.empty()) s.fail("stock." + code, "needs the feed's stock field");
  for (auto& [word, qty] : s.family("stock_text.")) {
    auto n = Decimal::parse(qty);
    if (!n || n->is_negative()) s.fail("stock_text." + word, "must be a quantity ≥ 0, not '" + qty + "'");
    c.stock_text[text::fold_header(word)] = *n;
  }
  c.observed_at = s.get_or(field_prefix + "observed_at", "");
  std::string fmt = s.choice("datetime_format", "day_first|iso|epoch", "day_first");
  c.date_format = fmt == "iso" ? DateFormat::iso : fmt == "epoch" ? DateFormat::epoch : DateFormat::day_first;
  std::string offset = s.get_or("utc_offset_minutes", "-180");
  auto off = text::parse_number(offset, text::NumberKind::stock);
  if (!off.ok() || off.value.units() % Decimal::kOne != 0) s.fail("utc_offset_minutes", "must be an integer");
  c.utc_offset = std::chrono::minutes(off.value.units() / Decimal::kOne);

  c.decimal_mark = s.mark("decimal_mark", ".,");
  c.max_cost = s.decimal("max_cost", c.max_cost);
  c.max_quantity = s.decimal("max_quantity", c.max_quantity);
  std::string rates = s.get_or("vat_rates", "0,2.5,5,10.5,21,27");
  if (rates != "any") {
    for (const auto& r : text::split_aliases(rates, ',')) {
      auto d = Decimal::parse(r);
      if (!d) s.fail("vat_rates", "holds '" + r + "', not a plain decimal");
      c.vat_rates.insert(*d);
    }
  }
  c.max_bytes = s.integer("max_bytes", c.max_bytes);
  return c;
}

}  // namespace

bool is_http_url(const std::string& url) { return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0; }

CsvConfig parse_csv_config(const boost::property_tree::ptree& section) {
  Section s(section, "csv_feed");
  CsvConfig c;
  c.common = parse_common(s, "column.");
  std::string enc = s.choice("encoding", "auto|utf-8|latin-1", "auto");
  c.encoding = enc == "utf-8" ? Encoding::utf8 : enc == "latin-1" ? Encoding::latin1 : Encoding::auto_detect;
  c.separator = s.mark("separator", ",;|");
  c.header_row = s.integer("header_row", 1, 0);
  c.skip_rows = s.integer("skip_rows", 0, 0);
  if (c.header_row == 0) {
    auto by_index = [](const std::string& loc) { return loc.empty() || loc[0] == '#'; };
    bool ok = by_index(c.common.sku) && by_index(c.common.cost) && by_index(c.common.currency) &&
              by_index(c.common.vat) && by_index(c.common.observed_at);
    for (const auto& st : c.common.stock) ok = ok && by_index(st.second);
    if (!ok) s.fail("header_row", "= 0 (no header) needs every column as #N");
  }
  return c;
}

JsonConfig parse_json_config(const boost::property_tree::ptree& section) {
  Section s(section, "json_feed");
  JsonConfig c;
  c.common = parse_common(s, "field.");
  if (!is_http_url(c.common.url)) s.fail("url", "must be an http(s) URL");
  c.items_path = s.get_or("items_path", "");
  std::string paging = s.choice("paging", "none|page|offset|cursor", "none");
  c.paging = paging == "page"     ? Paging::page
             : paging == "offset" ? Paging::offset
             : paging == "cursor" ? Paging::cursor
                                  : Paging::none;
  const char* param_default = c.paging == Paging::offset ? "offset" : c.paging == Paging::cursor ? "cursor" : "page";
  c.page_param = s.get_or("page_param", param_default);
  c.page_size_param = s.get_or("page_size_param", "");
  c.page_size = s.integer("page_size", 0, 0);
  if (!c.page_size_param.empty() && c.page_size == 0) s.fail("page_size", "is required with page_size_param");
  c.start_page = s.integer("start_page", c.paging == Paging::offset ? 0 : 1, 0);
  c.next_path = s.get_or("next_path", "");
  if (c.paging == Paging::cursor && c.next_path.empty()) s.fail("next_path", "is required for paging = cursor");
  c.max_pages = s.integer("max_pages", c.max_pages);
  return c;
}

}  // namespace tecsync::feeds
