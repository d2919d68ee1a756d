#include "api_reader.hpp"

#include <nlohmann/json.hpp>

#include "api_item.hpp"
#include "api_session.hpp"
#include "tecsync/text/markup.hpp"
#include "tecsync/text/number.hpp"

namespace tecsync::air {
namespace {

using nlohmann::json;

std::chrono::sys_seconds now_utc() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string snippet(std::string_view body, std::size_t at) {
  std::size_t from = at > 40 ? at - 40 : 0;
  std::string s(body.substr(std::min(from, body.size()), 80));
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

}  // namespace

std::string with_query(const std::string& base, const std::string& query) {
  return base + (base.find('?') == std::string::npos ? "?" : "&") + query;
}

std::string url_encode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Status read_api_page(std::string_view body, const std::string& url, std::size_t n, const AirConfig& config,
                     const HostServices& host, OfferStream& out, std::chrono::sys_seconds fetched_at,
                     std::optional<Decimal> cotiza, bool& last) {
  last = false;
  json page;
  try {
    page = json::parse(body);
  } catch (const json::parse_error& e) {
    return Status::failed(FailureArea::feed, "FeedFormatError",
                          url + " (page " + std::to_string(n) + ", " + std::to_string(body.size()) +
                              " bytes) is not valid JSON at byte " + std::to_string(e.byte) + ": near '" +
                              snippet(body, e.byte) + "'");
  } catch (const json::exception& e) {
    // Not a syntax error but still no page: a number beyond a double
    // (`1e999`, out_of_range 406). Found by the fuzzer: it used to escape.
    return Status::failed(FailureArea::feed, "FeedFormatError",
                          url + " (page " + std::to_string(n) + ", " + std::to_string(body.size()) +
                              " bytes) is not usable JSON: " + e.what());
  }
  if (auto err = air_error(page))
    return Status::failed(
        FailureArea::api, "FeedTransportError.ApiError",
        *err + " at " + url + " (page " + std::to_string(n) + ")" +
            (err->find(" 403") != std::string::npos ? "; Air asks for at least 5 minutes between full downloads" : ""));
  if (!page.is_array())
    return Status::failed(FailureArea::feed, "FeedFormatError",
                          url + " (page " + std::to_string(n) + ") is a JSON " + page.type_name() + ", not an array");
  if (page.empty()) {
    if (n == 0)
      return Status::failed(FailureArea::feed, "FeedEmpty",
                            url + ": page 0 is [] (0 items, " + std::to_string(body.size()) + " bytes)");
    last = true;
    return Status::ok();
  }
  host.counters.add("api_pages", 1);
  for (std::size_t i = 0; i < page.size(); ++i) {
    Origin origin{url, i + 1};
    ItemResult r = parse_api_item(page[i], config, origin, fetched_at, cotiza);
    Status s = std::holds_alternative<Offer>(r) ? out.add(std::get<Offer>(std::move(r)))
                                                : out.reject(std::get<RowIssue>(std::move(r)));
    if (!s) return s;
  }
  return Status::ok();
}

Status read_api(const AirConfig& config, const HostServices& host, OfferStream& out) {
  ApiSession session(config, host);
  Status s = session.login();
  if (!s) return s;
  out.facts().supplier_fx = session.cotiza();
  out.facts().fx_base = "USD";
  out.facts().fx_quote = "ARS";
  out.facts().resource = config.url;
  // Facts right after login: the sink begins (locks, checks the target) before
  // the catalog is downloaded, so a setup error costs one request, not the feed.
  if (Status f = out.send_facts(); !f) return f;

  std::string body;
  for (std::size_t n = 0;; ++n) {
    if (host.cancel.requested())
      return Status::skipped(FailureArea::none, "Cancelled", "cancelled before page " + std::to_string(n));
    if (n >= config.max_pages)
      return Status::failed(FailureArea::feed, "FeedFormatError",
                            "more than max_pages = " + std::to_string(config.max_pages) + " pages at " + config.url);
    std::string url = with_query(config.url, "q=" + config.query + "&page=" + std::to_string(n));
    auto fetched_at = now_utc();
    s = session.page(n, url, body);
    if (!s) return s;
    if (text::starts_with_markup(body))  // a 200 login/maintenance page, whatever its Content-Type
      return Status::failed(
          FailureArea::feed, "FeedFormatError",
          url + " (page " + std::to_string(n) + ") is an HTML page, not JSON: '" + snippet(body, 0) + "'");
    bool last = false;
    s = read_api_page(body, url, n, config, host, out, fetched_at, session.cotiza(), last);
    if (!s) return s;
    if (last) break;
  }
  return Status::ok();
}

}  // namespace tecsync::air
