#include "deep_api.hpp"

#include <nlohmann/json.hpp>
#include <unordered_set>

#include "api_reader.hpp"
#include "api_session.hpp"
#include "deep_meta.hpp"
#include "tecsync/text/markup.hpp"

namespace tecsync::air {
namespace {

using nlohmann::json;

std::string meta_url(const AirConfig& c, const std::string& sku) {
  return with_query(c.url, "q=get_meta&codiart=" + url_encode(sku));
}

HttpRequest meta_request(const AirConfig& c, const ApiSession& session, const std::string& sku) {
  HttpRequest r;
  r.method = c.meta_method;
  r.url = meta_url(c, sku);
  r.headers = {{"Authorization", "Bearer " + session.token()}};
  if (c.meta_method == "POST") {
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = "{}";
  }
  return r;
}

// True when a meta answer says the token is no longer good.
bool unauthorized(const HttpResult& r) {
  if (!r.status) return false;
  if (r.response.status == 401) return true;
  long id = 0;
  return air_error(json::parse(r.body, nullptr, false), &id) && id == 401;
}

class DeepApiReader {
 public:
  DeepApiReader(const AirConfig& c, const HostServices& host, ContentStream& out)
      : c_(c), host_(host), out_(out), session_(c, host) {
    limits_.max_in_flight = c.max_parallel;
    limits_.max_per_host = c.max_parallel;
    limits_.max_body_bytes = c.meta_max_bytes;
    limits_.min_interval_s = c.meta_min_interval;
    limits_.retry_statuses = c.meta_retry_statuses;
    limits_.backoff_s = c.meta_backoff;
  }

  Status run() {
    if (Status s = session_.login(); !s) return s;
    out_.facts().supplier_fx = session_.cotiza();
    out_.facts().resource = c_.url;
    if (Status s = out_.send_facts(); !s) return s;  // the sink begins before the catalog is read
    std::string body;
    for (std::size_t n = 0;; ++n) {
      if (host_.cancel.requested())
        return Status::skipped(FailureArea::none, "Cancelled", "cancelled before page " + std::to_string(n));
      if (n >= c_.max_pages)
        return Status::failed(FailureArea::feed, "FeedFormatError",
                              "more than max_pages = " + std::to_string(c_.max_pages) + " pages at " + c_.url);
      std::string url = with_query(c_.url, "q=" + c_.deep_query + "&page=" + std::to_string(n));
      if (Status s = session_.page(n, url, body); !s) return s;
      bool last = false;
      if (Status s = page(body, url, n, last); !s) return s;
      if (last) return Status::ok();
    }
  }

 private:
  Status page(const std::string& body, const std::string& url, std::size_t n, bool& last) {
    auto where = url + " (page " + std::to_string(n) + ")";
    if (text::starts_with_markup(body))
      return Status::failed(FailureArea::feed, "FeedFormatError", where + " is an HTML page, not JSON");
    json items = json::parse(body, nullptr, false);
    if (items.is_discarded())
      return Status::failed(FailureArea::feed, "FeedFormatError",
                            where + " (" + std::to_string(body.size()) + " bytes) is not valid JSON");
    if (auto err = air_error(items))
      return Status::failed(FailureArea::api, "FeedTransportError.ApiError", *err + " at " + where);
    if (!items.is_array())
      return Status::failed(FailureArea::feed, "FeedFormatError",
                            where + " is a JSON " + std::string(items.type_name()) + ", not an array");
    if (items.empty()) {
      if (n == 0) return Status::failed(FailureArea::feed, "FeedEmpty", url + ": page 0 is [] (0 items)");
      last = true;
      return Status::ok();
    }
    host_.counters.add("api_pages", 1);

    std::vector<ProductContent> pending;
    std::unordered_set<std::string> in_page;
    for (std::size_t i = 0; i < items.size(); ++i) {
      Origin origin{url, i + 1};
      auto r = content_from_item(items[i], c_, origin, session_.cotiza());
      if (auto* issue = std::get_if<RowIssue>(&r)) {
        if (Status s = out_.reject(std::move(*issue)); !s) return s;
        continue;
      }
      auto& content = std::get<ProductContent>(r);
      if (out_.seen(content.sku) || !in_page.insert(content.sku).second) {
        if (Status s =
                out_.warning({origin, content.sku, "DUPLICATE_IDENTICAL", "item repeated in the list; kept once"});
            !s)
          return s;
        continue;
      }
      pending.push_back(std::move(content));
    }
    if (Status s = fetch_metas(pending); !s) return s;
    for (auto& content : pending)
      if (Status s = out_.add(std::move(content)); !s) return s;
    return Status::ok();
  }

  // One round of get_meta for `pending` (all of them, or those answered 401
  // after a new login), applied in list order once all have finished.
  Status fetch_metas(std::vector<ProductContent>& pending) {
    std::vector<std::size_t> todo(pending.size());
    for (std::size_t i = 0; i < todo.size(); ++i) todo[i] = i;
    std::vector<HttpResult> results(pending.size());
    for (int round = 0; !todo.empty(); ++round) {
      std::vector<HttpRequest> reqs;
      for (std::size_t i : todo) reqs.push_back(meta_request(c_, session_, pending[i].sku));
      Status s = host_.http.fetch_many(reqs, limits_, [&](HttpResult&& r) {
        std::size_t at = todo[r.index];
        r.index = at;
        results[at] = std::move(r);
        return !host_.cancel.requested();
      });
      host_.counters.add("meta_requests", static_cast<std::int64_t>(reqs.size()));
      if (host_.cancel.requested())
        return Status::skipped(FailureArea::none, "Cancelled", "cancelled while fetching product metas");
      if (!s) return s;
      std::vector<std::size_t> again;
      for (std::size_t i : todo)
        if (unauthorized(results[i])) again.push_back(i);
      if (again.empty() || round > 0) break;
      host_.log.info("air: get_meta answered 401, logging in again");
      host_.counters.add("api_relogins", 1);
      if (Status l = session_.login(); !l) return l;
      todo = std::move(again);
    }
    std::int64_t failed = 0;
    for (std::size_t i = 0; i < pending.size(); ++i) {
      std::size_t before = pending[i].warnings.size();
      apply_meta(pending[i], results[i], meta_url(c_, pending[i].sku), c_);
      for (std::size_t w = before; w < pending[i].warnings.size(); ++w)
        if (pending[i].warnings[w].code == "META_UNAVAILABLE" || pending[i].warnings[w].code == "BAD_META") {
          ++failed;
          break;
        }
    }
    if (failed) host_.counters.add("meta_failed", failed);
    return Status::ok();
  }

  const AirConfig& c_;
  const HostServices& host_;
  ContentStream& out_;
  ApiSession session_;
  HttpBatchLimits limits_;
};

}  // namespace

Status read_deep_api(const AirConfig& config, const HostServices& host, ContentStream& out) {
  return DeepApiReader(config, host, out).run();
}

}  // namespace tecsync::air
