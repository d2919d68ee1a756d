#include "api_session.hpp"

#include <nlohmann/json.hpp>
#include <string_view>

#include "api_reader.hpp"
#include "tecsync/text/number.hpp"

namespace tecsync::air {

using nlohmann::json;

// Air's error object, if `v` is one.
std::optional<std::string> air_error(const nlohmann::json& v, long* id) {
  if (!v.is_object() || !v.contains("error_id")) return std::nullopt;
  auto text = [&](const char* k) {
    auto it = v.find(k);
    if (it == v.end() || it->is_null()) return std::string();
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
  const nlohmann::json& e = v["error_id"];
  if (id) *id = e.is_number_integer() ? e.get<long>() : std::atol(text("error_id").c_str());
  return "Air error " + text("error_id") + " " + text("error_name") +
         (text("error_detail").empty() ? "" : ": " + text("error_detail"));
}

Status ApiSession::login() {
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

namespace {
/// True when the first non-blank byte of `body` opens a JSON object.
bool starts_with_object(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);  // nlohmann skips a BOM too
  auto first = body.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && body[first] == '{';
}
}  // namespace

/// Fetches one page; sets `body` on HTTP 200. Re-logs in once on 401.
Status ApiSession::page(std::size_t n, const std::string& url, std::string& body) {
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
    if (!unauthorized && head.status == 200 && starts_with_object(body)) {
      // An error object served with 200: 401 inside means the token expired.
      // Only an object can be one; a page (an array) is not parsed twice.
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
                            "HTTP " + std::to_string(head.status) + " at " + url + " (page " + std::to_string(n) + ")" +
                                (what.empty() ? "" : ": " + what));
    }
    return Status::ok();
  }
}

}  // namespace tecsync::air
