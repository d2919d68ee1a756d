#pragma once
/// @file
/// tecsync's own memory of what the deep sink last wrote, in PostgreSQL schema
/// `tecsync` (via `state_dsn`; never Odoo's tables):
///
/// ```
/// tecsync.content_hash (sink text, sku text, content_hash text, content jsonb,
///                       images_hash text, pulse text, odoo_template_id bigint,
///                       updated_at timestamptz, PRIMARY KEY (sink, sku))
/// ```
/// `sink` is the config section's instance name. A row is written only after
/// Odoo accepted the writes it describes, so a failed write is retried next run.

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace tecsync::odoo_rpc {

/// What one SKU's last accepted write said. Empty hashes = not known.
struct StoredState {
  std::string content_hash;
  nlohmann::json content = nlohmann::json::object();  ///< the planned fields that were written
  std::string images_hash;                            ///< set only when every image landed
  std::string pulse;                                  ///< the product's pulse without suffix
  std::int64_t template_id = 0;
};

class StateStore {
 public:
  /// Connects and creates the schema/table if missing. Throws pqxx errors.
  StateStore(const std::string& dsn, std::string sink);
  ~StateStore();

  /// Session advisory lock for `pipeline` (two deep cycles never overlap). False if held.
  bool try_lock(const std::string& pipeline);
  /// The rows of `skus` (missing SKUs are absent from the map).
  std::map<std::string, StoredState> load(const std::vector<std::string>& skus);
  /// Upserts the rows, in one transaction.
  void save(const std::vector<std::pair<std::string, StoredState>>& rows);

 private:
  std::unique_ptr<pqxx::connection> conn_;
  std::string sink_;
  std::string locked_;
};

}  // namespace tecsync::odoo_rpc
