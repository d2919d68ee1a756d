#include "staging.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace tecsync::odoo {
namespace {
/// Decimal text without trailing fraction zeros ("12", "120.5"), so numeric
/// columns hold what Odoo's ORM would write rather than a 6-digit scale.
std::string plain(Decimal d) {
  std::string s = d.to_string(6);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}
}  // namespace

std::string_view trim_sku(std::string_view sku) {
  constexpr std::string_view nbsp = "\xC2\xA0";
  for (;;) {
    if (!sku.empty() && (sku.front() == ' ' || sku.front() == '\t'))
      sku.remove_prefix(1);
    else if (sku.starts_with(nbsp))
      sku.remove_prefix(2);
    else if (!sku.empty() && (sku.back() == ' ' || sku.back() == '\t'))
      sku.remove_suffix(1);
    else if (sku.ends_with(nbsp))
      sku.remove_suffix(2);
    else
      return sku;
  }
}

bool StageLog::feed_unique() {
  std::sort(code_hashes.begin(), code_hashes.end());
  return !conflict_reject && std::adjacent_find(code_hashes.begin(), code_hashes.end()) == code_hashes.end();
}

void create_staging(pqxx::connection& conn, const Target& target, StageLog& log) {
  log = StageLog{};
  pqxx::work tx{conn};
  tx.exec(
      "DROP TABLE IF EXISTS pg_temp.tecsync_stage_offer, pg_temp.tecsync_stage_stock, "
      "  pg_temp.tecsync_stage_issue, pg_temp.tecsync_loc;"
      "CREATE TEMP TABLE tecsync_stage_offer (seq bigint NOT NULL, code text NOT NULL, "
      "  list_price numeric, in_stock boolean NOT NULL, resource text, line bigint);"
      "CREATE TEMP TABLE tecsync_stage_stock (seq bigint NOT NULL, location_id integer NOT NULL, "
      "  qty numeric NOT NULL);"
      "CREATE TEMP TABLE tecsync_stage_issue (kind text NOT NULL, resource text, line bigint, sku text, "
      "  code text NOT NULL, detail text);"
      "CREATE TEMP TABLE tecsync_loc (code text NOT NULL, location_id integer NOT NULL, company_id integer);");
  {
    pqxx::stream_to loc{tx, "tecsync_loc", std::vector<std::string>{"code", "location_id", "company_id"}};
    for (const auto& l : target.locations) loc << std::make_tuple(l.code, l.id, l.company_id);
    loc.complete();
  }
  tx.commit();
}

std::int64_t stage_batch(pqxx::connection& conn, const Target& target, const OfferBatch& batch, StageLog& log) {
  pqxx::work tx{conn};
  const std::int64_t first = log.seq;
  {
    pqxx::stream_to s{tx, "tecsync_stage_offer",
                      std::vector<std::string>{"seq", "code", "list_price", "in_stock", "resource", "line"}};
    std::int64_t n = first;
    std::vector<std::pair<int, Decimal>> sums;  // this offer's quantity per mapped location (a handful)
    for (const Offer& o : batch.offers) {
      // The offer lands stock somewhere iff some location's summed quantity,
      // clamped at 0 as the target is, is above 0 (the pulse's "no stock" rank).
      sums.clear();
      for (const StockLevel& st : o.stock)
        for (const ResolvedLocation& l : target.locations)
          if (l.code == st.warehouse) {
            auto it = std::find_if(sums.begin(), sums.end(), [&](const auto& e) { return e.first == l.id; });
            if (it == sums.end())
              sums.emplace_back(l.id, st.quantity);
            else
              it->second = it->second + st.quantity;
          }
      const bool in_stock =
          std::any_of(sums.begin(), sums.end(), [](const auto& e) { return Decimal::from_int(0) < e.second; });
      std::optional<std::string> price;
      if (o.list_price) price = plain(*o.list_price);
      const std::string_view code = trim_sku(o.sku);
      if (!code.empty()) log.code_hashes.push_back(std::hash<std::string_view>{}(code));
      s << std::make_tuple(++n, std::string(code), price, in_stock, o.origin.resource,
                           static_cast<long long>(o.origin.line));
    }
    s.complete();
  }
  {
    pqxx::stream_to s{tx, "tecsync_stage_stock", std::vector<std::string>{"seq", "location_id", "qty"}};
    std::int64_t n = first;
    std::vector<int> seen;  // this offer's location ids (a handful)
    for (const Offer& o : batch.offers) {
      ++n;
      seen.clear();
      for (const StockLevel& st : o.stock)
        for (const ResolvedLocation& l : target.locations)
          if (l.code == st.warehouse) {
            if (std::find(seen.begin(), seen.end(), l.id) != seen.end()) log.stock_merges = true;
            seen.push_back(l.id);
            s << std::make_tuple(n, l.id, plain(st.quantity));
          }
    }
    s.complete();
  }
  {
    pqxx::stream_to s{tx, "tecsync_stage_issue",
                      std::vector<std::string>{"kind", "resource", "line", "sku", "code", "detail"}};
    for (const RowIssue& r : batch.rejects) {
      if (r.code == "DUPLICATE_CONFLICT") log.conflict_reject = true;
      s << std::make_tuple(std::string("reject"), r.origin.resource, static_cast<long long>(r.origin.line), r.sku,
                           r.code, r.detail);
    }
    for (const RowIssue& w : batch.warnings)
      s << std::make_tuple(std::string("warning"), w.origin.resource, static_cast<long long>(w.origin.line), w.sku,
                           w.code, w.detail);
    for (const Offer& o : batch.offers)
      for (const RowIssue& w : o.warnings)
        s << std::make_tuple(std::string("warning"), w.origin.resource, static_cast<long long>(w.origin.line),
                             w.sku.empty() ? o.sku : w.sku, w.code, w.detail);
    s.complete();
  }
  tx.commit();
  log.seq = first + static_cast<std::int64_t>(batch.offers.size());
  return static_cast<std::int64_t>(batch.offers.size());
}

}  // namespace tecsync::odoo
