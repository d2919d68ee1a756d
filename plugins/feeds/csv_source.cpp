#include "csv_source.hpp"

#include "csv_parser.hpp"
#include "keys.hpp"
#include "null_emitter.hpp"
#include "transport.hpp"

namespace tecsync::feeds {
namespace {

std::chrono::sys_seconds now_utc() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace

CsvFeedSource::CsvFeedSource(const HostServices& host) : host_(host), config_(parse_csv_config(host.config)) {}

std::span<const ConfigKey> CsvFeedSource::config_keys() { return csv_feed_keys(); }

Status CsvFeedSource::read(Strategy strategy, Emitter& out) {
  if (strategy != Strategy::flash)
    return Status::failed(FailureArea::config, "PluginConfigError",
                          "csv_feed (" + host_.instance + "): only the flash strategy is supported");
  FeedStream stream(out);
  CsvParser parser(config_, host_, config_.common.url, stream, now_utc());
  Status s = read_body(config_.common, host_, config_.common.url, [&](std::string_view b) { return parser.push(b); });
  if (s) s = parser.finish();
  if (s) s = stream.finish();
  if (!s) return s;
  host_.log.info("csv_feed (" + host_.instance + "): " + std::to_string(stream.rows()) + " rows, " +
                 std::to_string(stream.offers()) + " offers from " + config_.common.url);
  return Status::ok();
}

Status CsvFeedSource::check(std::vector<ReportItem>& report) {
  const std::string& url = config_.common.url;
  std::string head;
  Status s = probe(config_.common, host_, url, head);
  std::string what =
      is_http_url(url)
          ? "feed reachable" + std::string(config_.common.auth != Auth::none ? " and authenticated" : "") + ": " + url
          : "feed file readable: " + url;
  if (s) {
    NullEmitter sink;
    FeedStream stream(sink);
    CsvParser parser(config_, host_, url, stream, now_utc());
    s = parser.push_head(head);
    if (s && !parser.saw_header())
      s = Status::failed(FailureArea::feed, "FeedSchemaError",
                         url + ": no header row in the first " + std::to_string(head.size()) + " bytes");
    if (s) what += " (header has every mapped column)";
  }
  report.push_back({what, s});
  return s;
}

}  // namespace tecsync::feeds
