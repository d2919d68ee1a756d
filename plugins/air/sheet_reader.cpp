#include "sheet_reader.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

#include "sheet_parser.hpp"

namespace tecsync::air {
namespace {

std::chrono::sys_seconds now_utc() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

// The body is spooled to an unnamed temp file and parsed only once it arrived
// whole: a cut or stalled transfer is then retried from the start by the host's
// client (fetch_restarting), and no row of a truncated body ever reaches the
// sink. The feed is still never held in memory.
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

Status read_http(const std::string& url, const AirConfig& c, const HostServices& host, const BytesSink& push) {
  HttpRequest req;
  req.method = "GET";
  req.url = url;
  std::unique_ptr<std::FILE, FileCloser> spool(std::tmpfile());
  if (!spool) return Status::failed(FailureArea::feed, "FeedTransportError.NotFound", "cannot create a spool file");
  long bad_status = 0;
  bool write_failed = false;
  HttpResponse head;
  Status s = host.http.fetch_restarting(
      req,
      [&](std::string_view chunk, const HttpResponse& h) {
        if (h.status != 200) {  // an error page is never parsed as a sheet
          bad_status = h.status;
          return false;
        }
        if (std::fwrite(chunk.data(), 1, chunk.size(), spool.get()) != chunk.size()) {
          write_failed = true;
          return false;
        }
        return true;
      },
      [&] {
        std::fflush(spool.get());
        if (::ftruncate(::fileno(spool.get()), 0) != 0) write_failed = true;
        std::rewind(spool.get());
      },
      head);
  if (write_failed)
    return Status::failed(FailureArea::feed, "FeedTransportError.NotFound", "cannot spool " + url + " to disk");
  if (bad_status == 0 && head.status != 200 && head.status != 0) bad_status = head.status;
  if (bad_status != 0)
    return Status::failed(FailureArea::api, "FeedTransportError.HttpStatus",
                          "HTTP " + std::to_string(bad_status) + " at " + url);
  if (!s) return s;
  std::rewind(spool.get());
  std::vector<char> buf(c.read_chunk);
  for (;;) {
    if (host.cancel.requested()) return Status::skipped(FailureArea::none, "Cancelled", "cancelled reading " + url);
    std::size_t got = std::fread(buf.data(), 1, buf.size(), spool.get());
    if (got == 0) break;
    Status p = push(std::string_view(buf.data(), got));
    if (!p) return p;
  }
  if (std::ferror(spool.get()))
    return Status::failed(FailureArea::feed, "FeedTransportError.NotFound", "cannot read back the spool of " + url);
  return Status::ok();
}

Status read_file(const std::string& path, const AirConfig& c, const HostServices& host, const BytesSink& push) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::failed(FailureArea::feed, "FeedTransportError.NotFound", path + ": cannot open the file");
  std::vector<char> buf(c.read_chunk);
  while (in) {
    if (host.cancel.requested()) return Status::skipped(FailureArea::none, "Cancelled", "cancelled reading " + path);
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    Status s = push(std::string_view(buf.data(), static_cast<std::size_t>(got)));
    if (!s) return s;
  }
  if (in.bad()) return Status::failed(FailureArea::feed, "FeedTransportError.NotFound", path + ": read error");
  return Status::ok();
}

}  // namespace

Status read_resource(const std::string& url, const AirConfig& config, const HostServices& host, const BytesSink& push) {
  return is_http_url(url) ? read_http(url, config, host, push) : read_file(url, config, host, push);
}

Status read_sheet(const AirConfig& config, const HostServices& host, OfferStream& out) {
  SheetParser parser(config, host, config.url, out, now_utc());
  Status s = read_resource(config.url, config, host, [&](std::string_view bytes) { return parser.push(bytes); });
  return s ? parser.finish() : s;
}

}  // namespace tecsync::air
