#pragma once
/// @file
/// The flash sink into an Odoo database over SQL: stage the whole feed, then land
/// it in one transaction, or not at all.

#include <cstdint>
#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "config.hpp"
#include "target_check.hpp"
#include "tecsync/host.hpp"
#include "tecsync/plugin.hpp"

namespace tecsync::odoo {

/// Cycle: `begin` (connect, advisory lock per pipeline, target check, TEMP
/// staging) → `write`* (COPY each batch into staging) → `commit` (one
/// transaction of set-based SQL + the history row, retried whole on 55P03 /
/// 40001 / 40P01) or `abort` (nothing lands; a FAILED/SKIPPED history row is
/// written in a fresh transaction). One instance runs one cycle at a time.
class OdooSqlSink {
 public:
  explicit OdooSqlSink(const HostServices& host);
  /// For tests and embedding: every service optional.
  OdooSqlSink(SinkConfig config, Logger* log = nullptr, PulseEmitter* pulses = nullptr,
              const Cancellation* cancel = nullptr);
  ~OdooSqlSink();
  OdooSqlSink(const OdooSqlSink&) = delete;
  OdooSqlSink& operator=(const OdooSqlSink&) = delete;

  Status begin(const CycleInfo& cycle, const StreamFacts& facts);
  Status write(const OfferBatch& batch);
  Status commit(CycleSummary& summary);
  void abort(const Status& why);

  const SinkConfig& config() const { return config_; }

 private:
  void release() noexcept;
  void note(LogLevel level, const std::string& message) const;
  void warn_pulse(const std::string& title, const std::string& detail) const;
  std::string suffix() const;

  SinkConfig config_;
  Logger* log_ = nullptr;
  PulseEmitter* pulses_ = nullptr;
  const Cancellation* cancel_ = nullptr;

  std::unique_ptr<pqxx::connection> conn_;
  bool locked_ = false;
  bool staging_ready_ = false;
  bool finished_ = false;
  Target target_;
  CycleInfo cycle_;
  std::int64_t seq_ = 0;
  std::int64_t staged_offers_ = 0;
  std::int64_t staged_rejects_ = 0;
};

}  // namespace tecsync::odoo
