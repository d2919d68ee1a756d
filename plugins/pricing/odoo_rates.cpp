#include "odoo_rates.hpp"

#include <pqxx/pqxx>
#include <stdexcept>

namespace tecsync::pricing {

FxTable read_odoo_rates(const std::string& dsn, const std::string& company) {
  FxTable t;
  try {
    pqxx::connection conn{dsn};
    pqxx::read_transaction tx{conn};
    pqxx::result co = tx.exec_params(
        "SELECT c.id, c.name, cur.name FROM res_company c JOIN res_currency cur ON cur.id = c.currency_id "
        "WHERE $1 = '' OR c.name = $1 ORDER BY c.id LIMIT 1",
        company);
    if (co.empty())
      throw std::runtime_error(company.empty() ? std::string("no res_company row")
                                               : "no res_company named '" + company + "'");
    const int company_id = co[0][0].as<int>();
    t.company_currency = co[0][2].as<std::string>();
    t.source = "rate = odoo (" + co[0][1].as<std::string>() + ", " + t.company_currency + ")";
    pqxx::result rates = tx.exec_params(
        "SELECT DISTINCT ON (r.currency_id) cur.name, round(1 / r.rate, 6)::text "
        "  FROM res_currency_rate r JOIN res_currency cur ON cur.id = r.currency_id "
        " WHERE r.name <= (now() AT TIME ZONE 'UTC')::date AND r.rate > 0 "
        "   AND (r.company_id = $1 OR r.company_id IS NULL) "
        " ORDER BY r.currency_id, r.company_id NULLS LAST, r.name DESC",
        company_id);
    for (const auto& row : rates) {
      auto fx = Decimal::parse(row[1].as<std::string>());
      if (fx && fx->units() > 0) t.fx[row[0].as<std::string>()] = *fx;
    }
  } catch (const pqxx::broken_connection& e) {
    throw std::runtime_error(std::string("cannot connect to the Odoo database for rate = odoo: ") + e.what());
  } catch (const pqxx::sql_error& e) {
    throw std::runtime_error("reading res_currency_rate for rate = odoo failed (SQLSTATE " + e.sqlstate() +
                             "): " + e.what());
  }
  return t;
}

}  // namespace tecsync::pricing
