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

#include "config.hpp"
#include "offer_stream.hpp"
#include "tecsync/host.hpp"

namespace tecsync::air {

/// Reads every page into `out` (rows, rejects, facts). Does not call `out.finish()`.
Status read_api(const AirConfig& config, const HostServices& host, OfferStream& out);

/// `base` + `?`/`&` + `query` (no encoding of `query`).
std::string with_query(const std::string& base, const std::string& query);

/// Percent-encodes a query value (RFC 3986 unreserved characters kept).
std::string url_encode(std::string_view value);

}  // namespace tecsync::air
