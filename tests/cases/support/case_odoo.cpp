#include "support/case_odoo.hpp"

#include <fstream>
#include <pqxx/pqxx>
#include <sstream>
#include <stdexcept>

#include "support/catalog.hpp"
#include "support/process.hpp"

namespace tecsync::cases {
namespace {

const std::filesystem::path kFixtures = std::filesystem::path(TECSYNC_IT_REPO) / "tests/fixtures/odoo";

// Audit columns of every seeded row: admin (id 2), one day before the run, so
// a row the run touches shows a newer write_date.
constexpr const char* kAudit =
    "2, 2, now() AT TIME ZONE 'UTC' - interval '1 day', now() AT TIME ZONE 'UTC' - interval '1 day'";

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t col(const std::string& name, const std::filesystem::path& file) const {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    throw std::runtime_error(file.string() + ": no column " + name);
  }
};

Table read_csv(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  Table t;
  std::string line;
  if (!std::getline(in, line)) throw std::runtime_error(file.string() + " is empty");
  t.header = it::split_csv_line(line);
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    auto fields = it::split_csv_line(line);
    if (fields.size() != t.header.size()) throw std::runtime_error(file.string() + ": bad row " + line);
    t.rows.push_back(std::move(fields));
  }
  return t;
}

std::string trim_scale(const std::string& expr) { return "trim_scale(coalesce(" + expr + ", 0))::text"; }

}  // namespace

std::string CaseOdoo::quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += (c == '\'') ? std::string("''") : std::string(1, c);
  return out + "'";
}

CaseOdoo::CaseOdoo(std::string conninfo, const std::filesystem::path& case_dir, const std::filesystem::path& scratch)
    : conninfo_(std::move(conninfo)) {
  it::ProcessResult r =
      it::run_process({TECSYNC_IT_PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo_, "-f",
                       (kFixtures / "odoo17.sql").string(), "-f", (kFixtures / "pulse_field.sql").string()},
                      scratch);
  if (r.exit_code != 0) throw std::runtime_error("loading odoo17.sql + pulse_field.sql failed: " + r.describe());

  pqxx::connection c(conninfo_);
  pqxx::work tx(c);
  // Partners: the Air vendor and another one, companies of their own.
  tx.exec0(std::string(R"SQL(
    INSERT INTO res_partner (id, name, complete_name, commercial_partner_id, commercial_company_name, type,
                             is_company, active, lang, partner_share, employee,
                             create_uid, write_uid, create_date, write_date)
    SELECT n.id, n.name, n.name, n.id, n.name, 'contact', true, true, 'en_US', true, false, )SQL") +
           kAudit + R"SQL(
      FROM (SELECT nextval('res_partner_id_seq') AS id, x.name
              FROM (VALUES ('Air Computers', 1), ('Other Supplier', 2)) x(name, o) ORDER BY o) n)SQL");
  // Locations under WH/Stock (id 8), parent_path needs the row's own id first.
  tx.exec0(std::string(R"SQL(
    WITH parent AS (SELECT id, parent_path, complete_name, company_id, warehouse_id
                      FROM stock_location WHERE complete_name = 'WH/Stock'),
         fresh AS MATERIALIZED (SELECT nextval('stock_location_id_seq') AS id, x.name, x.o
                                  FROM (VALUES ('Air Córdoba', 1), ('Air Buenos Aires', 2)) x(name, o) ORDER BY o)
    INSERT INTO stock_location (id, name, complete_name, usage, location_id, parent_path, company_id, warehouse_id,
                                active, scrap_location, return_location, replenish_location, posx, posy, posz,
                                cyclic_inventory_frequency, create_uid, write_uid, create_date, write_date)
    SELECT f.id, f.name, p.complete_name || '/' || f.name, 'internal', p.id, p.parent_path || f.id || '/',
           p.company_id, p.warehouse_id, true, false, false, false, 0, 0, 0, 0, )SQL") +
           kAudit + " FROM fresh f CROSS JOIN parent p");

  // Products: rows sharing `template` are variants of one template.
  const auto before = case_dir / "odoo_before.csv";
  Table products = read_csv(before);
  const auto c_code = products.col("default_code", before), c_tmpl = products.col("template", before),
             c_active = products.col("active", before), c_supplier = products.col("supplier", before),
             c_price = products.col("list_price", before), c_cba = products.col("qty_cba", before),
             c_bue = products.col("qty_bue", before);
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::size_t>> by_template;
  for (std::size_t i = 0; i < products.rows.size(); ++i) {
    const auto& name = products.rows[i][c_tmpl];
    if (!by_template.count(name)) order.push_back(name);
    by_template[name].push_back(i);
  }
  std::vector<std::string> variant_id(products.rows.size());
  for (const auto& name : order) {
    const auto& members = by_template[name];
    const auto& first = products.rows[members.front()];
    bool any_active = false;
    for (auto i : members) any_active = any_active || products.rows[i][c_active] == "true";
    const bool single = members.size() == 1;
    const std::string tmpl =
        tx.exec1(
              "INSERT INTO product_template (name, detailed_type, type, categ_id, uom_id, uom_po_id, default_code, "
              "list_price, sale_ok, purchase_ok, active, tracking, sale_delay, priority, sequence, weight, volume, "
              "has_configurable_attributes, can_image_1024_be_zoomed, create_uid, write_uid, create_date, "
              "write_date) VALUES (jsonb_build_object('en_US', " +
              tx.quote(name) + "), 'product', 'product', 1, 1, 1, " +
              (single ? tx.quote(first[c_code]) : std::string("NULL")) + ", " + tx.quote(first[c_price]) +
              "::numeric, true, true, " + (any_active ? "true" : "false") + ", 'none', 0, '0', 1, 0, 0, " +
              (single ? "false" : "true") + ", false, " + kAudit + ") RETURNING id")[0]
            .c_str();
    int ordinal = 0;
    for (auto i : members) {
      const auto& row = products.rows[i];
      // One active variant per (template, combination): siblings get distinct combinations.
      const std::string combination = single ? "" : std::to_string(++ordinal);
      variant_id[i] =
          tx.exec1(
                "INSERT INTO product_product (product_tmpl_id, default_code, combination_indices, active, "
                "weight, volume, can_image_variant_1024_be_zoomed, create_uid, write_uid, create_date, "
                "write_date) VALUES (" +
                tmpl + ", " + tx.quote(row[c_code]) + ", " + tx.quote(combination) + ", " +
                (row[c_active] == "true" ? "true" : "false") + ", 0, 0, false, " + kAudit + ") RETURNING id")[0]
              .c_str();
      const auto& supplier = row[c_supplier];
      if (supplier == "air" || supplier == "other") {
        tx.exec0(
            "INSERT INTO product_supplierinfo (partner_id, product_tmpl_id, product_id, product_code, product_name, "
            "price, currency_id, delay, min_qty, sequence, company_id, discount, create_uid, write_uid, create_date, "
            "write_date) SELECT p.id, " +
            tmpl + ", " + (single ? std::string("NULL") : variant_id[i]) + ", " + tx.quote(row[c_code]) + ", " +
            tx.quote(name) + ", " + tx.quote(row[c_price]) + "::numeric, 1, 1, 0, 1, 1, 0, " + kAudit +
            " FROM res_partner p WHERE p.name = " + tx.quote(supplier == "air" ? "Air Computers" : "Other Supplier"));
      } else if (!supplier.empty()) {
        throw std::runtime_error(before.string() + ": supplier '" + supplier + "' is neither air nor other");
      }
    }
  }

  auto add_quant = [&](const std::string& product_id, const std::string& location, const std::string& qty,
                       const std::string& reserved) {
    auto r = tx.exec(
        "INSERT INTO stock_quant (product_id, company_id, location_id, quantity, reserved_quantity, in_date, "
        "inventory_quantity_set, create_uid, write_uid, create_date, write_date) SELECT " +
        product_id + ", l.company_id, l.id, " + tx.quote(qty) + "::numeric, " + tx.quote(reserved) +
        "::numeric, now() AT TIME ZONE 'UTC' - interval '1 day', false, " + kAudit +
        " FROM stock_location l WHERE l.complete_name = " + tx.quote(location) + " RETURNING id");
    if (r.size() != 1) throw std::runtime_error("no location " + location);
  };
  const auto quants_file = case_dir / "quants_before.csv";
  if (std::filesystem::exists(quants_file)) {
    Table quants = read_csv(quants_file);
    const auto q_code = quants.col("default_code", quants_file), q_loc = quants.col("location", quants_file),
               q_qty = quants.col("quantity", quants_file), q_res = quants.col("reserved_quantity", quants_file);
    for (const auto& row : quants.rows) {
      std::string id;
      for (std::size_t i = 0; i < products.rows.size() && id.empty(); ++i)
        if (products.rows[i][c_code] == row[q_code] && products.rows[i][c_active] == "true") id = variant_id[i];
      for (std::size_t i = 0; i < products.rows.size() && id.empty(); ++i)
        if (products.rows[i][c_code] == row[q_code]) id = variant_id[i];
      if (id.empty()) throw std::runtime_error(quants_file.string() + ": unknown product " + row[q_code]);
      add_quant(id, row[q_loc], row[q_qty], row[q_res]);
    }
  } else {
    for (std::size_t i = 0; i < products.rows.size(); ++i) {
      const auto& row = products.rows[i];
      if (!row[c_cba].empty()) add_quant(variant_id[i], kCordoba, row[c_cba], "0");
      if (!row[c_bue].empty()) add_quant(variant_id[i], kBuenosAires, row[c_bue], "0");
    }
  }
  tx.commit();

  pqxx::work rd(c);
  for (const auto& row : rd.exec("SELECT id, concat_ws('/', product_id, location_id, lot_id, package_id, owner_id), "
                                 "reserved_quantity::text FROM stock_quant")) {
    quants_before_[row[0].as<long>()] = {row[1].c_str(), row[2].c_str()};
    ++key_rows_before_[row[1].c_str()];
  }
}

std::string CaseOdoo::scalar(const std::string& sql) const {
  pqxx::connection c(conninfo_);
  pqxx::work tx(c);
  pqxx::result r = tx.exec(sql);
  if (r.empty() || r[0].empty() || r[0][0].is_null()) return "";
  return r[0][0].c_str();
}

void CaseOdoo::exec(const std::string& sql) const {
  pqxx::connection c(conninfo_);
  pqxx::work tx(c);
  tx.exec(sql);
  tx.commit();
}

namespace {

std::string variant_filter(const std::string& sku, bool active) {
  return "p.default_code = " + CaseOdoo::quote(sku) + " AND p.active IS " + (active ? "TRUE" : "NOT TRUE");
}

}  // namespace

std::string CaseOdoo::price(const std::string& sku, bool active) const {
  return scalar(
      "SELECT t.list_price::numeric(20,2)::text FROM product_product p JOIN product_template t ON t.id = "
      "p.product_tmpl_id WHERE " +
      variant_filter(sku, active) + " ORDER BY p.id LIMIT 1");
}

std::string CaseOdoo::qty(const std::string& sku, const std::string& location, bool active) const {
  return scalar("SELECT " + trim_scale("sum(q.quantity)") +
                " FROM stock_quant q JOIN product_product p ON p.id = q.product_id JOIN stock_location l ON l.id = "
                "q.location_id WHERE " +
                variant_filter(sku, active) + " AND l.complete_name = " + quote(location) +
                " AND q.lot_id IS NULL AND q.package_id IS NULL AND q.owner_id IS NULL");
}

long CaseOdoo::quant_rows(const std::string& sku, const std::string& location, bool active) const {
  return std::stol(scalar(
      "SELECT count(*) FROM stock_quant q JOIN product_product p ON p.id = q.product_id JOIN stock_location l ON "
      "l.id = q.location_id WHERE " +
      variant_filter(sku, active) + " AND l.complete_name = " + quote(location)));
}

std::string CaseOdoo::reserved(const std::string& sku, const std::string& location, bool active) const {
  return scalar("SELECT " + trim_scale("sum(q.reserved_quantity)") +
                " FROM stock_quant q JOIN product_product p ON p.id = q.product_id JOIN stock_location l ON l.id = "
                "q.location_id WHERE " +
                variant_filter(sku, active) + " AND l.complete_name = " + quote(location));
}

long CaseOdoo::variants(const std::string& sku) const {
  return std::stol(scalar("SELECT count(*) FROM product_product WHERE default_code = " + quote(sku)));
}

std::optional<bool> CaseOdoo::active(const std::string& sku) const {
  std::string v =
      scalar("SELECT active::text FROM product_product WHERE default_code = " + quote(sku) + " ORDER BY id LIMIT 1");
  if (v.empty()) return std::nullopt;
  return v == "true";
}

std::string CaseOdoo::pulse_head(const std::string& sku, bool active) const {
  std::string pulse = scalar(
      "SELECT t.x_tecsync_pulse FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id WHERE " +
      variant_filter(sku, active) + " ORDER BY p.id LIMIT 1");
  auto cut = pulse.find(" · ");
  return cut == std::string::npos ? pulse : pulse.substr(0, cut);
}

std::string CaseOdoo::snapshot() const {
  std::string out;
  for (const char* t : {"product_template", "product_product", "product_supplierinfo", "stock_quant"})
    out += std::string(t) + ":\n" +
           scalar(std::string("SELECT string_agg(x::text, E'\\n' ORDER BY x.id) FROM ") + t + " x") + "\n";
  return out;
}

std::optional<CycleRow> CaseOdoo::last_cycle() const {
  if (scalar("SELECT to_regclass('tecsync.cycle')::text").empty()) return std::nullopt;
  pqxx::connection c(conninfo_);
  pqxx::work tx(c);
  pqxx::result r = tx.exec(
      "SELECT id, status, coalesce(pulse, ''), coalesce(counts::text, 'null'), coalesce(failure_point, '') "
      "FROM tecsync.cycle ORDER BY id DESC LIMIT 1");
  if (r.empty()) return std::nullopt;
  CycleRow row;
  row.id = r[0][0].as<long>();
  row.status = r[0][1].c_str();
  row.pulse = r[0][2].c_str();
  row.counts = nlohmann::json::parse(r[0][3].c_str());
  row.failure_point = r[0][4].c_str();
  return row;
}

long CaseOdoo::cycle_count() const {
  if (scalar("SELECT to_regclass('tecsync.cycle')::text").empty()) return 0;
  return std::stol(scalar("SELECT count(*) FROM tecsync.cycle"));
}

std::vector<RejectRow> CaseOdoo::rejects() const {
  std::vector<RejectRow> out;
  if (scalar("SELECT to_regclass('tecsync.reject')::text").empty()) return out;
  pqxx::connection c(conninfo_);
  pqxx::work tx(c);
  for (const auto& r :
       tx.exec("SELECT coalesce(resource, ''), coalesce(line, 0), coalesce(sku, ''), coalesce(code, ''), "
               "coalesce(detail, ''), coalesce(kind, '') FROM tecsync.reject "
               "WHERE cycle_id = (SELECT max(id) FROM tecsync.cycle) ORDER BY id"))
    out.push_back({r[0].c_str(), r[1].as<long>(), r[2].c_str(), r[3].c_str(), r[4].c_str(), r[5].c_str()});
  return out;
}

std::vector<RejectRow> CaseOdoo::rejects(const std::string& code, const std::optional<std::string>& sku) const {
  std::vector<RejectRow> out;
  for (auto& r : rejects())
    if (r.code == code && (!sku || r.sku == *sku)) out.push_back(std::move(r));
  return out;
}

::testing::AssertionResult CaseOdoo::quants_invariant_i4() const {
  pqxx::connection c(conninfo_);
  pqxx::work tx(c);
  std::ostringstream bad;
  std::map<std::string, long> rows;
  for (const auto& r : tx.exec("SELECT id, concat_ws('/', product_id, location_id, lot_id, package_id, owner_id), "
                               "reserved_quantity::text FROM stock_quant ORDER BY id")) {
    const long id = r[0].as<long>();
    const std::string key = r[1].c_str(), reserved = r[2].c_str();
    ++rows[key];
    auto was = quants_before_.find(id);
    if (was != quants_before_.end() && was->second.second != reserved)
      bad << "\n  quant " << id << " reserved_quantity " << was->second.second << " -> " << reserved;
    if (was == quants_before_.end() && std::stod(reserved) != 0)
      bad << "\n  new quant " << id << " has reserved_quantity " << reserved;
  }
  for (const auto& [key, n] : rows) {
    auto before = key_rows_before_.find(key);
    const long allowed = before == key_rows_before_.end() ? 1 : before->second;
    if (n > allowed) bad << "\n  key " << key << ": " << n << " rows (allowed " << allowed << ")";
  }
  if (bad.str().empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "I4 broken:" << bad.str();
}

}  // namespace tecsync::cases
