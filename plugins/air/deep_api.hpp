#pragma once
/// @file
/// The deep read of the API form: login, the paged item list (`deep_query`,
/// default `articulos`) page by page, and for each page's new SKUs one
/// `q=get_meta&codiart=CODE` request through `HttpClient::fetch_many`
/// (`max_parallel` in flight, `meta_min_interval` pacing, `meta_retry_statuses`
/// retried with the host's backoff). Memory: one page of items and its metas.
///
/// A failed login or item list fails the cycle exactly as in flash
/// (api_reader.hpp). A failed or invalid meta is a warning on that product
/// (deep_meta.hpp), which is still emitted with what the list gave. A meta
/// answered 401 (token expired) makes the session log in again once and those
/// metas are asked again. A list item repeated on a later page (Air's pages
/// overlap) is skipped before its meta is fetched, with a `DUPLICATE_IDENTICAL`
/// batch warning.

#include "config.hpp"
#include "deep_content.hpp"
#include "tecsync/host.hpp"

namespace tecsync::air {

/// Reads the whole catalog's content into `out`. Does not call `out.finish()`.
Status read_deep_api(const AirConfig& config, const HostServices& host, ContentStream& out);

}  // namespace tecsync::air
