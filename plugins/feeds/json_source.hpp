#pragma once
/// @file
/// The `json_feed` source: a paged JSON API mapped entirely by config
/// (README.md). Pages are fetched one at a time and dropped once read, so
/// memory is one page plus one batch.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "feed_config.hpp"
#include "json_doc.hpp"
#include "tecsync/config_keys.hpp"
#include "tecsync/plugin.hpp"

namespace tecsync::feeds {

class JsonFeedSource {
 public:
  /// Reads and checks the config (paths included); throws std::invalid_argument naming the key.
  explicit JsonFeedSource(const HostServices& host);
  static std::span<const ConfigKey> config_keys();
  Status read(Strategy strategy, Emitter& out);
  /// The first page only: reachable, authenticated, JSON, with an item array.
  Status check(std::vector<ReportItem>& report);
  const JsonConfig& config() const { return config_; }

 private:
  struct Page {
    json doc;
    const json* items = nullptr;
  };
  /// The URL of page `n` (0-based count of pages read) for page/offset paging.
  std::string page_url(std::size_t page_no) const;
  Status load(const std::string& url, Page& page) const;
  /// The next page's URL after `page` (cursor paging), or nullopt at the end.
  std::optional<std::string> next_url(const std::string& url, const Page& page) const;

  HostServices host_;
  JsonConfig config_;
  JsonPath items_, next_;
  std::optional<JsonPath> sku_, cost_, currency_, vat_, observed_;
  std::vector<JsonPath> stock_;
};

}  // namespace tecsync::feeds
