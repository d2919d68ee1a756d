#include "state_store.hpp"

#include <utility>

namespace tecsync::odoo_rpc {

StateStore::StateStore(const std::string& dsn, std::string sink)
    : conn_(std::make_unique<pqxx::connection>(dsn)), sink_(std::move(sink)) {
  pqxx::work tx{*conn_};
  tx.exec(
      "CREATE SCHEMA IF NOT EXISTS tecsync;"
      "CREATE TABLE IF NOT EXISTS tecsync.content_hash ("
      "  sink text NOT NULL, sku text NOT NULL, content_hash text NOT NULL,"
      "  content jsonb NOT NULL DEFAULT '{}'::jsonb, images_hash text, pulse text,"
      "  odoo_template_id bigint, updated_at timestamptz NOT NULL DEFAULT now(),"
      "  PRIMARY KEY (sink, sku));");
  tx.commit();
}

StateStore::~StateStore() {
  if (conn_ && !locked_.empty()) {
    try {
      pqxx::nontransaction tx{*conn_};
      tx.exec("SELECT pg_advisory_unlock(hashtext('tecsync'), hashtext(" + tx.quote(locked_) + "))");
    } catch (...) {
      // Closing the session releases it anyway.
    }
  }
}

bool StateStore::try_lock(const std::string& pipeline) {
  pqxx::nontransaction tx{*conn_};
  // Same key as the flash sink's lock, so one pipeline name is one lock whichever sink runs it.
  bool got = tx.exec("SELECT pg_try_advisory_lock(hashtext('tecsync'), hashtext(" + tx.quote(pipeline) + "))")[0][0]
                 .as<bool>();
  if (got) locked_ = pipeline;
  return got;
}

std::map<std::string, StoredState> StateStore::load(const std::vector<std::string>& skus) {
  std::map<std::string, StoredState> out;
  if (skus.empty()) return out;
  // The SKUs travel as one JSON array parameter: no quoting of each value.
  nlohmann::json arr = skus;
  pqxx::read_transaction tx{*conn_};
  pqxx::result r = tx.exec_params(
      "SELECT sku, content_hash, content::text, coalesce(images_hash, ''), coalesce(pulse, ''), "
      "       coalesce(odoo_template_id, 0) "
      "  FROM tecsync.content_hash WHERE sink = $1 "
      "   AND sku IN (SELECT jsonb_array_elements_text($2::jsonb))",
      sink_, arr.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  for (const auto& row : r) {
    StoredState s;
    s.content_hash = row[1].as<std::string>();
    s.content = nlohmann::json::parse(row[2].as<std::string>(), nullptr, false);
    if (s.content.is_discarded()) s.content = nlohmann::json::object();
    s.images_hash = row[3].as<std::string>();
    s.pulse = row[4].as<std::string>();
    s.template_id = row[5].as<std::int64_t>();
    out.emplace(row[0].as<std::string>(), std::move(s));
  }
  return out;
}

void StateStore::save(const std::vector<std::pair<std::string, StoredState>>& rows) {
  if (rows.empty()) return;
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& [sku, s] : rows)
    arr.push_back({{"sku", sku},
                   {"h", s.content_hash},
                   {"c", s.content},
                   {"i", s.images_hash},
                   {"p", s.pulse},
                   {"t", s.template_id}});
  pqxx::work tx{*conn_};
  tx.exec_params(
      "INSERT INTO tecsync.content_hash AS c (sink, sku, content_hash, content, images_hash, pulse, "
      "                                       odoo_template_id, updated_at) "
      "SELECT $1, e->>'sku', e->>'h', e->'c', nullif(e->>'i', ''), nullif(e->>'p', ''), "
      "       nullif((e->>'t')::bigint, 0), now() "
      "  FROM jsonb_array_elements($2::jsonb) e "
      "ON CONFLICT (sink, sku) DO UPDATE SET content_hash = excluded.content_hash, content = excluded.content, "
      "  images_hash = excluded.images_hash, pulse = excluded.pulse, "
      "  odoo_template_id = excluded.odoo_template_id, updated_at = now()",
      sink_, arr.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  tx.commit();
}

}  // namespace tecsync::odoo_rpc
