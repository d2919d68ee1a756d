#pragma once
/// @file
/// The deep sink (`plugin = odoo_rpc`): product content into Odoo 17/18 through
/// the external JSON-RPC API, with change detection in tecsync's own schema.
/// `write` stages planned products (compact: no origins, no warnings), `commit`
/// lands them chunk by chunk (`batch_size`). Odoo's API has no cycle
/// transaction: each chunk's accepted writes stay, and their hashes are saved
/// with them, so a failed cycle resumes where it stopped on the next run.

#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "config.hpp"
#include "json_rpc.hpp"
#include "plan.hpp"
#include "state_store.hpp"
#include "tecsync/plugin.hpp"
#include "writer.hpp"

namespace tecsync::odoo_rpc {

class OdooRpcSink {
 public:
  static constexpr bool supports_dry_run = true;
  static std::span<const ConfigKey> config_keys() { return odoo_rpc::config_keys(); }

  /// Throws std::invalid_argument on a bad config (the adapter makes it PluginConfigError).
  explicit OdooRpcSink(const HostServices& host);

  Status begin(const CycleInfo& cycle, const StreamFacts& facts);
  Status write(const OfferBatch& batch);
  Status commit(CycleSummary& summary);
  void abort(const Status& why);
  /// Read-only: Odoo reachable and its version, login, custom fields, supplier, state DB.
  Status check(std::vector<ReportItem>& report);
  /// Idempotent setup through the API: custom fields, supplier partner, locations.
  Status provision(std::vector<ReportItem>& report);

 private:
  void note(LogLevel level, const std::string& message) const;

  RpcConfig config_;
  std::string instance_;
  Logger* log_;
  HttpClient& http_;
  const Cancellation* cancel_;
  CycleInfo cycle_;
  std::unique_ptr<JsonRpc> rpc_;
  std::unique_ptr<StateStore> store_;
  Target target_;
  std::vector<Planned> staged_;
  std::set<std::string> seen_;
  std::vector<std::pair<std::string, std::int64_t>> row_warnings_;
  Counts counts_;
  bool began_ = false;
};

}  // namespace tecsync::odoo_rpc
