#pragma once
/// @file
/// The Air JSON API v2 flow: login (token + `cotiza`), then `POST ?q=<query>&page=N`
/// from page 0 until a page is `[]`, one page in memory at a time.
///
/// Failure classes (area `api` unless noted):
///  * `FeedTransportError.HttpStatus`: a non-200 answer, or a second 401 after
///    logging in again; the detail names the URL and page;
///  * `FeedTransportError.ApiError`: an Air error object
///    (`{"error_id","error_name","error_detail"}`), e.g. 403 "too many queries";
///  * `FeedFormatError` (area `feed`): a login answer without token, or a page
///    that is not a JSON array (HTML, PHP notice, trailing junk), with the byte
///    offset of the first error; never taken as the end of the catalog;
///  * `FeedEmpty` (area `feed`): page 0 is `[]`;
///  * whatever the host's HttpClient returns (timeouts, cut transfers).

#include <chrono>
#include <optional>
#include <string_view>

#include "config.hpp"
#include "offer_stream.hpp"
#include "tecsync/host.hpp"

namespace tecsync::air {

/// Reads every page into `out` (rows, rejects, facts). Does not call `out.finish()`.
Status read_api(const AirConfig& config, const HostServices& host, OfferStream& out);

/// One page body (already fetched) into `out`: the JSON checks above, then each
/// item through the item rules (api_item.hpp; origin = `url`, line = item
/// index + 1). A page that is an array is read with nlohmann's SAX parser
/// straight into the rules' fields, no DOM; every item is converted before the
/// first reaches `out`, so a page that turns out cut or garbled hands on
/// nothing. Anything else (an error object, a syntax error, a value a message
/// quotes whole) is read again through a DOM, which words the error.
/// `n` is the page number (page 0 being `[]` is `FeedEmpty`); `last` is set
/// when the page is `[]` after page 0, the end of the catalog. No I/O: this is
/// the part of `read_api` that the unit tests and the fuzzer drive directly.
Status read_api_page(std::string_view body, const std::string& url, std::size_t n, const AirConfig& config,
                     const HostServices& host, OfferStream& out, std::chrono::sys_seconds fetched_at,
                     std::optional<Decimal> cotiza, bool& last);

/// `base` + `?`/`&` + `query` (no encoding of `query`).
std::string with_query(const std::string& base, const std::string& query);

/// Percent-encodes a query value (RFC 3986 unreserved characters kept).
std::string url_encode(std::string_view value);

}  // namespace tecsync::air
