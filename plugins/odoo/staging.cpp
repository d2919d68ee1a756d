#include "staging.hpp"

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

void create_staging(pqxx::connection& conn, const Target& target) {
  pqxx::work tx{conn};
  tx.exec(
      "DROP TABLE IF EXISTS pg_temp.tecsync_stage_offer, pg_temp.tecsync_stage_stock, "
      "  pg_temp.tecsync_stage_issue, pg_temp.tecsync_loc;"
      "CREATE TEMP TABLE tecsync_stage_offer (seq bigint NOT NULL, sku text NOT NULL, list_price numeric, "
      "  resource text, line bigint);"
      "CREATE TEMP TABLE tecsync_stage_stock (seq bigint NOT NULL, code text NOT NULL, qty numeric NOT NULL);"
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

std::int64_t stage_batch(pqxx::connection& conn, const OfferBatch& batch, std::int64_t& seq) {
  pqxx::work tx{conn};
  const std::int64_t first = seq;
  {
    pqxx::stream_to s{tx, "tecsync_stage_offer",
                      std::vector<std::string>{"seq", "sku", "list_price", "resource", "line"}};
    std::int64_t n = first;
    for (const Offer& o : batch.offers) {
      std::optional<std::string> price;
      if (o.list_price) price = plain(*o.list_price);
      s << std::make_tuple(++n, o.sku, price, o.origin.resource, static_cast<long long>(o.origin.line));
    }
    s.complete();
  }
  {
    pqxx::stream_to s{tx, "tecsync_stage_stock", std::vector<std::string>{"seq", "code", "qty"}};
    std::int64_t n = first;
    for (const Offer& o : batch.offers) {
      ++n;
      for (const StockLevel& st : o.stock) s << std::make_tuple(n, st.warehouse, plain(st.quantity));
    }
    s.complete();
  }
  {
    pqxx::stream_to s{tx, "tecsync_stage_issue",
                      std::vector<std::string>{"kind", "resource", "line", "sku", "code", "detail"}};
    for (const RowIssue& r : batch.rejects)
      s << std::make_tuple(std::string("reject"), r.origin.resource, static_cast<long long>(r.origin.line), r.sku,
                           r.code, r.detail);
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
  seq = first + static_cast<std::int64_t>(batch.offers.size());
  return static_cast<std::int64_t>(batch.offers.size());
}

}  // namespace tecsync::odoo
