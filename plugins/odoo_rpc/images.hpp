#pragma once
/// @file
/// Product images: bounded parallel downloads through `HttpClient::fetch_many`,
/// checked by size, content type and magic bytes, and base64 for Odoo's Image
/// fields (odoo-facts §3: images go through the API, never SQL).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tecsync/host.hpp"

namespace tecsync::odoo_rpc {

enum class ImageFormat { unknown, png, jpeg, gif, webp };

/// The format by the file's first bytes (PNG `89 50 4E 47 0D 0A 1A 0A`, JPEG
/// `FF D8 FF`, GIF `GIF87a`/`GIF89a`, WEBP `RIFF????WEBP`); unknown otherwise.
ImageFormat sniff_image(std::string_view bytes);

/// Whether `bytes` of `format` reach the format's end marker (PNG `IEND` chunk,
/// JPEG EOI `FF D9` near the end, GIF trailer `;`, WEBP's RIFF length): false
/// for a file cut short, which keeps its magic bytes.
bool image_complete(ImageFormat format, std::string_view bytes);

/// Standard base64 with `=` padding (RFC 4648 §4), what Odoo's Binary fields take.
std::string base64(std::string_view bytes);

/// Why a downloaded body is not an image we write, or "" when it is one:
/// `HTTP 404`, `content-type text/html is not image/*`, `bytes are not PNG/JPEG/GIF/WEBP`,
/// `image is cut short (no end marker)`.
std::string image_problem(long http_status, const std::string& content_type, std::string_view body);

/// One image as it came back.
struct FetchedImage {
  std::string url;
  std::string bytes;  ///< the raw file when `problem` is empty
  std::string problem;
};

/// Limits of one download round.
struct ImageLimits {
  std::size_t parallel = 8;
  std::size_t per_host = 4;
  std::size_t max_bytes = 10u << 20;
  double timeout_s = 60;
};

/// Downloads `urls` (each once; results in the same order) with the limits.
/// A failure is that image's `problem` (`FeedTransportError.TooLarge: …`,
/// `HTTP 404`, …), never an exception.
std::vector<FetchedImage> download_images(HttpClient& http, const std::vector<std::string>& urls,
                                          const ImageLimits& limits);

}  // namespace tecsync::odoo_rpc
