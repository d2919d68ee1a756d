#include "support/odoo_state.hpp"

#include <pqxx/pqxx>
#include <stdexcept>

namespace tecsync::it {
namespace {

Decimal dec(const pqxx::field& f) {
  auto d = Decimal::parse(f.c_str());
  if (!d) throw std::runtime_error(std::string("not a decimal from PostgreSQL: ") + f.c_str());
  return *d;
}

}  // namespace

OdooState snapshot_odoo(const std::string& conninfo) {
  pqxx::connection c(conninfo);
  pqxx::read_transaction tx(c);
  const bool has_pulse = tx.exec1(
                               "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND "
                               "table_name = 'product_template' AND column_name = 'x_tecsync_pulse'")[0]
                             .as<long>() > 0;
  // Quantities are numeric: ::text keeps them exact. The per-key count finds
  // duplicate quants (Odoo has no unique index; the sink must keep it unique).
  const std::string sql = R"SQL(
    WITH q AS (
      SELECT q.product_id, l.complete_name, q.quantity, q.reserved_quantity, q.write_date
        FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
       WHERE q.lot_id IS NULL AND q.package_id IS NULL AND q.owner_id IS NULL
    ), dup AS (
      SELECT product_id, max(n) AS n FROM (
        SELECT product_id, complete_name, count(*) AS n FROM q GROUP BY 1, 2) s GROUP BY 1
    )
    SELECT pp.default_code,
           pt.list_price::text,
           COALESCE((SELECT sum(quantity) FROM q WHERE q.product_id = pp.id AND q.complete_name = $1), 0)::text,
           COALESCE((SELECT sum(quantity) FROM q WHERE q.product_id = pp.id AND q.complete_name = $2), 0)::text,
           COALESCE(dup.n, 0),
           (SELECT count(*) FROM q WHERE q.product_id = pp.id AND q.quantity < q.reserved_quantity),
           COALESCE(pt.write_date::text, ''),
           COALESCE((SELECT max(write_date)::text FROM q WHERE q.product_id = pp.id), ''),
           )SQL" + std::string(has_pulse ? "pt.x_tecsync_pulse" : "NULL::text") +
                          R"SQL(
      FROM product_product pp
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      LEFT JOIN dup ON dup.product_id = pp.id
     WHERE pp.default_code IS NOT NULL)SQL";
  OdooState state;
  for (const auto& row : tx.exec_params(sql, kCordoba, kBuenosAires)) {
    ProductSnapshot s;
    s.list_price = row[1].is_null() ? Decimal{} : dec(row[1]);
    s.cba = dec(row[2]);
    s.bue = dec(row[3]);
    s.max_quants_per_key = row[4].as<long>();
    s.negative_reserved = row[5].as<long>();
    s.template_write_date = row[6].c_str();
    s.quant_write_date = row[7].c_str();
    if (!row[8].is_null()) s.pulse = row[8].c_str();
    state[row[0].c_str()] = s;
  }
  return state;
}

}  // namespace tecsync::it
