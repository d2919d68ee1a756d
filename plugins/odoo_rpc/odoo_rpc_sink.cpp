#include "odoo_rpc_sink.hpp"

#include <algorithm>
#include <utility>

#include "cycle_history.hpp"
#include "session.hpp"

namespace tecsync::odoo_rpc {

OdooRpcSink::OdooRpcSink(const HostServices& host)
    : config_(parse_config(host.config)),
      instance_(host.instance.empty() ? "odoo_rpc" : host.instance),
      log_(&host.log),
      http_(host.http),
      cancel_(&host.cancel),
      host_cycle_(host.cycle) {}

void OdooRpcSink::note(LogLevel level, const std::string& message) const {
  if (log_) log_->log(level, "odoo_rpc: " + message);
}

Status OdooRpcSink::begin(const CycleInfo& cycle, const StreamFacts&) {
  cycle_ = cycle;
  staged_.clear();
  seen_.clear();
  row_warnings_.clear();
  counts_ = Counts{};
  began_ = true;
  recorded_ = false;
  try {
    store_ = std::make_unique<StateStore>(config_.state_dsn, instance_);
  } catch (const std::exception& e) {
    return Status::failed(FailureArea::db, "StateDbError",
                          std::string("cannot open tecsync's state schema (state_dsn): ") + e.what());
  }
  try {
    if (!store_->try_lock(cycle_.pipeline))
      return Status::skipped(FailureArea::db, "Locked",
                             "pipeline '" + cycle_.pipeline + "' is already running (advisory lock held)");
  } catch (const std::exception& e) {
    return Status::failed(FailureArea::db, "StateDbError", std::string("advisory lock: ") + e.what());
  }
  try {
    rpc_ = make_rpc(http_, config_, cancel_, log_);
    target_ = open_session(*rpc_, config_);
    if (auto missing = missing_custom_fields(*rpc_); !missing.empty()) {
      std::string list;
      for (const auto& f : missing) list += (list.empty() ? "" : ", ") + f;
      return Status::failed(FailureArea::config, "TargetCheckError",
                            "product.template lacks the custom field(s) " + list + ": " + setup_hint(instance_));
    }
    target_.partner_id = find_partner(*rpc_, config_.supplier);
    if (target_.partner_id == 0)
      return Status::failed(FailureArea::config, "TargetCheckError",
                            "supplier partner '" + config_.supplier +
                                "' (key supplier) does not exist in Odoo: " + setup_hint(instance_));
    target_.has_product_image = model_exists(*rpc_, "product.image");
    note(LogLevel::info, "Odoo " + target_.profile.server_version + " (profile " +
                             std::to_string(target_.profile.major >= 18 ? 18 : 17) + "), uid " +
                             std::to_string(target_.uid) +
                             (target_.has_product_image ? "" : "; product.image absent: extra images skipped"));
  } catch (const RpcFailure& f) {
    return status_of(f);
  } catch (const std::exception& e) {
    return Status::failed(FailureArea::api, "RpcError", e.what());
  }
  return Status::ok();
}

Status OdooRpcSink::write(const OfferBatch& batch) {
  if (!rpc_) return Status::failed(FailureArea::api, "RpcError", "write() before a successful begin()");
  counts_.rejects_in += static_cast<std::int64_t>(batch.rejects.size());
  for (const auto& r : batch.rejects)
    counts_.issues.push_back({r.origin.resource, r.origin.line, r.sku, r.code, r.detail, "reject"});
  for (const auto& w : batch.warnings)
    counts_.issues.push_back({w.origin.resource, w.origin.line, w.sku, w.code, w.detail, "warning"});
  auto warn = [&](const std::string& code) {
    auto it = std::find_if(row_warnings_.begin(), row_warnings_.end(), [&](const auto& p) { return p.first == code; });
    if (it == row_warnings_.end())
      row_warnings_.emplace_back(code, 1);
    else
      ++it->second;
  };
  for (const auto& w : batch.warnings) warn(w.code);
  for (const auto& c : batch.contents) {
    ++counts_.contents_read;
    for (const auto& w : c.warnings) {
      warn(w.code);
      counts_.issues.push_back(
          {w.origin.resource, w.origin.line, w.sku.empty() ? c.sku : w.sku, w.code, w.detail, "warning"});
    }
    Planned p = plan_content(c, config_);
    if (p.sku.empty()) continue;
    if (!seen_.insert(p.sku).second) {  // the first record of a SKU wins
      ++counts_.duplicates;
      continue;
    }
    staged_.push_back(std::move(p));
  }
  return Status::ok();
}

Status OdooRpcSink::commit(CycleSummary& summary) {
  if (!rpc_ || !store_) return Status::failed(FailureArea::api, "RpcError", "commit() before a successful begin()");
  const std::string suffix = pulse_suffix(cycle_.strategy, cycle_.started_at);
  std::vector<std::string> changes;
  ProductWriter writer(*rpc_, http_, config_, target_, *store_, cycle_.dry_run, suffix, counts_, changes,
                       cycle_.change_detail_limit);
  try {
    for (std::size_t at = 0; at < staged_.size(); at += config_.batch_size) {
      if (cancel_ && cancel_->requested())
        return Status::skipped(FailureArea::api, "Cancelled",
                               "cancelled after " + std::to_string(at) + " of " + std::to_string(staged_.size()) +
                                   " product(s) (those are saved)");
      std::vector<Planned> chunk(
          std::make_move_iterator(staged_.begin() + static_cast<std::ptrdiff_t>(at)),
          std::make_move_iterator(staged_.begin() +
                                  static_cast<std::ptrdiff_t>(std::min(staged_.size(), at + config_.batch_size))));
      writer.apply(chunk);
    }
  } catch (const RpcFailure& f) {
    return status_of(f);
  } catch (const pqxx::failure& e) {
    return Status::failed(FailureArea::db, "StateDbError", std::string("saving content hashes: ") + e.what());
  }
  staged_.clear();

  const Counts& c = counts_;
  std::vector<Pulse> own;
  auto add = [&](std::int64_t n, const char* title, const std::string& detail) {
    if (n > 0) own.push_back(pulse::warning(title, detail));
  };
  add(c.api_errors, "Rejected Products",
      std::to_string(c.api_errors) + " product(s) refused by Odoo (API_ERROR), first " + c.first_api_error);
  add(c.images_failed, "Image Error",
      std::to_string(c.images_failed) + " image(s) failed, first " + c.first_image_error);
  add(c.unknown_sku, "Unknown SKU",
      std::to_string(c.unknown_sku) + " SKU(s) not in Odoo and create_missing = false (UNKNOWN_SKU)");
  add(c.ambiguous_sku, "Ambiguous SKU",
      std::to_string(c.ambiguous_sku) + " SKU(s) on several products (AMBIGUOUS_SKU)");
  add(c.barcode_clash, "Barcode Clash",
      std::to_string(c.barcode_clash) + " barcode(s) already on another product, skipped; first " +
          c.first_barcode_clash);
  add(c.unknown_currency, "Unknown Currency", std::to_string(c.unknown_currency) + " supplier price(s) not written");
  add(c.rejects_in, "Rejected Rows", std::to_string(c.rejects_in) + " row(s) rejected by the source");
  add(c.duplicates, "Duplicate SKU", std::to_string(c.duplicates) + " repeated SKU(s), the first kept");
  for (const auto& [code, n] : row_warnings_)
    own.push_back(pulse::warning(pulse::title_of_code(code), std::to_string(n) + " row(s)"));

  CycleSummary s;
  s.warnings_in = summary.warnings_in;
  fold_cycle(s, own);
  s.counts = count_list();
  s.rows_written = cycle_.dry_run ? 0 : c.products_created + c.products_updated + c.images_written + c.pulses_written;
  s.changes = std::move(changes);
  for (std::size_t i = 1; i < own.size(); ++i) note(LogLevel::warn, own[i].text);
  if (!cycle_.dry_run) {  // a dry run records nothing (as the flash sink)
    store_.reset();       // the lock goes before the history row: status may be read at once
    if (std::int64_t id = record(s.status, s.pulse.text + suffix, {}); id > 0) s.issues_at = history::issues_query(id);
  }
  summary = std::move(s);
  store_.reset();  // releases the advisory lock
  began_ = false;
  return Status::ok();
}

void OdooRpcSink::abort(const Status& why) {
  // Nothing to roll back in Odoo: chunks Odoo accepted stay, with their hashes;
  // what was only staged is dropped and read again next run.
  const std::string cls = why.error_class.empty() ? std::string("Error") : why.error_class;
  const std::string status = (why.outcome == Outcome::skipped ? "SKIPPED:" : "FAILED:") + cls;
  if (began_) note(LogLevel::error, "cycle " + status + ": " + pulse::one_line(why.detail));
  if (!began_) {  // the source failed before begin: the host's cycle is ours to record
    if (!host_cycle_ || recorded_) return;
    cycle_ = *host_cycle_;
    counts_ = Counts{};
  }
  staged_.clear();
  store_.reset();  // releases the advisory lock
  began_ = false;
  if (!cycle_.dry_run)
    record(status, pulse::from_status(why).text + pulse_suffix(cycle_.strategy, cycle_.started_at), why.detail);
}

std::vector<std::pair<std::string, std::int64_t>> OdooRpcSink::count_list() const {
  const Counts& c = counts_;
  return {{"contents_read", c.contents_read},
          {"products_created", c.products_created},
          {"products_updated", c.products_updated},
          {"products_unchanged", c.products_unchanged},
          {"unknown_sku", c.unknown_sku},
          {"ambiguous_sku", c.ambiguous_sku},
          {"api_errors", c.api_errors},
          {"barcode_clash", c.barcode_clash},
          {"images_downloaded", c.images_downloaded},
          {"images_failed", c.images_failed},
          {"images_written", c.images_written},
          {"pulses_written", c.pulses_written},
          {"attributes_created", c.attributes_created},
          {"values_created", c.values_created},
          {"categories_created", c.categories_created},
          {"rejects", c.rejects_in},
          {"rpc_calls", rpc_ ? rpc_->calls() : 0},
          {"rpc_write_calls", rpc_ ? rpc_->write_calls() : 0},
          {"rpc_retries", rpc_ ? rpc_->retries() : 0},
          {"lost_creates_found", c.lost_creates}};
}

// Best effort, own connection with a short connect timeout: a state database
// that is down must not hold up the end of a cycle (abort may come because of it).
std::int64_t OdooRpcSink::record(const std::string& status, const std::string& pulse_text, const std::string& failure) {
  if (recorded_) return 0;
  recorded_ = true;
  try {
    pqxx::connection conn{history::with_connect_timeout(config_.state_dsn, 5)};
    history::ensure_schema(conn);
    pqxx::work tx{conn};
    tx.exec("SET LOCAL statement_timeout = '30s'");
    const std::int64_t id = history::insert_cycle(
        tx, history::CycleRow{cycle_.pipeline, "deep", cycle_.started_at, status, pulse_text, count_list(), failure});
    history::insert_issues(tx, id, counts_.issues);
    tx.commit();
    return id;
  } catch (const std::exception& e) {
    note(LogLevel::error, "could not record the cycle in tecsync.cycle (state_dsn): " + pulse::one_line(e.what()));
    return 0;
  }
}

Status OdooRpcSink::recent_cycles(std::string_view pipeline, std::size_t limit, std::vector<CycleRecord>& out) {
  try {
    pqxx::connection conn{history::with_connect_timeout(config_.state_dsn, 5)};
    pqxx::read_transaction tx{conn};
    tx.exec("SET LOCAL statement_timeout = '10s'");
    auto rows = history::read_cycles(tx, std::string(pipeline), limit);
    out.insert(out.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  } catch (const pqxx::broken_connection& e) {
    return Status::failed(FailureArea::db, "StateDbError",
                          "cannot connect to tecsync's state database (state_dsn): " + pulse::one_line(e.what()));
  } catch (const std::exception& e) {
    return Status::failed(FailureArea::db, "StateDbError", "reading tecsync.cycle: " + pulse::one_line(e.what()));
  }
  return Status::ok();
}

}  // namespace tecsync::odoo_rpc
