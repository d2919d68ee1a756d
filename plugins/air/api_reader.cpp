#include "api_reader.hpp"

#include <nlohmann/json.hpp>

#include "api_item.hpp"
#include "tecsync/text/markup.hpp"
#include "tecsync/text/number.hpp"

namespace tecsync::air {
namespace {

using nlohmann::json;

std::chrono::sys_seconds now_utc() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

// Air's error object, if `v` is one.
std::optional<std::string> air_error(const json& v, long* id = nullptr) {
  if (!v.is_object() || !v.contains("error_id")) return std::nullopt;
  auto text = [&](const char* k) {
    auto it = v.find(k);
    if (it == v.end() || it->is_null()) return std::string();
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
  const json& e = v["error_id"];
  if (id) *id = e.is_number_integer() ? e.get<long>() : std::atol(text("error_id").c_str());
  return "Air error " + text("error_id") + " " + text("error_name") +
         (text("error_detail").empty() ? "" : ": " + text("error_detail"));
}

std::string snippet(std::string_view body, std::size_t at) {
  std::size_t from = at > 40 ? at - 40 : 0;
  std::string s(body.substr(std::min(from, body.size()), 80));
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

class ApiSession {
 public:
  ApiSession(const AirConfig& c, const HostServices& host) : c_(c), host_(host) {}

  Status login() {
    HttpRequest req;
    req.method = "GET";
    req.url = with_query(c_.url, "q=login&user=" + url_encode(c_.user) + "&pass=" + url_encode(c_.password));
    // The login URL holds the password: messages name it without credentials.
    std::string shown = with_query(c_.url, "q=login&user=" + url_encode(c_.user));
    std::string body;
    HttpResponse head;
    Status s = host_.http.fetch_small(req, body, head, 1u << 20);
    if (!s) {
      s.detail = "login at " + shown + ": " + s.detail;
      if (s.detail.find(c_.password) != std::string::npos && !c_.password.empty())
        s.detail = "login at " + shown + " failed";
      return s;
    }
    json v = json::parse(body, nullptr, false);
    if (auto err = air_error(v))
      return Status::failed(FailureArea::api, "FeedTransportError.ApiError", *err + " at login " + shown);
    if (head.status != 200)
      return Status::failed(FailureArea::api, "FeedTransportError.HttpStatus",
                            "HTTP " + std::to_string(head.status) + " at login " + shown);
    if (v.is_discarded() || !v.is_object() || !v.contains("token") || !v["token"].is_string() ||
        v["token"].get<std::string>().empty())
      return Status::failed(FailureArea::api, "FeedFormatError", "login answer from " + shown + " has no token");
    token_ = v["token"].get<std::string>();
    auto cot = v.find("cotiza");
    if (cot != v.end() && !cot->is_null()) {
      std::string t = cot->is_string() ? cot->get<std::string>() : cot->dump();
      auto n = text::parse_number(t, text::NumberKind::money, '.');
      if (n.ok() && n.value.units() > 0)
        cotiza_ = n.value;
      else
        host_.pulses.emit(pulse::warning("Bad Cotiza", "login 'cotiza' '" + t + "' is not a rate > 0; no supplier FX"));
    }
    return Status::ok();
  }

  /// Fetches one page; sets `body` on HTTP 200. Re-logs in once on 401.
  Status page(std::size_t n, const std::string& url, std::string& body) {
    for (int attempt = 0;; ++attempt) {
      HttpRequest req;
      req.method = "POST";
      req.url = url;
      req.headers = {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}};
      req.body = "{}";
      HttpResponse head;
      Status s = host_.http.fetch_small(req, body, head, c_.max_page_bytes);
      if (!s) {
        s.detail += " (page " + std::to_string(n) + ")";
        return s;
      }
      long err_id = 0;
      bool unauthorized = head.status == 401;
      if (!unauthorized && head.status == 200) {
        // An error object served with 200: 401 inside means the token expired.
        json v = json::parse(body, nullptr, false);
        if (air_error(v, &err_id) && err_id == 401) unauthorized = true;
      }
      if (unauthorized) {
        if (attempt > 0)
          return Status::failed(FailureArea::api, "FeedTransportError.HttpStatus",
                                "HTTP 401 again after a new login at " + url + " (page " + std::to_string(n) + ")");
        host_.log.info("air: 401 at page " + std::to_string(n) + ", logging in again");
        host_.counters.add("api_relogins", 1);
        Status l = login();
        if (!l) return l;
        continue;
      }
      if (head.status != 200) {
        json v = json::parse(body, nullptr, false);
        std::string what = air_error(v).value_or("");
        return Status::failed(FailureArea::api, "FeedTransportError.HttpStatus",
                              "HTTP " + std::to_string(head.status) + " at " + url + " (page " + std::to_string(n) +
                                  ")" + (what.empty() ? "" : ": " + what));
      }
      return Status::ok();
    }
  }

  std::optional<Decimal> cotiza() const { return cotiza_; }

 private:
  const AirConfig& c_;
  const HostServices& host_;
  std::string token_;
  std::optional<Decimal> cotiza_;
};

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
