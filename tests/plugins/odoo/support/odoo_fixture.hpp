#pragma once
/// @file
/// An Odoo-shaped test database with the Air supplier, its two locations and
/// helpers to add products and quants the way Odoo's ORM would (every NOT NULL
/// column, stored computes filled), on the 17 or 18 schema (with or without the
/// sale/purchase columns).

#include <optional>
#include <string>
#include <vector>

#include "odoo_sql_sink.hpp"
#include "support/test_db.hpp"

namespace tecsync::pgtest {

inline const char* kCba = "WH/Air Córdoba";
inline const char* kBue = "WH/Air Buenos Aires";

class OdooFixture {
 public:
  explicit OdooFixture(const std::vector<std::string>& files) : db(files) {
    has_detailed_type_ = !db.scalar(
                                "SELECT 1 FROM information_schema.columns WHERE table_name = 'product_template' "
                                "AND column_name = 'detailed_type'")
                              .empty();
    has_sale_ = !db.scalar(
                       "SELECT 1 FROM information_schema.columns WHERE table_name = 'product_template' "
                       "AND column_name = 'sale_line_warn'")
                     .empty();
    db.exec(R"SQL(
      INSERT INTO res_partner (id, name, complete_name, commercial_partner_id, type, is_company, active, lang,
                               partner_share, employee, create_uid, write_uid, create_date, write_date)
      SELECT n.id, n.name, n.name, n.id, 'contact', true, true, 'en_US', true, false, 2, 2,
             now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
        FROM (SELECT nextval('res_partner_id_seq') AS id, x.name
                FROM (VALUES ('Air Computers'), ('Other Supplier')) x(name)) n;
      WITH v AS (SELECT w.id AS wid, w.company_id, l.id AS vid, l.parent_path, l.complete_name
                   FROM stock_warehouse w JOIN stock_location l ON l.id = w.view_location_id WHERE w.code = 'WH'),
           f AS MATERIALIZED (SELECT nextval('stock_location_id_seq') AS id, x.name, x.o
                                FROM (VALUES ('Air Córdoba', 1), ('Air Buenos Aires', 2)) x(name, o) ORDER BY o)
      INSERT INTO stock_location (id, name, complete_name, usage, location_id, parent_path, company_id, warehouse_id,
                                  active, scrap_location, replenish_location, posx, posy, posz,
                                  cyclic_inventory_frequency, create_uid, write_uid, create_date, write_date)
      SELECT f.id, f.name, v.complete_name || '/' || f.name, 'internal', v.vid, v.parent_path || f.id || '/',
             v.company_id, v.wid, true, false, false, 0, 0, 0, 0, 2, 2,
             now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
        FROM f CROSS JOIN v;
    )SQL");
  }

  /// Adds a product (template + variant, or a variant of `variant_of`'s template).
  /// `supplier`: "air", "other" or "" (no vendor line). Returns the variant id.
  int add_product(const std::string& code, bool active = true, const std::string& supplier = "air",
                  const std::string& list_price = "10", const std::string& variant_of = "") {
    std::string tmpl;
    if (variant_of.empty()) {
      std::string cols =
          "name, categ_id, uom_id, uom_po_id, default_code, list_price, sale_ok, purchase_ok, "
          "active, tracking, create_uid, write_uid, create_date, write_date, type";
      std::string vals = "jsonb_build_object('en_US', 'Product " + code + "'), 1, 1, 1, " + q(code) + ", " +
                         list_price + ", true, true, " + (active ? "true" : "false") +
                         ", 'none', 2, 2, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'";
      if (has_detailed_type_) {
        cols += ", detailed_type";
        vals += ", 'product', 'product'";
      } else {
        cols += ", is_storable, service_tracking";
        vals += ", 'consu', true, 'no'";
      }
      if (has_sale_) {
        cols += ", sale_line_warn, purchase_line_warn";
        vals += ", 'no-message', 'no-message'";
      }
      tmpl = db.scalar("INSERT INTO product_template (" + cols + ") VALUES (" + vals + ") RETURNING id");
    } else {
      tmpl = db.scalar("SELECT product_tmpl_id FROM product_product WHERE default_code = " + q(variant_of) +
                       " ORDER BY id LIMIT 1");
    }
    // A second active variant of one template needs its own combination (unique index).
    const std::string combination = variant_of.empty() ? "''" : q(code);
    std::string id = db.scalar(
        "INSERT INTO product_product (product_tmpl_id, default_code, combination_indices, active, create_uid, "
        "write_uid, create_date, write_date) VALUES (" +
        tmpl + ", " + q(code) + ", " + combination + ", " + (active ? "true" : "false") +
        ", 2, 2, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC') RETURNING id");
    if (!supplier.empty() && variant_of.empty()) {
      const std::string partner = supplier == "air" ? "Air Computers" : "Other Supplier";
      db.exec(
          "INSERT INTO product_supplierinfo (partner_id, product_tmpl_id, product_code, price, currency_id, "
          "delay, min_qty, sequence, company_id, create_uid, write_uid, create_date, write_date) "
          "SELECT p.id, " +
          tmpl + ", " + q(code) +
          ", 1, 1, 1, 0, 1, 1, 2, 2, now() AT TIME ZONE 'UTC', "
          "now() AT TIME ZONE 'UTC' FROM res_partner p WHERE p.name = " +
          q(partner));
    }
    return std::stoi(id);
  }

  void add_quant(const std::string& code, const std::string& location, const std::string& qty,
                 const std::string& reserved = "0") {
    db.exec(
        "INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity, in_date, "
        "inventory_quantity_set, create_uid, write_uid, create_date, write_date) "
        "SELECT p.id, l.id, l.company_id, " +
        qty + ", " + reserved +
        ", now() AT TIME ZONE 'UTC' - interval '1 day', false, 2, 2, now() AT TIME ZONE 'UTC' - interval '1 day', "
        "now() AT TIME ZONE 'UTC' - interval '1 day' FROM product_product p, stock_location l "
        "WHERE p.default_code = " +
        q(code) + " AND p.active AND l.complete_name = " + q(location));
  }

  /// Sum of quantity over the (variant, location, NULL lot/package/owner) key of the active variant.
  std::string qty(const std::string& code, const std::string& location) const {
    return db.scalar(
        "SELECT coalesce(sum(q.quantity), 0)::numeric(20,2)::text FROM stock_quant q "
        "JOIN product_product p ON p.id = q.product_id JOIN stock_location l ON l.id = q.location_id "
        "WHERE p.default_code = " +
        q(code) + " AND l.complete_name = " + q(location) +
        " AND p.active AND q.lot_id IS NULL AND q.package_id IS NULL AND q.owner_id IS NULL");
  }
  int quant_rows(const std::string& code, const std::string& location) const {
    return std::stoi(
        db.scalar("SELECT count(*) FROM stock_quant q JOIN product_product p ON p.id = q.product_id "
                  "JOIN stock_location l ON l.id = q.location_id WHERE p.default_code = " +
                  q(code) + " AND l.complete_name = " + q(location) + " AND p.active"));
  }
  /// list_price of the template of the (active, else any) variant with this code.
  std::string price(const std::string& code, bool active = true) const {
    return db.scalar(
        "SELECT t.list_price::numeric(20,2)::text FROM product_product p JOIN product_template t "
        "ON t.id = p.product_tmpl_id WHERE p.default_code = " +
        q(code) + " AND p.active = " + (active ? "true" : "false") + " ORDER BY p.id LIMIT 1");
  }

  /// Every row of every Odoo table, as text: equal dumps mean byte-identical tables.
  std::string dump() const {
    std::string out;
    for (const char* t : {"res_currency", "res_currency_rate", "res_partner", "res_company", "res_users", "uom_uom",
                          "product_category", "product_template", "product_product", "product_supplierinfo",
                          "stock_location", "stock_warehouse", "stock_quant"})
      out += std::string(t) + ":\n" +
             db.scalar(std::string("SELECT string_agg(x::text, E'\\n' ORDER BY x.id) FROM ") + t + " x") + "\n";
    return out;
  }

  odoo::SinkConfig config() const {
    odoo::SinkConfig c;
    c.dsn = db.dsn();
    c.supplier = "Air Computers";
    c.locations = {{"S_CBA", kCba}, {"S_BUE", kBue}};
    c.lock_timeout = std::chrono::milliseconds(2000);
    c.backoff = std::chrono::milliseconds(100);
    return c;
  }

  static std::string q(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += (c == '\'') ? std::string("''") : std::string(1, c);
    return out + "'";
  }

  TestDb db;

 private:
  bool has_detailed_type_ = true;
  bool has_sale_ = false;
};

/// A flash offer for the tests: price already in company currency (the pricing
/// transform's output), stock per tecsync code.
inline Offer offer(const std::string& sku, std::optional<std::string> price, const std::string& cba,
                   const std::string& bue, std::uint64_t line = 2) {
  Offer o;
  o.sku = sku;
  o.currency = "USD";
  if (price) {
    o.list_price = *Decimal::parse(*price);
    o.cost = o.list_price;
  } else {
    o.warnings.push_back({{"feed.csv", line}, sku, "NO_PRICE", "no cost"});
  }
  o.stock = {{"S_CBA", *Decimal::parse(cba)}, {"S_BUE", *Decimal::parse(bue)}};
  o.origin = {"feed.csv", line};
  return o;
}

/// Runs one whole cycle on a fresh sink; returns commit's status (abort already called on failure).
inline Status run_cycle(const odoo::SinkConfig& config, const OfferBatch& batch, CycleSummary& summary,
                        const std::string& pipeline = "air_flash") {
  odoo::OdooSqlSink sink(config);
  CycleInfo info{pipeline, Strategy::flash, std::chrono::system_clock::now()};
  Status s = sink.begin(info, StreamFacts{});
  if (s) s = sink.write(batch);
  if (s) s = sink.commit(summary);
  if (!s) sink.abort(s);
  return s;
}

inline std::int64_t count_of(const CycleSummary& s, const std::string& name) {
  for (const auto& [k, v] : s.counts)
    if (k == name) return v;
  return -1;
}

}  // namespace tecsync::pgtest
