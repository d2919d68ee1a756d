#include "history.hpp"

#include <string>

namespace tecsync::odoo {

std::int64_t write_cycle(pqxx::transaction_base& tx, const HistoryRow& r, bool with_issues) {
  const auto cycle_id = tecsync::history::insert_cycle(tx, r);
  if (with_issues)
    tx.exec(
        "INSERT INTO tecsync.reject (cycle_id, resource, line, sku, code, detail, kind) "
        "SELECT " +
        std::to_string(cycle_id) +
        ", resource, line, sku, code, detail, kind "
        "  FROM tecsync_stage_issue");
  return cycle_id;
}

}  // namespace tecsync::odoo
