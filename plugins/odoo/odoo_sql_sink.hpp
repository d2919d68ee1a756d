#pragma once
/// @file
/// The flash sink into an Odoo database over SQL: stage the whole feed, then land
/// it in one transaction, or not at all.

#include <cstdint>
#include <memory>
#include <pqxx/pqxx>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "staging.hpp"
#include "target_check.hpp"
#include "tecsync/config_keys.hpp"
#include "tecsync/host.hpp"
#include "tecsync/plugin.hpp"

namespace tecsync::odoo {

/// Cycle: `begin` (connect, advisory lock per pipeline, target check, TEMP
/// staging) → `write`* (COPY each batch into staging) → `commit` (one
/// transaction of set-based SQL + the history row, retried whole on 55P03 /
/// 40001 / 40P01) or `abort` (nothing lands; a FAILED/SKIPPED history row is
/// written in a fresh transaction — also when `abort` comes without `begin`:
/// then the sink connects on its own, 5 s connect timeout, and touches only
/// schema `tecsync`). One instance runs one cycle at a time.
///
/// Status and pulse: `commit` folds the host's `CycleSummary::warnings_in` with
/// its own warnings (rejects, row warnings by code, unknown/archived/ambiguous
/// SKUs, absent zeroed or suppressed, no price, retries, location warnings) by
/// `fold_cycle`; the history row records that status and pulse, with the
/// suffix of the cycle's `started_at`. Its own warnings are logged, not
/// emitted as pulses (the host logs the folded pulse once).
///
/// Dry run (`CycleInfo::dry_run`, `tecsync dry-run`): the same cycle, lock and
/// retries included, but `commit` snapshots the rows it may change, applies,
/// lists the changes (`CycleSummary::changes`: the first
/// `CycleInfo::change_detail_limit`; count `changes` = all of them) and ROLLS
/// BACK. Nothing is recorded: no `tecsync.cycle` row (a dry run is not a sync,
/// and `tecsync status` lists syncs), not even schema `tecsync` is created;
/// a failed dry run is only logged.
class OdooSqlSink {
 public:
  static constexpr bool supports_dry_run = true;

  explicit OdooSqlSink(const HostServices& host);
  /// For tests and embedding: every service optional.
  OdooSqlSink(SinkConfig config, Logger* log = nullptr, const Cancellation* cancel = nullptr,
              const CycleInfo* host_cycle = nullptr);
  ~OdooSqlSink();
  OdooSqlSink(const OdooSqlSink&) = delete;
  OdooSqlSink& operator=(const OdooSqlSink&) = delete;

  Status begin(const CycleInfo& cycle, const StreamFacts& facts);
  Status write(const OfferBatch& batch);
  Status commit(CycleSummary& summary);
  void abort(const Status& why);

  /// `tecsync check`: connects (5 s timeout) and runs the target check in a
  /// read-only transaction — locations, supplier, user, stock_quant columns,
  /// pulse field — one ReportItem each. Writes nothing. See check.cpp.
  Status check(std::vector<ReportItem>& report);

  /// Every key of `[sink.<name>]` for the host's validation (config_keys.cpp).
  static std::span<const ConfigKey> config_keys();

  /// `tecsync status`: the last `limit` cycles of `pipeline` from
  /// `tecsync.cycle`, newest first (own connection, 5 s connect timeout,
  /// read-only transaction, 10 s statement timeout).
  Status recent_cycles(std::string_view pipeline, std::size_t limit, std::vector<tecsync::CycleRecord>& out);

  const SinkConfig& config() const { return config_; }

 private:
  void release() noexcept;
  void note(LogLevel level, const std::string& message) const;
  std::string suffix() const;
  void record_unbegun(const Status& why, const std::string& status);

  SinkConfig config_;
  Logger* log_ = nullptr;
  const Cancellation* cancel_ = nullptr;
  const CycleInfo* host_cycle_ = nullptr;  ///< HostServices::cycle, for an abort without begin

  std::unique_ptr<pqxx::connection> conn_;
  bool locked_ = false;
  bool staging_ready_ = false;
  bool finished_ = false;
  bool began_ = false;
  Target target_;
  CycleInfo cycle_;
  StageLog stage_;
  std::int64_t staged_offers_ = 0;
  std::int64_t staged_rejects_ = 0;
};

}  // namespace tecsync::odoo
