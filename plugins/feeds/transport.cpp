#include "transport.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

namespace tecsync::feeds {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

HttpRequest get(const CommonConfig& c, const std::string& url) {
  HttpRequest req;
  req.url = url;
  add_auth(c, req);
  return req;
}

Status not_found(const std::string& what) {
  return Status::failed(FailureArea::api, "FeedTransportError.NotFound", what);
}

Status read_file(const HostServices& host, const std::string& path,
                 const std::function<Status(std::string_view)>& on_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found(path + ": cannot open the file");
  std::vector<char> buf(kChunk);
  while (in) {
    if (host.cancel.requested()) return Status::skipped(FailureArea::none, "Cancelled", "cancelled reading " + path);
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() <= 0) break;
    if (Status s = on_bytes(std::string_view(buf.data(), static_cast<std::size_t>(in.gcount()))); !s) return s;
  }
  if (in.bad()) return not_found(path + ": read error");
  return Status::ok();
}

}  // namespace

std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < in.size(); i += 3) {
    std::uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) v |= static_cast<unsigned char>(in[i + 2]);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back(i + 2 < in.size() ? kAlphabet[v & 63] : '=');
  }
  return out;
}

void add_auth(const CommonConfig& c, HttpRequest& request) {
  if (c.auth == Auth::basic)
    request.headers.emplace_back("Authorization", "Basic " + base64(c.user + ":" + c.password));
  if (c.auth == Auth::bearer)
    request.headers.emplace_back(c.header_name, c.header_name == "Authorization" ? "Bearer " + c.token : c.token);
}

Status http_status_failure(long status, const std::string& url) {
  std::string why = status == 401 || status == 403 ? " (login refused: check auth, user, password or token)" : "";
  return Status::failed(FailureArea::api, "FeedTransportError.HttpStatus",
                        "HTTP " + std::to_string(status) + " at " + url + why);
}

Status read_body(const CommonConfig& c, const HostServices& host, const std::string& url,
                 const std::function<Status(std::string_view)>& on_bytes) {
  if (!is_http_url(url)) return read_file(host, url, on_bytes);
  std::unique_ptr<std::FILE, FileCloser> spool(std::tmpfile());
  if (!spool) return not_found("cannot create a spool file for " + url);
  long bad_status = 0;
  bool write_failed = false, too_big = false;
  std::size_t bytes = 0;
  HttpResponse head;
  Status s = host.http.fetch_restarting(
      get(c, url),
      [&](std::string_view chunk, const HttpResponse& h) {
        if (h.status != 200) {  // an error page is never parsed as a feed
          bad_status = h.status;
          return false;
        }
        bytes += chunk.size();
        if (bytes > c.max_bytes) {
          too_big = true;
          return false;
        }
        write_failed = std::fwrite(chunk.data(), 1, chunk.size(), spool.get()) != chunk.size();
        return !write_failed;
      },
      [&] {
        std::fflush(spool.get());
        bytes = 0;
        if (::ftruncate(::fileno(spool.get()), 0) != 0) write_failed = true;
        std::rewind(spool.get());
      },
      head);
  if (bad_status == 0 && head.status != 200 && head.status != 0) bad_status = head.status;
  if (bad_status != 0) return http_status_failure(bad_status, url);
  if (too_big)
    return Status::failed(FailureArea::api, "FeedTransportError.TooLarge",
                          url + ": body over max_bytes = " + std::to_string(c.max_bytes));
  if (write_failed) return not_found("cannot spool " + url + " to disk");
  if (!s) return s;
  std::rewind(spool.get());
  std::vector<char> buf(kChunk);
  while (std::size_t got = std::fread(buf.data(), 1, buf.size(), spool.get())) {
    if (host.cancel.requested()) return Status::skipped(FailureArea::none, "Cancelled", "cancelled reading " + url);
    if (Status p = on_bytes(std::string_view(buf.data(), got)); !p) return p;
  }
  if (std::ferror(spool.get())) return not_found("cannot read back the spool of " + url);
  return Status::ok();
}

Status fetch_page(const CommonConfig& c, const HostServices& host, const std::string& url, std::string& body) {
  HttpResponse head;
  Status s = host.http.fetch_small(get(c, url), body, head, c.max_bytes);
  if (!s) return s;
  if (head.status != 200) return http_status_failure(head.status, url);
  return Status::ok();
}

Status probe(const CommonConfig& c, const HostServices& host, const std::string& url, std::string& head) {
  head.clear();
  if (!is_http_url(url)) {
    std::ifstream in(url, std::ios::binary);
    if (!in) return not_found(url + ": cannot open the file");
    head.resize(kChunk);
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    return Status::ok();
  }
  HttpResponse resp;
  Status s = host.http.fetch(
      get(c, url),
      [&](std::string_view chunk, const HttpResponse& h) {
        if (h.status != 200) return false;
        head.append(chunk);
        return head.size() < kChunk;
      },
      resp);
  if (resp.status != 200 && resp.status != 0) return http_status_failure(resp.status, url);
  // Stopping after the first 64 KiB is ours, not a failure.
  if (!s && !(s.error_class == "FeedTransportError.Aborted" && !head.empty())) return s;
  return Status::ok();
}

}  // namespace tecsync::feeds
