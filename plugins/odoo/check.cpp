// `tecsync check` for the odoo_sql sink: the database is reachable and the
// target is one the sink can write — by the same target_check a cycle runs in
// begin(), in a read-only transaction. Nothing is written (no history schema,
// no lock).
#include "odoo_sql_sink.hpp"

namespace tecsync::odoo {

Status OdooSqlSink::check(std::vector<ReportItem>& report) {
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = std::make_unique<pqxx::connection>(with_connect_timeout(config_.dsn));
  } catch (const std::exception& e) {
    // libpq's message names host and user, never the password.
    Status s = Status::failed(FailureArea::db, "DbConnectError", e.what());
    report.push_back({"Odoo database reachable", s});
    return s;
  }
  std::string host = conn->hostname() ? conn->hostname() : "local socket";
  report.push_back({std::string("Odoo database reachable: dbname=") + (conn->dbname() ? conn->dbname() : "?") + " on " +
                        host + " as " + (conn->username() ? conn->username() : "?"),
                    Status::ok()});
  try {
    Target t = check_target(*conn, config_);
    for (const auto& loc : t.locations)
      report.push_back({"location." + loc.code + ": stock.location '" + loc.complete_name + "' present (id " +
                            std::to_string(loc.id) + ", internal, active)",
                        Status::ok()});
    report.push_back(
        {"supplier '" + config_.supplier + "' present (res.partner id " + std::to_string(t.supplier_partner_id) + ")",
         Status::ok()});
    report.push_back(
        {"odoo_user '" + config_.odoo_user + "' present (res.users id " + std::to_string(t.uid) + ")", Status::ok()});
    report.push_back({"stock_quant: every NOT NULL column without default is one the sink fills", Status::ok()});
    if (t.has_pulse_column)
      report.push_back({"pulse field product_template." + config_.pulse_field + " present", Status::ok()});
    else
      report.push_back({"pulse field product_template." + config_.pulse_field + " absent",
                        Status::skipped(FailureArea::config, "NoPulseField",
                                        "per-product pulses are skipped; create it in Odoo as a Char field on "
                                        "product.template to see them in list views")});
    for (const auto& w : t.warnings)
      report.push_back({"target warning", Status::skipped(FailureArea::config, "TargetWarning", w)});
    return Status::ok();
  } catch (const TargetError& e) {
    Status s = Status::failed(FailureArea::config, "TargetCheckError", e.what());
    report.push_back({"Odoo target set up for the sink", s});
    return s;
  } catch (const std::exception& e) {
    Status s = Status::failed(FailureArea::db, "DbError", e.what());
    report.push_back({"Odoo target readable", s});
    return s;
  }
}

}  // namespace tecsync::odoo
