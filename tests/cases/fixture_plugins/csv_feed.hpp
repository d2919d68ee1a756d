#pragma once
// A deliberately small Air-sheet reader for the case fixtures, written only
// against the installed SDK's text utilities (tecsync/text/*): it proves that
// a third party can read a feed with what the SDK ships. Columns: CODPROV,
// COSTO+ or COSTO (USD), CBA → S_CBA, BS AS | LUG → S_BUE. A row it cannot
// read is rejected with BAD_ROW / BAD_NUMBER; it is not the Air plugin.
#include <optional>
#include <string>
#include <string_view>
#include <tecsync/sdk.hpp>
#include <tecsync/text/csv.hpp>
#include <tecsync/text/header.hpp>
#include <tecsync/text/number.hpp>
#include <tecsync/text/stock.hpp>
#include <tecsync/text/trim.hpp>
#include <vector>

namespace fx {

/// Parses a whole (small) CSV body into one batch; fails on a missing column.
inline tecsync::Status parse_feed(std::string_view body, const std::string& resource, tecsync::OfferBatch& out) {
  namespace text = tecsync::text;
  text::CsvReader reader;
  std::vector<text::CsvRecord> records;
  auto keep = [&](text::CsvRecord&& r) {
    records.push_back(std::move(r));
    return true;
  };
  reader.push(body, keep);
  reader.finish(keep);
  if (records.empty()) return tecsync::Status::failed(tecsync::FailureArea::feed, "FeedEmpty", resource + ": empty");
  const auto& head = records.front().fields;
  auto col = [&](std::initializer_list<std::string_view> aliases) -> std::optional<std::size_t> {
    for (auto a : aliases)
      if (auto i = text::find_column(head, a)) return i;
    return std::nullopt;
  };
  auto sku = col({"CODPROV"});
  auto cost = col({"COSTO+", "COSTO"});
  auto cba = col({"CBA", "S_CBA"});
  auto bue = col({"BS AS", "LUG", "S_BUE"});
  if (!sku || !cost || !cba || !bue)
    return tecsync::Status::failed(tecsync::FailureArea::feed, "FeedSchemaError",
                                   resource + ": needs CODPROV, COSTO, CBA and BS AS columns");
  for (std::size_t i = 1; i < records.size(); ++i) {
    const auto& r = records[i];
    if (r.is_blank()) continue;
    tecsync::Origin origin{resource, r.line};
    if (r.malformed || r.fields.size() != head.size()) {
      out.rejects.push_back({origin, "", "BAD_ROW", "field count or quoting"});
      continue;
    }
    tecsync::Offer o;
    o.sku = std::string(text::trim(r.fields[*sku]));
    o.origin = origin;
    auto c = text::parse_number(r.fields[*cost], text::NumberKind::money);
    if (!c.ok()) {
      out.rejects.push_back({origin, o.sku, "BAD_NUMBER", "COSTO: " + r.fields[*cost]});
      continue;
    }
    o.cost = c.value;
    o.currency = "USD";
    o.stock.push_back({"S_CBA", text::parse_stock(r.fields[*cba]).quantity});
    o.stock.push_back({"S_BUE", text::parse_stock(r.fields[*bue]).quantity});
    out.offers.push_back(std::move(o));
  }
  return tecsync::Status::ok();
}

/// Fetches `url` with the host's HTTP client and parses it.
inline tecsync::Status fetch_feed(tecsync::HttpClient& http, const std::string& url, tecsync::OfferBatch& out) {
  tecsync::HttpRequest req;
  req.url = url;
  tecsync::HttpResponse head;
  std::string body;
  if (auto s = http.fetch_small(req, body, head, 1u << 20); !s) return s;
  if (head.status != 200)
    return tecsync::Status::failed(tecsync::FailureArea::api, "FeedTransportError.HttpStatus",
                                   url + ": HTTP " + std::to_string(head.status));
  return parse_feed(body, url, out);
}

}  // namespace fx
