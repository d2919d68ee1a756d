// Dry-run change listing. Independent of how apply.cpp plans its writes: it
// compares Odoo's rows before and after, inside the same transaction, so it
// lists exactly what a commit would have landed.
#include "changes.hpp"

namespace tecsync::odoo {
namespace {

// `3.0000` → `3`, `2.50` → `2.5`: quantities read as an admin writes them.
std::string plain(const std::string& expr) {
  return "(CASE WHEN (" + expr + ")::text LIKE '%.%' THEN rtrim(rtrim((" + expr + ")::text, '0'), '.') ELSE (" + expr +
         ")::text END)";
}

constexpr const char* kFreeQuant = "lot_id IS NULL AND package_id IS NULL AND owner_id IS NULL";

// Every change as (sku, location, what, old, new, absent).
std::string changes_sql() {
  return std::string(
             "WITH price AS ("
             "  SELECT m.code AS sku, NULL::text AS location, 'list_price' AS what, "
             "         coalesce(b.list_price::text, '∅') AS old, coalesce(t.list_price::text, '∅') AS new, "
             "         false AS absent "
             "    FROM tecsync_before_price b JOIN product_template t ON t.id = b.id "
             "    JOIN (SELECT tmpl_id, min(code) AS code FROM tecsync_match GROUP BY tmpl_id) m ON m.tmpl_id = t.id "
             "   WHERE t.list_price IS DISTINCT FROM b.list_price), "
             "after_q AS (SELECT product_id, location_id, sum(coalesce(quantity, 0)) AS qty FROM stock_quant "
             "             WHERE location_id IN (SELECT location_id FROM tecsync_loc) AND ") +
         kFreeQuant +
         " GROUP BY 1, 2), "
         "before_q AS (SELECT product_id, location_id, sum(qty) AS qty FROM tecsync_before_quant GROUP BY 1, 2), "
         "quant AS ("
         "  SELECT coalesce(btrim(p.default_code), '#' || p.id) AS sku, "
         "         coalesce(l.complete_name, l.name, '#' || l.id) AS location, 'quantity' AS what, " +
         plain("coalesce(b.qty, 0)") + " AS old, " + plain("coalesce(a.qty, 0)") +
         " AS new, "
         "         NOT EXISTS (SELECT 1 FROM tecsync_match m WHERE m.product_id = p.id) AS absent "
         "    FROM after_q a FULL JOIN before_q b ON b.product_id = a.product_id AND b.location_id = a.location_id "
         "    JOIN product_product p ON p.id = coalesce(a.product_id, b.product_id) "
         "    JOIN stock_location l ON l.id = coalesce(a.location_id, b.location_id) "
         "   WHERE coalesce(a.qty, 0) <> coalesce(b.qty, 0)), "
         "allc AS (SELECT * FROM price UNION ALL SELECT * FROM quant) ";
}

}  // namespace

void snapshot_before(pqxx::work& tx, const Target& target) {
  const std::string partner = std::to_string(target.supplier_partner_id);
  tx.exec(
      "CREATE TEMP TABLE tecsync_before_price ON COMMIT DROP AS "
      "SELECT t.id, t.list_price FROM product_template t "
      " WHERE t.id IN (SELECT si.product_tmpl_id FROM product_supplierinfo si "
      "                  JOIN res_partner rp ON rp.id = si.partner_id "
      "                 WHERE rp.id = " +
      partner + " OR rp.commercial_partner_id = " + partner +
      ");"
      "CREATE TEMP TABLE tecsync_before_quant ON COMMIT DROP AS "
      "SELECT product_id, location_id, coalesce(quantity, 0) AS qty FROM stock_quant "
      " WHERE location_id IN (SELECT location_id FROM tecsync_loc) AND " +
      std::string(kFreeQuant) + ";");
}

PlannedChanges list_changes(pqxx::work& tx, std::size_t limit) {
  PlannedChanges out;
  const std::string base = changes_sql();
  out.total = tx.exec(base + "SELECT count(*) FROM allc")[0][0].as<std::int64_t>();
  if (limit == 0 || out.total == 0) return out;
  pqxx::result rows = tx.exec(base +
                              "SELECT sku, location, what, old, new, absent FROM allc "
                              "ORDER BY sku, what, location LIMIT " +
                              std::to_string(limit));
  for (const auto& r : rows) {
    std::string line = "SKU " + r[0].as<std::string>();
    if (!r[1].is_null()) line += " @ " + r[1].as<std::string>();
    line += ": " + r[2].as<std::string>() + " " + r[3].as<std::string>() + " → " + r[4].as<std::string>();
    if (r[5].as<bool>()) line += " (absent from the feed)";
    out.first.push_back(std::move(line));
  }
  return out;
}

}  // namespace tecsync::odoo
