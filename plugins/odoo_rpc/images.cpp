#include "images.hpp"

#include <cstdint>
#include <utility>

namespace tecsync::odoo_rpc {

ImageFormat sniff_image(std::string_view b) {
  auto starts = [&](std::string_view magic, std::size_t at = 0) {
    return b.size() >= at + magic.size() && b.substr(at, magic.size()) == magic;
  };
  if (starts(std::string_view("\x89PNG\r\n\x1a\n", 8))) return ImageFormat::png;
  if (starts(std::string_view("\xFF\xD8\xFF", 3))) return ImageFormat::jpeg;
  if (starts("GIF87a") || starts("GIF89a")) return ImageFormat::gif;
  if (starts("RIFF") && starts("WEBP", 8)) return ImageFormat::webp;
  return ImageFormat::unknown;
}

bool image_complete(ImageFormat format, std::string_view b) {
  // A transfer cut short (or a file truncated at the source) keeps its magic
  // bytes; Odoo would store it and the shop would show a broken picture. Each
  // format has an end marker: PNG's IEND chunk (+ CRC), JPEG's EOI, GIF's
  // trailer, WEBP's RIFF length.
  auto tail_has = [&](std::string_view marker, std::size_t window) {
    std::string_view tail = b.substr(b.size() > window ? b.size() - window : 0);
    return tail.find(marker) != std::string_view::npos;
  };
  switch (format) {
    case ImageFormat::png:
      return b.size() >= 20 && b.substr(b.size() - 8, 4) == "IEND";
    case ImageFormat::jpeg:
      return tail_has(std::string_view("\xFF\xD9", 2), 1024);
    case ImageFormat::gif:
      return tail_has(";", 16);
    case ImageFormat::webp: {
      if (b.size() < 12) return false;
      std::uint64_t riff = 0;
      for (int i = 3; i >= 0; --i) riff = (riff << 8) | static_cast<unsigned char>(b[4 + i]);
      return riff + 8 <= b.size();
    }
    case ImageFormat::unknown:
      break;
  }
  return false;
}

std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (std::size_t rest = in.size() - i; rest > 0) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string image_problem(long status, const std::string& content_type, std::string_view body) {
  if (status != 200) return "HTTP " + std::to_string(status);
  // Both must agree: a CDN's HTML error page served 200 is not an image, and
  // neither is a file that claims image/* but holds something else.
  std::string type = content_type.substr(0, content_type.find(';'));
  if (type.rfind("image/", 0) != 0)
    return "content-type " + (type.empty() ? std::string("(none)") : type) + " is not image/*";
  if (body.empty()) return "empty body";
  ImageFormat format = sniff_image(body);
  if (format == ImageFormat::unknown) return "bytes are not PNG/JPEG/GIF/WEBP";
  if (!image_complete(format, body)) return "image is cut short (no end marker)";
  return {};
}

std::vector<FetchedImage> download_images(HttpClient& http, const std::vector<std::string>& urls,
                                          const ImageLimits& limits) {
  std::vector<FetchedImage> out(urls.size());
  std::vector<HttpRequest> reqs(urls.size());
  for (std::size_t i = 0; i < urls.size(); ++i) {
    out[i].url = urls[i];
    reqs[i].url = urls[i];
    reqs[i].total_timeout_s = limits.timeout_s;
    out[i].problem = "not downloaded";
  }
  if (urls.empty()) return out;
  HttpBatchLimits lim;
  lim.max_in_flight = limits.parallel;
  lim.max_per_host = limits.per_host;
  lim.max_body_bytes = limits.max_bytes;
  Status s = http.fetch_many(reqs, lim, [&](HttpResult&& r) {
    if (r.index >= out.size()) return true;
    FetchedImage& img = out[r.index];
    if (!r.status.is_ok()) {
      img.problem = r.status.error_class + (r.status.detail.empty() ? "" : ": " + r.status.detail);
    } else if (r.body.size() > limits.max_bytes) {
      img.problem = "over " + std::to_string(limits.max_bytes) + " bytes";
    } else {
      img.problem = image_problem(r.response.status, r.response.content_type, r.body);
      if (img.problem.empty()) img.bytes = std::move(r.body);
    }
    return true;
  });
  if (!s.is_ok())
    for (auto& img : out)
      if (img.problem == "not downloaded") img.problem = s.error_class + ": " + s.detail;
  return out;
}

}  // namespace tecsync::odoo_rpc
