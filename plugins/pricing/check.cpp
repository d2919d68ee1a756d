// `tecsync check` for the pricing transform: only `rate = odoo` has something
// to reach (Odoo's database, read-only); the other modes report what they use.
#include "odoo_rates.hpp"
#include "pricing_transform.hpp"

namespace tecsync::pricing {

Status PricingTransform::check(std::vector<ReportItem>& report) {
  if (config_.rate == RateMode::air) {
    report.push_back(
        {"rate = air: the supplier's own quote, read with the feed (nothing to connect to)", Status::ok()});
    return Status::ok();
  }
  if (config_.rate == RateMode::fixed) {
    report.push_back({"rate = fixed: " + config_.fixed_rate.to_string() + " " + config_.company_currency + " per USD",
                      Status::ok()});
    return Status::ok();
  }
  try {
    FxTable t = read_odoo_rates(config_.dsn, config_.company);
    std::string currencies;
    for (const auto& [code, unused] : t.fx) currencies += (currencies.empty() ? "" : ", ") + code;
    Status s = t.fx.empty() ? Status::failed(FailureArea::db, "NoFxRate",
                                             "no res_currency_rate dated today or earlier: every foreign-currency "
                                             "offer would be rejected NO_FX_RATE (add rates in Odoo: Accounting → "
                                             "Configuration → Currencies)")
                            : Status::ok();
    report.push_back({"Odoo rates readable: " + t.source + ", " + std::to_string(t.fx.size()) + " rate(s)" +
                          (currencies.empty() ? "" : " (" + currencies + ")"),
                      s});
    return s;
  } catch (const std::exception& e) {
    // read_odoo_rates' messages name the step, never the password.
    Status s = Status::failed(FailureArea::db, "DbConnectError", e.what());
    report.push_back({"Odoo database reachable for rate = odoo", s});
    return s;
  }
}

}  // namespace tecsync::pricing
