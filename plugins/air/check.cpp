// `tecsync check` for the air source: reachability and login, never a whole feed.
#include <fstream>

#include "api_reader.hpp"
#include "api_session.hpp"
#include "source.hpp"

namespace tecsync::air {
namespace {

// The first bytes of an http(s) resource (the transfer is stopped after the
// first chunk), or a file opened and one byte read.
Status probe(const std::string& url, const HostServices& host, std::string& what) {
  if (!is_http_url(url)) {
    std::ifstream in(url, std::ios::binary);
    char c;
    if (!in || !in.get(c))
      return Status::failed(FailureArea::feed, "FeedTransportError.NotFound", url + ": cannot open or read the file");
    what = url + " readable";
    return Status::ok();
  }
  HttpRequest req;
  req.url = url;
  long status = 0;
  bool got_bytes = false;
  HttpResponse head;
  Status s = host.http.fetch(
      req,
      [&](std::string_view, const HttpResponse& h) {
        status = h.status;
        got_bytes = true;
        return false;  // enough: the server answered
      },
      head);
  if (status == 0) status = head.status;
  if (!s && !(got_bytes && s.error_class == "FeedTransportError.Aborted")) return s;
  if (status != 200)
    return Status::failed(FailureArea::api, "FeedTransportError.HttpStatus",
                          "HTTP " + std::to_string(status) + " at " + url);
  what = url + " reachable (HTTP 200)";
  return Status::ok();
}

}  // namespace

Status AirSource::check(std::vector<ReportItem>& report) {
  Status overall;
  auto add = [&](std::string what, Status s) {
    if (!s && overall) overall = s;
    report.push_back({std::move(what), std::move(s)});
  };
  if (config_.form == Form::api) {
    ApiSession session(config_, host_);
    Status s = session.login();
    add("Air API login as '" + config_.user + "' at " + config_.url, s);
    if (!s) return overall;
    std::vector<std::string> queries{config_.query};
    if (config_.deep_query != config_.query) queries.push_back(config_.deep_query);
    for (const auto& q : queries) {
      std::string url = with_query(config_.url, "q=" + q + "&page=0");
      std::string body;
      add("Air API first page " + url, session.page(0, url, body));
    }
    return overall;
  }
  std::string what;
  Status s = probe(config_.url, host_, what);
  add(s ? what : "price list " + config_.url, s);
  if (!config_.characteristics_url.empty()) {
    s = probe(config_.characteristics_url, host_, what);
    add(s ? what : "characteristics " + config_.characteristics_url, s);
  }
  return overall;
}

}  // namespace tecsync::air
