#include "history.hpp"

#include <ctime>

namespace tecsync::odoo {

void ensure_history_schema(pqxx::connection& conn) {
  pqxx::work tx{conn};
  tx.exec(
      "CREATE SCHEMA IF NOT EXISTS tecsync;"
      "CREATE TABLE IF NOT EXISTS tecsync.cycle ("
      "  id bigserial PRIMARY KEY, pipeline text NOT NULL, strategy text NOT NULL,"
      "  started_at timestamptz NOT NULL, ended_at timestamptz, status text NOT NULL, pulse text,"
      "  counts jsonb NOT NULL DEFAULT '{}'::jsonb, failure_point text);"
      "CREATE INDEX IF NOT EXISTS cycle_pipeline_started_idx ON tecsync.cycle (pipeline, started_at);"
      "CREATE TABLE IF NOT EXISTS tecsync.reject ("
      "  id bigserial PRIMARY KEY, cycle_id bigint NOT NULL REFERENCES tecsync.cycle(id) ON DELETE CASCADE,"
      "  resource text, line bigint, sku text, code text NOT NULL, detail text,"
      "  kind text NOT NULL DEFAULT 'reject');"
      "CREATE INDEX IF NOT EXISTS reject_cycle_idx ON tecsync.reject (cycle_id);");
  tx.commit();
}

std::int64_t write_cycle(pqxx::transaction_base& tx, const CycleRecord& r, bool with_issues) {
  // Count names are the sink's own identifiers ([a-z_]), so no JSON escaping is needed.
  std::string counts = "{";
  for (const auto& [k, v] : r.counts) counts += (counts.size() > 1 ? ", \"" : "\"") + k + "\": " + std::to_string(v);
  counts += "}";
  // ended_at is clock_timestamp(), not now(): now() is when the transaction
  // began, before the whole apply ran.
  const auto started = std::chrono::duration_cast<std::chrono::microseconds>(r.started_at.time_since_epoch()).count();
  pqxx::result id = tx.exec(
      "INSERT INTO tecsync.cycle (pipeline, strategy, started_at, ended_at, status, pulse, counts, failure_point) "
      "VALUES (" +
      tx.quote(r.pipeline) + ", " + tx.quote(r.strategy) + ", to_timestamp(" + std::to_string(started) +
      " / 1e6), clock_timestamp(), " + tx.quote(r.status) + ", " + tx.quote(r.pulse) + ", " + tx.quote(counts) +
      "::jsonb, " + (r.failure_point.empty() ? std::string("NULL") : tx.quote(r.failure_point)) + ") RETURNING id");
  const auto cycle_id = id[0][0].as<std::int64_t>();
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
