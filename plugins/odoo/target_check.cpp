#include "target_check.hpp"

#include <set>

namespace tecsync::odoo {

namespace {
// Columns the sink writes when it inserts a stock_quant (see apply.cpp).
const std::set<std::string> kQuantColumnsFilled = {
    "id",         "product_id",        "location_id", "company_id",
    "quantity",   "reserved_quantity", "in_date",     "inventory_quantity_set",
    "create_uid", "write_uid",         "create_date", "write_date"};
}  // namespace

Target check_target(pqxx::connection& conn, const SinkConfig& config) {
  Target t;
  pqxx::read_transaction tx{conn};

  for (const auto& m : config.locations) {
    pqxx::result r = tx.exec_params(
        "SELECT l.id, l.company_id, l.usage, l.active, "
        "       EXISTS (SELECT 1 FROM stock_warehouse w JOIN stock_location v ON v.id = w.view_location_id "
        "                WHERE l.parent_path LIKE v.parent_path || '%') "
        "  FROM stock_location l WHERE l.complete_name = $1 ORDER BY l.active DESC NULLS LAST, l.id",
        m.complete_name);
    const std::string key = "location." + m.code;
    if (r.empty())
      throw TargetError(
          "stock.location '" + m.complete_name + "' (" + key +
          ") does not exist (looked up by complete_name). Run `tecsync odoo setup --config <file> --sink <odoo_rpc "
          "sink with the same location.* keys>`, or create it in Odoo: Inventory → Configuration → "
          "Locations → New, type Internal, parent location the warehouse's view location (e.g. "
          "'WH'), so that its full name is '" +
          m.complete_name + "'; or set " + key + " to an existing internal location");
    if (r.size() > 1 && r[1][3].as<bool>(false))
      throw TargetError("stock.location '" + m.complete_name + "' (" + key +
                        ") is ambiguous: several active locations have that complete_name");
    if (!r[0][3].as<bool>(false))
      throw TargetError("stock.location '" + m.complete_name + "' (" + key + ") is archived");
    if (r[0][2].as<std::string>() != "internal")
      throw TargetError("stock.location '" + m.complete_name + "' (" + key + ") has usage '" +
                        r[0][2].as<std::string>() + "'; on-hand stock needs an internal location");
    ResolvedLocation loc{m.code, m.complete_name, r[0][0].as<int>(), std::nullopt, r[0][4].as<bool>()};
    if (!r[0][1].is_null()) loc.company_id = r[0][1].as<int>();
    if (!loc.under_warehouse)
      t.warnings.push_back("stock.location '" + m.complete_name +
                           "' is not under a warehouse view location: Odoo's default on-hand quantity will not "
                           "count it");
    t.locations.push_back(std::move(loc));
  }

  pqxx::result p = tx.exec_params(
      "SELECT id FROM res_partner WHERE name = $1 AND active IS NOT FALSE "
      " ORDER BY is_company DESC NULLS LAST, id LIMIT 1",
      config.supplier);
  if (p.empty())
    throw TargetError(
        "supplier partner '" + config.supplier +
        "' (key supplier) does not exist in res_partner; run `tecsync odoo setup --config <file> --sink <name>`, or "
        "create the vendor in Odoo (Purchase → "
        "Orders → Vendors → New) with exactly this name, or set supplier to an existing vendor's name");
  t.supplier_partner_id = p[0][0].as<int>();

  pqxx::result u = tx.exec_params("SELECT id FROM res_users WHERE login = $1", config.odoo_user);
  if (u.empty()) throw TargetError("Odoo user with login '" + config.odoo_user + "' (key odoo_user) does not exist");
  t.uid = u[0][0].as<int>();

  // Other apps add NOT NULL columns without defaults; an INSERT that leaves one
  // out would fail mid-cycle, so refuse now and say which (odoo-facts §8.6).
  pqxx::result nn = tx.exec(
      "SELECT column_name FROM information_schema.columns "
      " WHERE table_schema = current_schema() AND table_name = 'stock_quant' "
      "   AND is_nullable = 'NO' AND column_default IS NULL ORDER BY column_name");
  std::string unknown;
  for (const auto& row : nn) {
    std::string col = row[0].as<std::string>();
    if (!kQuantColumnsFilled.count(col)) unknown += (unknown.empty() ? "" : ", ") + col;
  }
  if (!unknown.empty())
    throw TargetError("stock_quant has NOT NULL column(s) without a default that the sink does not know how to fill: " +
                      unknown + " (an Odoo app added them); refusing to write");

  pqxx::result pc = tx.exec_params(
      "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
      "   AND table_name = 'product_template' AND column_name = $1",
      config.pulse_field);
  t.has_pulse_column = !pc.empty();
  return t;
}

}  // namespace tecsync::odoo
