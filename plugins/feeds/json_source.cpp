#include "json_source.hpp"

#include <stdexcept>
#include <variant>

#include "feed_stream.hpp"
#include "keys.hpp"
#include "row_rules.hpp"
#include "tecsync/text/markup.hpp"
#include "transport.hpp"

namespace tecsync::feeds {
namespace {

JsonPath path_or_throw(const std::string& key, const std::string& text) {
  std::string error;
  auto p = parse_path(text, error);
  if (!p) throw std::invalid_argument("json_feed: key '" + key + "': " + error);
  return *p;
}

std::optional<JsonPath> optional_path(const std::string& key, const std::string& text) {
  if (text.empty()) return std::nullopt;
  return path_or_throw(key, text);
}

std::string with_param(const std::string& url, const std::string& name, const std::string& value) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + name + "=" + value;
}

// `scheme://host[:port]` of an absolute URL, for a next link given as `/path`.
std::string origin_of(const std::string& url) {
  std::size_t scheme = url.find("://");
  std::size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? url : url.substr(0, slash);
}

std::chrono::sys_seconds now_utc() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace

JsonFeedSource::JsonFeedSource(const HostServices& host) : host_(host), config_(parse_json_config(host.config)) {
  const CommonConfig& c = config_.common;
  items_ = path_or_throw("items_path", config_.items_path);
  next_ = path_or_throw("next_path", config_.next_path);
  sku_ = optional_path("field.sku", c.sku);
  cost_ = optional_path("field.cost", c.cost);
  currency_ = optional_path("field.currency", c.currency);
  vat_ = optional_path("field.vat", c.vat);
  observed_ = optional_path("field.observed_at", c.observed_at);
  for (const auto& [code, loc] : c.stock) stock_.push_back(path_or_throw("stock." + code, loc));
}

std::span<const ConfigKey> JsonFeedSource::config_keys() { return json_feed_keys(); }

std::string JsonFeedSource::page_url(std::size_t n) const {
  std::string url = config_.common.url;
  if (config_.page_size_param.size()) url = with_param(url, config_.page_size_param, std::to_string(config_.page_size));
  if (config_.paging == Paging::page) url = with_param(url, config_.page_param, std::to_string(config_.start_page + n));
  return url;
}

Status JsonFeedSource::load(const std::string& url, Page& page) const {
  std::string body;
  if (Status s = fetch_page(config_.common, host_, url, body); !s) return s;
  if (text::starts_with_markup(body))
    return Status::failed(FailureArea::feed, "FeedFormatError", url + " is an HTML page, not JSON");
  std::string error;
  auto doc = parse_page(body, error);
  if (!doc) {
    if (text::contains_markup(body)) error += " (the page holds HTML, e.g. a PHP notice)";
    return Status::failed(FailureArea::feed, "FeedFormatError", url + ": " + error);
  }
  page.doc = std::move(*doc);
  page.items = find(page.doc, items_);
  if (!page.items || !page.items->is_array())
    return Status::failed(FailureArea::feed, "FeedSchemaError",
                          url + ": no item array at items_path '" + config_.items_path + "'");
  return Status::ok();
}

std::optional<std::string> JsonFeedSource::next_url(const std::string& url, const Page& page) const {
  const json* v = find(page.doc, next_);
  if (!v) return std::nullopt;
  auto cell = to_cell(*v);
  if (!cell || cell->text.empty()) return std::nullopt;
  const std::string& next = cell->text;
  if (is_http_url(next)) return next;
  if (next.front() == '/') return origin_of(url) + next;
  return with_param(page_url(0), config_.page_param, next);
}

Status JsonFeedSource::read(Strategy strategy, Emitter& out) {
  if (strategy != Strategy::flash)
    return Status::failed(FailureArea::config, "PluginConfigError",
                          "json_feed (" + host_.instance + "): only the flash strategy is supported");
  FeedStream stream(out);
  stream.facts().resource = config_.common.url;
  const auto fetched_at = now_utc();
  std::string url = page_url(0);
  std::size_t offset = config_.start_page, items_total = 0;
  auto field = [](const json& item, const std::optional<JsonPath>& path) -> std::optional<Cell> {
    if (!path) return std::nullopt;
    const json* v = find(item, *path);
    return v ? to_cell(*v) : std::nullopt;
  };
  for (std::size_t n = 0;; ++n) {
    if (n >= config_.max_pages)
      return Status::failed(FailureArea::feed, "FeedFormatError",
                            config_.common.url + ": more than max_pages = " + std::to_string(config_.max_pages) +
                                " pages (next: " + url + ")");
    if (host_.cancel.requested()) return Status::skipped(FailureArea::none, "Cancelled", "cancelled at " + url);
    if (config_.paging == Paging::offset) url = with_param(page_url(0), config_.page_param, std::to_string(offset));
    Page page;
    if (Status s = load(url, page); !s) return s;
    const json& items = *page.items;
    for (std::size_t i = 0; i < items.size(); ++i) {
      Origin origin{url, i + 1};
      const json& item = items[i];
      Status s;
      if (!item.is_object()) {
        s = stream.reject({origin, "", "BAD_ROW", "item is not a JSON object"});
      } else {
        RowCells cells{field(item, sku_), field(item, cost_),     field(item, currency_),
                       field(item, vat_), field(item, observed_), {}};
        for (const auto& p : stock_) cells.stock.push_back(field(item, p));
        auto built = build_offer(config_.common, cells, origin, fetched_at);
        if (auto* issue = std::get_if<RowIssue>(&built))
          s = stream.reject(std::move(*issue));
        else
          s = stream.add(std::get<Offer>(std::move(built)));
      }
      if (!s) return s;
    }
    items_total += items.size();
    bool short_page = items.empty() || (config_.page_size > 0 && items.size() < config_.page_size);
    if (config_.paging == Paging::none) break;
    if (config_.paging == Paging::cursor) {
      auto next = next_url(url, page);
      if (!next || items.empty()) break;
      url = *next;
      continue;
    }
    if (short_page) break;
    offset += items.size();
    if (config_.paging == Paging::page) url = page_url(n + 1);
  }
  if (items_total == 0)
    return Status::failed(FailureArea::feed, "FeedEmpty", config_.common.url + ": no items in the feed");
  if (Status s = stream.finish(); !s) return s;
  host_.log.info("json_feed (" + host_.instance + "): " + std::to_string(stream.rows()) + " items, " +
                 std::to_string(stream.offers()) + " offers from " + config_.common.url);
  return Status::ok();
}

Status JsonFeedSource::check(std::vector<ReportItem>& report) {
  std::string url = config_.paging == Paging::offset
                        ? with_param(page_url(0), config_.page_param, std::to_string(config_.start_page))
                        : page_url(0);
  Page page;
  Status s = load(url, page);
  std::string what =
      "feed reachable" + std::string(config_.common.auth != Auth::none ? " and authenticated" : "") + ": " + url;
  if (s) what += " (HTTP 200, " + std::to_string(page.items->size()) + " items on the first page)";
  report.push_back({what, s});
  return s;
}

}  // namespace tecsync::feeds
