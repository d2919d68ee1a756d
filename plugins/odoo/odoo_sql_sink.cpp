#include "odoo_sql_sink.hpp"

#include <utility>
#include <vector>

#include "apply.hpp"
#include "changes.hpp"
#include "history.hpp"
#include "retry.hpp"
#include "staging.hpp"

namespace tecsync::odoo {

OdooSqlSink::OdooSqlSink(const HostServices& host)
    : config_(parse_config(host.config)), log_(&host.log), cancel_(&host.cancel), host_cycle_(host.cycle) {}

OdooSqlSink::OdooSqlSink(SinkConfig config, Logger* log, const Cancellation* cancel, const CycleInfo* host_cycle)
    : config_(std::move(config)), log_(log), cancel_(cancel), host_cycle_(host_cycle) {}

OdooSqlSink::~OdooSqlSink() { release(); }

void OdooSqlSink::note(LogLevel level, const std::string& message) const {
  if (log_) log_->log(level, "odoo_sql: " + message);
}

// The cycle's start, not the time of writing: the host prints the same suffix.
std::string OdooSqlSink::suffix() const { return pulse_suffix(cycle_.strategy, cycle_.started_at); }

void OdooSqlSink::release() noexcept {
  if (conn_ && locked_) {
    try {
      pqxx::nontransaction tx{*conn_};
      tx.exec("SELECT pg_advisory_unlock(hashtext('tecsync'), hashtext(" + tx.quote(cycle_.pipeline) + "))");
    } catch (...) {
      // Closing the session below releases it anyway.
    }
  }
  locked_ = false;
  staging_ready_ = false;
  began_ = false;
  conn_.reset();
}

Status OdooSqlSink::begin(const CycleInfo& cycle, const StreamFacts&) {
  release();
  cycle_ = cycle;
  finished_ = false;
  began_ = true;
  staged_offers_ = staged_rejects_ = 0;
  try {
    conn_ = std::make_unique<pqxx::connection>(config_.dsn);
  } catch (const std::exception& e) {
    return Status::failed(FailureArea::db, "DbConnectError",
                          std::string("cannot connect to the Odoo database: ") + e.what());
  }
  try {
    {
      pqxx::nontransaction tx{*conn_};
      tx.exec("SET application_name = 'tecsync'");
      // Two cycles of one pipeline never overlap; session-level, so it spans the
      // staging transactions and the apply transaction.
      pqxx::result r =
          tx.exec("SELECT pg_try_advisory_lock(hashtext('tecsync'), hashtext(" + tx.quote(cycle_.pipeline) + "))");
      if (!r[0][0].as<bool>())
        return Status::skipped(FailureArea::db, "Locked",
                               "pipeline '" + cycle_.pipeline + "' is already running (advisory lock held)");
      locked_ = true;
    }
    // A dry run creates nothing, not even tecsync's own schema.
    if (!cycle_.dry_run) ensure_history_schema(*conn_);
    target_ = check_target(*conn_, config_);
    for (const auto& w : target_.warnings) note(LogLevel::warn, w);
    if (!target_.has_pulse_column)
      note(LogLevel::info, "product_template." + config_.pulse_field +
                               " does not exist: per-product pulses are off "
                               "(create it in Odoo: Settings → Technical → Fields → New, model product.template, "
                               "type Char, name " +
                               config_.pulse_field + ")");
    create_staging(*conn_, target_, stage_);
    staging_ready_ = true;
  } catch (const TargetError& e) {
    return Status::failed(FailureArea::config, "TargetCheckError", e.what());
  } catch (const std::exception& e) {
    return Status::failed(FailureArea::db, "DbError", std::string("begin: ") + e.what());
  }
  return Status::ok();
}

Status OdooSqlSink::write(const OfferBatch& batch) {
  if (!conn_ || !staging_ready_)
    return Status::failed(FailureArea::db, "DbError", "write() before a successful begin()");
  try {
    staged_offers_ += stage_batch(*conn_, target_, batch, stage_);
    staged_rejects_ += static_cast<std::int64_t>(batch.rejects.size());
  } catch (const std::exception& e) {
    return Status::failed(FailureArea::db, "DbError", std::string("staging a batch (COPY): ") + e.what());
  }
  return Status::ok();
}

Status OdooSqlSink::commit(CycleSummary& summary) {
  if (!conn_ || !staging_ready_)
    return Status::failed(FailureArea::db, "DbError", "commit() before a successful begin()");
  const std::string sfx = suffix();
  FeedShape shape;
  shape.unique_codes = stage_.feed_unique();
  shape.stock_merges = stage_.stock_merges;
  stage_.code_hashes = {};  // not needed any more; free it before the apply step
  std::int64_t retries = 0;
  for (int attempt = 1;; ++attempt) {
    try {
      ApplyResult res;
      pqxx::work tx{*conn_};
      in_step("set timeouts", "", [&] {
        tx.exec("SET LOCAL lock_timeout = '" + std::to_string(config_.lock_timeout.count()) + "ms'");
        if (config_.statement_timeout.count() > 0)
          tx.exec("SET LOCAL statement_timeout = '" + std::to_string(config_.statement_timeout.count()) + "ms'");
      });
      if (cycle_.dry_run) snapshot_before(tx, target_);
      res = apply_cycle(tx, config_, target_, shape, sfx);

      // The cycle's warnings: each its own pulse, the first one heads the cycle pulse.
      std::vector<std::pair<std::string, std::string>> warns;
      if (res.absent_suppressed)
        warns.push_back({"Absent Zeroing Suppressed", "ABSENT_ZEROING_SUPPRESSED: " + res.absent_reason});
      if (res.rejects > 0) {
        std::string d = std::to_string(res.rejects) + " row(s) rejected:";
        for (const auto& [code, n] : res.reject_codes) d += " " + code + " " + std::to_string(n);
        warns.push_back({"Rejected Rows", d});
      }
      auto add = [&](std::int64_t n, const char* title, const char* what) {
        if (n > 0) warns.push_back({title, std::to_string(n) + " " + what});
      };
      add(res.unknown_sku, "Unknown SKU", "SKU(s) not in Odoo for this supplier (UNKNOWN_SKU; nothing created)");
      add(res.archived, "Product Archived", "SKU(s) of archived products left alone (PRODUCT_ARCHIVED)");
      add(res.ambiguous_sku, "Ambiguous SKU", "SKU(s) shared by several active products (AMBIGUOUS_SKU)");
      add(res.variant_price_conflict, "Variant Price Conflict",
          "SKU(s) (VARIANT_PRICE_CONFLICT; template price left alone)");
      add(res.no_price, "No Price", "SKU(s) without a usable cost (NO_PRICE; price left alone, stock applied)");
      add(res.reserved_clamped, "Reserved Above Target", "key(s) kept at their reserved quantity");
      add(retries, "DB Retry", "retr(y/ies) of the cycle transaction (DB_RETRY)");
      add(res.absent_zeroed, "Absent Zeroed",
          "product(s) of this supplier absent from the feed, stock set to 0 (ABSENT_ZEROED)");
      // Row warnings by code. NO_PRICE is counted per matched SKU above; DB_RETRY is `retries`.
      for (const auto& [code, n] : res.warning_codes)
        if (code != "NO_PRICE" && code != "DB_RETRY")
          warns.push_back({pulse::title_of_code(code), std::to_string(n) + " row(s)"});
      for (const auto& w : target_.warnings) warns.push_back({"Location", w});

      CycleSummary s;
      s.warnings_in = summary.warnings_in;
      std::vector<Pulse> own;
      for (const auto& [title, detail] : warns) own.push_back(pulse::warning(title, detail));
      fold_cycle(s, own);
      s.counts = {{"offers_read", res.offers_read},
                  {"offers_matched", res.offers_matched},
                  {"unknown_sku", res.unknown_sku},
                  {"archived", res.archived},
                  {"ambiguous_sku", res.ambiguous_sku},
                  {"variant_price_conflict", res.variant_price_conflict},
                  {"no_price", res.no_price},
                  {"prices_changed", res.prices_changed},
                  {"quants_changed", res.quants_changed},
                  {"quants_created", res.quants_created},
                  {"absent_zeroed", res.absent_zeroed},
                  {"pulses_written", res.pulses_written},
                  {"rejects", res.rejects},
                  {"db_retries", retries}};
      s.rows_written = res.rows_written();

      if (cycle_.dry_run) {
        PlannedChanges planned;
        in_step("list changes", "", [&] { planned = list_changes(tx, cycle_.change_detail_limit); });
        tx.abort();  // the point of a dry run: nothing lands, nothing is recorded
        s.changes = std::move(planned.first);
        s.counts.emplace_back("changes", planned.total);
        for (std::size_t i = 1; i < warns.size(); ++i)
          if (warns[i].first != "Location") note(LogLevel::warn, warns[i].first + ": " + warns[i].second);
        note(LogLevel::info, "dry run: rolled back " + std::to_string(s.rows_written) + " row write(s)");
        summary = std::move(s);
        finished_ = true;
        release();
        return Status::ok();
      }

      HistoryRow rec{cycle_.pipeline,
                     cycle_.strategy == Strategy::flash ? "flash" : "deep",
                     cycle_.started_at,
                     s.status,
                     s.pulse.text + sfx,
                     s.counts,
                     {}};
      std::int64_t cycle_id = 0;
      in_step("write history", "tecsync.cycle", [&] { cycle_id = write_cycle(tx, rec, true); });
      in_step("commit", "", [&] { tx.commit(); });
      s.issues_at = "SELECT resource, line, sku, code, detail, kind FROM tecsync.reject WHERE cycle_id = " +
                    std::to_string(cycle_id);

      // The folded pulse names only the first warning in full: log the others
      // (location warnings were logged at begin).
      for (std::size_t i = 1; i < warns.size(); ++i)
        if (warns[i].first != "Location") note(LogLevel::warn, warns[i].first + ": " + warns[i].second);
      // A first sync can grow stock_quant by thousands of rows before autovacuum
      // has analyzed it; with stale statistics the next cycle's joins on it are
      // planned for a table a fraction of its size. Refresh them after a cycle
      // that created many quants (best effort: the Odoo role may not own the
      // table, then autovacuum will do it). Updates leave the row count and
      // the keys as they were: no ANALYZE for them (≈ 0.1 s at 200,000 quants).
      // Nor when the new quants are under a tenth of what the statistics
      // already count (autovacuum's own analyze threshold): the plans barely
      // move, and a steady cycle creating a few thousand quants of 200,000
      // would pay ≈ 0.12 s for nothing (measured at 100,000 SKUs).
      if (res.quants_created >= 1000) {
        try {
          pqxx::nontransaction an{*conn_};
          const double counted =
              an.exec("SELECT reltuples FROM pg_class WHERE oid = 'stock_quant'::regclass")[0][0].as<double>();
          if (counted < 0 || static_cast<double>(res.quants_created) >= 0.1 * counted) an.exec("ANALYZE stock_quant");
        } catch (const std::exception& e) {
          note(LogLevel::info, std::string("ANALYZE stock_quant skipped: ") + e.what());
        }
      }
      summary = std::move(s);
      finished_ = true;
      release();
      return Status::ok();
    } catch (const DbFailure& f) {
      if (f.retryable() && attempt < config_.attempts) {
        ++retries;
        const auto wait = config_.backoff * (1 << (attempt - 1));
        note(LogLevel::warn, "attempt " + std::to_string(attempt) + " failed, " + f.describe() + "; retrying in " +
                                 std::to_string(wait.count()) + " ms");
        try {
          pqxx::work tx{*conn_};
          tx.exec("INSERT INTO tecsync_stage_issue (kind, sku, code, detail) VALUES ('warning', " + tx.quote(f.skus) +
                  ", 'DB_RETRY', " + tx.quote("attempt " + std::to_string(attempt) + ": " + f.describe()) + ")");
          tx.commit();
        } catch (...) {
        }
        if (!sleep_unless_cancelled(wait, cancel_))
          return Status::skipped(FailureArea::db, "Cancelled", "cancelled while waiting to retry: " + f.describe());
        continue;
      }
      const std::string cls = f.sqlstate == "55P03"                              ? "DbLockTimeout"
                              : (f.sqlstate == "40001" || f.sqlstate == "40P01") ? "DbRetryExhausted"
                                                                                 : "DbError";
      return Status::failed(
          FailureArea::db, cls,
          f.describe() + (f.retryable() ? " (after " + std::to_string(attempt) + " attempt(s))" : ""));
    } catch (const std::exception& e) {
      return Status::failed(FailureArea::db, "DbError", std::string("commit: ") + e.what());
    }
  }
}

void OdooSqlSink::abort(const Status& why) {
  if (finished_) return;
  finished_ = true;
  const std::string cls = why.error_class.empty() ? "Error" : why.error_class;
  const std::string status = (why.outcome == Outcome::skipped ? "SKIPPED:" : "FAILED:") + cls;
  note(LogLevel::error, "cycle " + status + ": " + pulse::one_line(why.detail) + " (nothing written to Odoo)");
  if (!began_) {
    record_unbegun(why, status);
    return;
  }
  if (!conn_) return;
  if (cycle_.dry_run) {  // nothing recorded for a dry run (see the class comment)
    release();
    return;
  }  // begin could not connect: nowhere to record it; the host's log has it
  try {
    ensure_history_schema(*conn_);
    pqxx::work tx{*conn_};
    HistoryRow rec{cycle_.pipeline,
                   cycle_.strategy == Strategy::flash ? "flash" : "deep",
                   cycle_.started_at,
                   status,
                   pulse::from_status(why).text + suffix(),  // what the host prints
                   {{"offers_read", staged_offers_}, {"rejects", staged_rejects_}},
                   why.detail};
    write_cycle(tx, rec, staging_ready_);
    tx.commit();
  } catch (const std::exception& e) {
    note(LogLevel::error, std::string("could not record the aborted cycle in tecsync.cycle: ") + e.what());
  }
  release();
}

}  // namespace tecsync::odoo

namespace tecsync::odoo {

// The source failed before the cycle reached begin (FeedEmpty, login refused, a
// cut download…): there is no session, lock or staging. Connect just to write
// the FAILED/SKIPPED row in schema tecsync — never Odoo's tables — so that
// `tecsync.cycle` lists every cycle, not only those that got far.
void OdooSqlSink::record_unbegun(const Status& why, const std::string& status) {
  if (!host_cycle_) return;  // outside a host run: no pipeline to record it under
  if (host_cycle_->dry_run) return;
  cycle_ = *host_cycle_;
  try {
    pqxx::connection conn{with_connect_timeout(config_.dsn)};
    ensure_history_schema(conn);
    pqxx::work tx{conn};
    HistoryRow rec{cycle_.pipeline,
                   cycle_.strategy == Strategy::flash ? "flash" : "deep",
                   cycle_.started_at,
                   status,
                   pulse::from_status(why).text + suffix(),
                   {{"offers_read", 0}, {"rejects", 0}},
                   why.detail};
    write_cycle(tx, rec, false);
    tx.commit();
  } catch (const std::exception& e) {
    note(LogLevel::warn, "could not record the failed cycle in tecsync.cycle: " + pulse::one_line(e.what()));
  }
}

}  // namespace tecsync::odoo

namespace tecsync::odoo {

Status OdooSqlSink::recent_cycles(std::string_view pipeline, std::size_t limit,
                                  std::vector<tecsync::CycleRecord>& out) {
  try {
    pqxx::connection conn{with_connect_timeout(config_.dsn)};
    pqxx::read_transaction tx{conn};
    tx.exec("SET LOCAL statement_timeout = '10s'");
    auto rows = read_cycles(tx, std::string(pipeline), limit);
    out.insert(out.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  } catch (const pqxx::broken_connection& e) {
    return Status::failed(FailureArea::db, "DbConnectError",
                          "cannot connect to the Odoo database: " + pulse::one_line(e.what()));
  } catch (const std::exception& e) {
    return Status::failed(FailureArea::db, "DbError", "reading tecsync.cycle: " + pulse::one_line(e.what()));
  }
  return Status::ok();
}

}  // namespace tecsync::odoo
