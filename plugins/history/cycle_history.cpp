#include "cycle_history.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace tecsync::history {

void ensure_schema(pqxx::connection& conn) {
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

std::int64_t insert_cycle(pqxx::transaction_base& tx, const CycleRow& r) {
  // Count names are the sinks' own identifiers ([a-z_]), so no JSON escaping is needed.
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
  return id[0][0].as<std::int64_t>();
}

void insert_issues(pqxx::transaction_base& tx, std::int64_t cycle_id, const std::vector<IssueRow>& issues) {
  if (issues.empty()) return;
  // Parallel text arrays, one parameter each: any number of rows in one round
  // trip, no quoting of supplier text into the statement.
  std::vector<std::string> resource, line, sku, code, detail, kind;
  for (const auto& i : issues) {
    resource.push_back(i.resource);
    line.push_back(std::to_string(i.line));
    sku.push_back(i.sku);
    code.push_back(i.code);
    detail.push_back(i.detail);
    kind.push_back(i.kind);
  }
  auto arr = [&](const std::vector<std::string>& v) {
    std::string out = "{";
    for (std::size_t k = 0; k < v.size(); ++k) {
      if (k) out += ',';
      out += '"';
      for (char c : v[k]) {
        if (c == '"' || c == '\\') out += '\\';
        if (c != '\0') out += c;
      }
      out += '"';
    }
    return out + "}";
  };
  tx.exec_params(
      "INSERT INTO tecsync.reject (cycle_id, resource, line, sku, code, detail, kind) "
      "SELECT $1, nullif(r, ''), nullif(l::bigint, 0), nullif(s, ''), c, nullif(d, ''), k "
      "  FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(r, l, s, c, d, k)",
      cycle_id, arr(resource), arr(line), arr(sku), arr(code), arr(detail), arr(kind));
}

std::string issues_query(std::int64_t cycle_id) {
  return "SELECT resource, line, sku, code, detail, kind FROM tecsync.reject WHERE cycle_id = " +
         std::to_string(cycle_id);
}

std::string with_connect_timeout(const std::string& dsn, int seconds) {
  const std::string t = std::to_string(seconds);
  if (dsn.rfind("postgres://", 0) == 0 || dsn.rfind("postgresql://", 0) == 0)
    return dsn + (dsn.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=" + t;
  return dsn + " connect_timeout=" + t;
}

namespace {
// The counts that are rows written, whichever sink wrote the cycle.
bool is_write_count(std::string_view name) {
  static constexpr std::array<std::string_view, 7> names{"prices_changed", "quants_changed",   "quants_created",
                                                         "pulses_written", "products_created", "products_updated",
                                                         "images_written"};
  return std::find(names.begin(), names.end(), name) != names.end();
}
}  // namespace

std::vector<tecsync::CycleRecord> read_cycles(pqxx::transaction_base& tx, const std::string& pipeline,
                                              std::size_t limit) {
  std::vector<tecsync::CycleRecord> out;
  if (tx.exec("SELECT to_regclass('tecsync.cycle') IS NULL")[0][0].as<bool>()) return out;
  // Times as integral microseconds since the epoch (no time zone or locale
  // parsing); counts as `name<TAB>value` lines in the jsonb's own key order.
  pqxx::result rows = tx.exec(
      "SELECT pipeline, strategy, (extract(epoch FROM started_at) * 1e6)::bigint, "
      "       (extract(epoch FROM coalesce(ended_at, started_at)) * 1e6)::bigint, status, coalesce(pulse, ''), "
      "       coalesce((SELECT string_agg(key || E'\\t' || value::text, E'\\n') FROM jsonb_each(c.counts)), ''), "
      "       coalesce(failure_point, '') "
      "  FROM tecsync.cycle c WHERE pipeline = " +
      tx.quote(pipeline) + " ORDER BY started_at DESC, id DESC LIMIT " + std::to_string(limit));
  for (const auto& r : rows) {
    tecsync::CycleRecord c;
    c.pipeline = r[0].as<std::string>();
    c.strategy = r[1].as<std::string>();
    c.started_at = std::chrono::system_clock::time_point(std::chrono::microseconds(r[2].as<std::int64_t>()));
    c.finished_at = std::chrono::system_clock::time_point(std::chrono::microseconds(r[3].as<std::int64_t>()));
    c.status = r[4].as<std::string>();
    c.pulse = r[5].as<std::string>();
    const std::string counts = r[6].as<std::string>();
    std::size_t pos = 0;
    while (pos < counts.size()) {
      std::size_t end = counts.find('\n', pos);
      if (end == std::string::npos) end = counts.size();
      const std::string line = counts.substr(pos, end - pos);
      pos = end + 1;
      const std::size_t tab = line.find('\t');
      if (tab == std::string::npos) continue;
      try {
        c.counts.emplace_back(line.substr(0, tab), std::stoll(line.substr(tab + 1)));
      } catch (const std::exception&) {
        // A value that is not an integer (written by hand?) is left out.
      }
    }
    for (const auto& [name, value] : c.counts)
      if (is_write_count(name)) c.rows_written += value;
    c.failure = r[7].as<std::string>();
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace tecsync::history
