#include "sheet_reader.hpp"

#include <fstream>
#include <vector>

#include "sheet_parser.hpp"

namespace tecsync::air {
namespace {

std::chrono::sys_seconds now_utc() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

Status read_http(const AirConfig& c, const HostServices& host, SheetParser& parser) {
  HttpRequest req;
  req.method = "GET";
  req.url = c.url;
  Status parse_status;
  long bad_status = 0;
  HttpResponse head;
  Status s = host.http.fetch(
      req,
      [&](std::string_view chunk, const HttpResponse& h) {
        if (h.status != 200) {  // an error page is never parsed as a sheet
          bad_status = h.status;
          return false;
        }
        parse_status = parser.push(chunk);
        return parse_status.is_ok();
      },
      head);
  if (!parse_status) return parse_status;
  if (bad_status == 0 && head.status != 200 && head.status != 0) bad_status = head.status;
  if (bad_status != 0)
    return Status::failed(FailureArea::api, "FeedTransportError.HttpStatus",
                          "HTTP " + std::to_string(bad_status) + " at " + c.url);
  if (!s) return s;
  return parser.finish();
}

Status read_file(const AirConfig& c, const HostServices& host, SheetParser& parser) {
  std::ifstream in(c.url, std::ios::binary);
  if (!in) return Status::failed(FailureArea::feed, "FeedTransportError.NotFound", c.url + ": cannot open the file");
  std::vector<char> buf(c.read_chunk);
  while (in) {
    if (host.cancel.requested()) return Status::skipped(FailureArea::none, "Cancelled", "cancelled reading " + c.url);
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    Status s = parser.push(std::string_view(buf.data(), static_cast<std::size_t>(got)));
    if (!s) return s;
  }
  if (in.bad()) return Status::failed(FailureArea::feed, "FeedTransportError.NotFound", c.url + ": read error");
  return parser.finish();
}

}  // namespace

Status read_sheet(const AirConfig& config, const HostServices& host, OfferStream& out) {
  SheetParser parser(config, host, config.url, out, now_utc());
  return is_http_url(config.url) ? read_http(config, host, parser) : read_file(config, host, parser);
}

}  // namespace tecsync::air
