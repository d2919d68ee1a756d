#pragma once
/// @file
/// The deep sink (`plugin = odoo_rpc`): product content into Odoo 17/18 through
/// the external JSON-RPC API, with change detection in tecsync's own schema.
/// `write` stages planned products (compact: no origins, no warnings), `commit`
/// lands them chunk by chunk (`batch_size`). Odoo's API has no cycle
/// transaction: each chunk's accepted writes stay, and their hashes are saved
/// with them, so a failed cycle resumes where it stopped on the next run.
///
/// History: every cycle that is not a dry run (OK, with warnings, FAILED,
/// SKIPPED, also an `abort` without `begin`) gets a `tecsync.cycle` row with
/// strategy `deep`, its counts and pulse, and its per-product issues in
/// `tecsync.reject` — the flash sink's tables (plugins/history), written through
/// `state_dsn` in their own short transaction (connect timeout 5 s). A history
/// write that fails is logged; it never changes the cycle's status (Odoo's
/// writes have landed by then).

#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
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
  /// `tecsync status`: the last `limit` cycles of `pipeline` from tecsync.cycle (via state_dsn).
  Status recent_cycles(std::string_view pipeline, std::size_t limit, std::vector<CycleRecord>& out);

 private:
  void note(LogLevel level, const std::string& message) const;
  /// The cycle's counts, in CycleSummary order.
  std::vector<std::pair<std::string, std::int64_t>> count_list() const;
  /// Writes the cycle's history row and issues; returns the cycle id, 0 when it could not.
  std::int64_t record(const std::string& status, const std::string& pulse, const std::string& failure);

  RpcConfig config_;
  std::string instance_;
  Logger* log_;
  HttpClient& http_;
  const Cancellation* cancel_;
  const CycleInfo* host_cycle_;  ///< HostServices::cycle, for an abort without begin
  CycleInfo cycle_;
  std::unique_ptr<JsonRpc> rpc_;
  std::unique_ptr<StateStore> store_;
  Target target_;
  std::vector<Planned> staged_;
  std::set<std::string> seen_;
  std::vector<std::pair<std::string, std::int64_t>> row_warnings_;
  Counts counts_;
  bool began_ = false;
  bool recorded_ = false;  ///< this cycle's history row is written (once per cycle)
};

}  // namespace tecsync::odoo_rpc
