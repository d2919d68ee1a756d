// The set-based SQL of a flash cycle. Every statement works on whole sets (the
// staged feed joined to Odoo's tables) and writes a row only when its value
// really changes, so a second identical cycle writes nothing.
//
// Quant rule (odoo-facts §2/§8; no unique index on the key, so no ON CONFLICT):
// for each (variant, location, lot/package/owner NULL) key the target is the
// feed's quantity. The key's quants are locked (FOR NO KEY UPDATE). If there is
// none, one is inserted when the target is not 0. If the key's quantities already
// sum to the target nothing is written. Otherwise, with K the quant of lowest id
// ("keeper") and O the others:
//   1. if target − Σ O.quantity ≥ K.reserved: K := target − Σ O.quantity (O untouched);
//   2. else each O := its reserved_quantity (the least it may hold) and
//      K := max(target − Σ O.reserved, K.reserved).
// The sum ends at the target unless the target is below the key's total
// reservation; then every quant keeps its reserved amount and the key is reported
// as RESERVED_ABOVE_TARGET. reserved_quantity itself is never written.
#include "apply.hpp"

#include <optional>

#include "retry.hpp"
#include "tecsync/status.hpp"

namespace tecsync::odoo {
namespace {

// Trimmed the way the feed's SKUs are (space, TAB, NBSP both sides).
constexpr const char* kTrimSet = "E' \\t' || chr(160)";

std::string trimmed(const std::string& col) { return "btrim(" + col + ", " + kTrimSet + ")"; }

std::int64_t count(pqxx::work& tx, const std::string& sql) {
  pqxx::result r = tx.exec(sql);
  return r.empty() || r[0][0].is_null() ? 0 : r[0][0].as<std::int64_t>();
}

const char* kQuantKey =
    "q.product_id = t.product_id AND q.location_id = t.location_id "
    "AND q.lot_id IS NULL AND q.package_id IS NULL AND q.owner_id IS NULL";

/// After a lock failure on `table` (inside a rolled-back savepoint), finds which
/// SKUs' rows another session holds: the rows SKIP LOCKED would not return.
std::string held_skus(pqxx::work& tx, const std::string& table) {
  std::string sql;
  if (table == "stock_quant")
    sql = std::string("SELECT DISTINCT t.code FROM tecsync_target t JOIN stock_quant q ON ") + kQuantKey +
          " WHERE q.id NOT IN (SELECT q.id FROM tecsync_target t JOIN stock_quant q ON " + kQuantKey +
          "                     FOR NO KEY UPDATE OF q SKIP LOCKED) ORDER BY 1 LIMIT 5";
  else
    sql =
        "SELECT DISTINCT m.code FROM tecsync_match m "
        " WHERE m.tmpl_id NOT IN (SELECT t.id FROM product_template t JOIN tecsync_match m2 ON m2.tmpl_id = t.id "
        "                          FOR NO KEY UPDATE OF t SKIP LOCKED) ORDER BY 1 LIMIT 5";
  std::string out;
  try {
    pqxx::subtransaction probe{tx, "tecsync_probe"};
    for (const auto& row : probe.exec(sql)) out += (out.empty() ? "" : ", ") + row[0].as<std::string>();
    probe.abort();  // release whatever the probe locked
  } catch (...) {
    // Diagnosis is best effort; the lock failure itself is what gets reported.
  }
  return out;
}

/// Runs a statement that may wait on Odoo's row locks inside a savepoint, so a
/// lock failure can be diagnosed (which SKUs) before the transaction is abandoned.
pqxx::result locking_step(pqxx::work& tx, const char* step, const char* table, const std::string& sql) {
  std::optional<DbFailure> failure;
  try {
    pqxx::subtransaction sub{tx, "tecsync_step"};
    pqxx::result r = sub.exec(sql);
    sub.commit();
    return r;
  } catch (...) {
    try {
      rethrow_as_db_failure(step, table);
    } catch (DbFailure& f) {
      failure = std::move(f);
    }
  }
  if (failure->retryable()) failure->skus = held_skus(tx, table);
  throw *failure;
}

}  // namespace

ApplyResult apply_cycle(pqxx::work& tx, const SinkConfig& config, const Target& target,
                        const std::string& pulse_suffix) {
  ApplyResult res;
  const std::string uid = std::to_string(target.uid);
  const std::string partner = std::to_string(target.supplier_partner_id);
  const std::string now = "(now() AT TIME ZONE 'UTC')";

  in_step("read staged feed", "", [&] {
    // The planner's cost estimates for these set statements (temp tables with
    // few statistics, 10⁴–10⁶ rows) pass jit_above_cost, and compiling the
    // expressions then takes longer than running them (≈ 30 ms per statement at
    // 10,000 SKUs, measured with bench/). The cycle is OLTP-sized work: no JIT.
    tx.exec("SET LOCAL jit = off");
    res.offers_read = count(tx, "SELECT count(*) FROM tecsync_stage_offer");
    for (const auto& row :
         tx.exec("SELECT code, count(*) FROM tecsync_stage_issue WHERE kind = 'reject' GROUP BY code"))
      res.rejects += (res.reject_codes[row[0].as<std::string>()] = row[1].as<std::int64_t>());
    for (const auto& row :
         tx.exec("SELECT code, count(*) FROM tecsync_stage_issue WHERE kind = 'warning' GROUP BY code"))
      res.warning_codes[row[0].as<std::string>()] = row[1].as<std::int64_t>();
    // The last row of a SKU wins (sources de-duplicate; this keeps the sink safe anyway).
    tx.exec(
        "CREATE TEMP TABLE tecsync_feed ON COMMIT DROP AS "
        "SELECT DISTINCT ON (code) code, seq, list_price, resource, line "
        "  FROM (SELECT " +
        trimmed("sku") +
        " AS code, seq, list_price, resource, line "
        "          FROM tecsync_stage_offer) s "
        " WHERE code <> '' "
        // A SKU with conflicting rows is rejected whole (DUPLICATE_CONFLICT),
        // even when its first row already reached the stage in an earlier batch.
        "   AND code NOT IN (SELECT " +
        trimmed("sku") +
        " FROM tecsync_stage_issue "
        "                     WHERE kind = 'reject' AND code = 'DUPLICATE_CONFLICT' AND sku IS NOT NULL) "
        " ORDER BY code, seq DESC;"
        "CREATE UNIQUE INDEX ON tecsync_feed (code); ANALYZE tecsync_feed;");
  });

  // Scope: variants with an internal reference whose template (or the variant
  // itself) has a vendor line of the supplier (or one of its contacts).
  in_step("resolve products", "product_product", [&] {
    tx.exec(
        "CREATE TEMP TABLE tecsync_scope ON COMMIT DROP AS "
        "SELECT p.id AS product_id, p.product_tmpl_id AS tmpl_id, " +
        trimmed("p.default_code") +
        " AS code, "
        "       (p.active IS TRUE AND t.active IS TRUE) AS active "
        "  FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id "
        " WHERE p.default_code IS NOT NULL "
        "   AND EXISTS (SELECT 1 FROM product_supplierinfo si JOIN res_partner rp ON rp.id = si.partner_id "
        "                WHERE si.product_tmpl_id = p.product_tmpl_id "
        "                  AND (si.product_id IS NULL OR si.product_id = p.id) "
        "                  AND (rp.id = " +
        partner + " OR rp.commercial_partner_id = " + partner +
        "));"
        "CREATE INDEX ON tecsync_scope (code); ANALYZE tecsync_scope;"
        "CREATE TEMP TABLE tecsync_match ON COMMIT DROP AS "
        "SELECT f.code, f.seq, f.list_price, s.product_id, s.tmpl_id "
        "  FROM tecsync_feed f "
        // Codes with exactly one active variant, aggregated once (min() of one row is that row).
        "  JOIN (SELECT code, min(product_id) AS product_id, min(tmpl_id) AS tmpl_id FROM tecsync_scope "
        "         WHERE active GROUP BY code HAVING count(*) = 1) s ON s.code = f.code;"
        "CREATE INDEX ON tecsync_match (seq); ANALYZE tecsync_match;");
    res.offers_matched = count(tx, "SELECT count(*) FROM tecsync_match");
    // SKU outcomes go to the issue table (rolled back with the cycle if it fails).
    pqxx::result outcomes = tx.exec(
        "WITH ins AS ("
        "  INSERT INTO tecsync_stage_issue (kind, resource, line, sku, code, detail) "
        "  SELECT 'outcome', f.resource, f.line, f.code, "
        "         CASE WHEN a.code IS NULL THEN 'UNKNOWN_SKU' WHEN a.n_active = 0 THEN 'PRODUCT_ARCHIVED' "
        "              ELSE 'AMBIGUOUS_SKU' END, "
        "         CASE WHEN a.code IS NULL THEN 'no product with this internal reference and a vendor line of ' || " +
        tx.quote(config.supplier) +
        " || '; the flash sync never creates products' "
        "              WHEN a.n_active = 0 THEN 'product is archived; left alone' "
        "              ELSE a.n_active || ' active products share this internal reference; none written' END "
        "    FROM tecsync_feed f "
        "    LEFT JOIN (SELECT code, count(*) AS n_all, count(*) FILTER (WHERE active) AS n_active "
        "                 FROM tecsync_scope GROUP BY code) a ON a.code = f.code "
        "   WHERE a.code IS NULL OR a.n_active <> 1 RETURNING code) "
        "SELECT code, count(*) FROM ins GROUP BY code");
    for (const auto& row : outcomes) {
      const std::string code = row[0].as<std::string>();
      const auto n = row[1].as<std::int64_t>();
      if (code == "UNKNOWN_SKU") res.unknown_sku = n;
      if (code == "PRODUCT_ARCHIVED") res.archived = n;
      if (code == "AMBIGUOUS_SKU") res.ambiguous_sku = n;
    }
  });

  in_step("plan prices", "product_template", [&] {
    tx.exec(
        "CREATE TEMP TABLE tecsync_price ON COMMIT DROP AS "
        "SELECT tmpl_id, min(list_price) AS price, min(list_price) <> max(list_price) AS conflict "
        "  FROM tecsync_match WHERE list_price IS NOT NULL GROUP BY tmpl_id");
    res.variant_price_conflict =
        count(tx,
              "WITH ins AS ("
              "  INSERT INTO tecsync_stage_issue (kind, resource, line, sku, code, detail) "
              "  SELECT 'outcome', f.resource, f.line, m.code, 'VARIANT_PRICE_CONFLICT', "
              "         'variants of one template got different prices; template price left alone, stock applied' "
              "    FROM tecsync_match m JOIN tecsync_price p ON p.tmpl_id = m.tmpl_id AND p.conflict "
              "    JOIN tecsync_feed f ON f.code = m.code RETURNING 1) "
              "SELECT count(*) FROM ins");
    res.no_price = count(tx, "SELECT count(*) FROM tecsync_match WHERE list_price IS NULL");
  });

  in_step("plan quants", "stock_quant", [&] {
    // Two codes may map to one location: their quantities add up.
    tx.exec(
        "CREATE TEMP TABLE tecsync_target ON COMMIT DROP AS "
        "SELECT m.product_id, l.location_id, max(l.company_id) AS company_id, "
        "       GREATEST(sum(st.qty), 0) AS qty, min(m.code) AS code, false AS absent "
        "  FROM tecsync_match m JOIN tecsync_stage_stock st ON st.seq = m.seq "
        "  JOIN tecsync_loc l ON l.code = st.code "
        " GROUP BY m.product_id, l.location_id");
    // Rule A1/A2: present = any staged SKU, including rows rejected for other reasons.
    const std::string absent_where =
        "s.active AND NOT EXISTS (SELECT 1 FROM tecsync_feed f WHERE f.code = s.code) "
        "AND NOT EXISTS (SELECT 1 FROM tecsync_stage_issue i WHERE i.kind = 'reject' AND " +
        trimmed("i.sku") + " = s.code)";
    // One pass with joins (feed codes are unique; rejected SKUs made distinct)
    // rather than a subquery per scope row.
    pqxx::result cov = tx.exec(
        "SELECT count(*) FILTER (WHERE s.active), "
        "       count(*) FILTER (WHERE s.active AND f.code IS NOT NULL), "
        "       count(*) FILTER (WHERE s.active AND f.code IS NULL AND r.sku IS NULL) "
        "  FROM tecsync_scope s LEFT JOIN tecsync_feed f ON f.code = s.code "
        "  LEFT JOIN (SELECT DISTINCT " +
        trimmed("sku") + " AS sku FROM tecsync_stage_issue WHERE kind = 'reject') r ON r.sku = s.code");
    const auto total = cov[0][0].as<std::int64_t>(), covered = cov[0][1].as<std::int64_t>();
    res.absent_candidates = cov[0][2].as<std::int64_t>();
    if (res.absent_candidates > 0) {
      std::int64_t unreadable = 0;
      std::string codes;
      for (const char* c : {"BLANK_SKU", "MANGLED_SKU", "BAD_ROW"})
        if (auto it = res.reject_codes.find(c); it != res.reject_codes.end() && it->second > 0) {
          unreadable += it->second;
          codes += (codes.empty() ? "" : ", ") + std::string(c) + " " + std::to_string(it->second);
        }
      // covered / total < min  ⇔  covered · 10⁶ < min_units · total (no division, no float)
      const bool low = static_cast<__int128>(covered) * Decimal::kOne <
                       static_cast<__int128>(config.absent_min_coverage.units()) * total;
      if (unreadable > 0) {
        res.absent_suppressed = true;
        res.absent_reason = std::to_string(unreadable) + " row(s) with an unreadable SKU (" + codes + ")";
      } else if (low) {
        res.absent_suppressed = true;
        res.absent_reason = "coverage " + std::to_string(covered) + "/" + std::to_string(total) + " = " +
                            std::to_string(covered * 100 / (total ? total : 1)) + " % < " +
                            (config.absent_min_coverage * Decimal::from_int(100)).to_string(0) + " %";
      } else {
        tx.exec(
            "INSERT INTO tecsync_target (product_id, location_id, company_id, qty, code, absent) "
            "SELECT s.product_id, l.location_id, l.company_id, 0, s.code, true "
            "  FROM tecsync_scope s CROSS JOIN (SELECT DISTINCT location_id, company_id FROM tecsync_loc) l "
            " WHERE " +
            absent_where);
      }
    }
    tx.exec("CREATE INDEX ON tecsync_target (product_id, location_id); ANALYZE tecsync_target;");
  });

  // Lock every quant of every target key, in id order (no deadlock between two
  // sinks), waiting at most lock_timeout for Odoo's own writers.
  locking_step(tx, "lock quants", "stock_quant",
               std::string("SELECT q.id FROM tecsync_target t JOIN stock_quant q ON ") + kQuantKey +
                   " ORDER BY q.id FOR NO KEY UPDATE OF q");

  in_step("update quants", "stock_quant", [&] {
    // Per-key probes (LATERAL) rather than a join: the planner then uses the
    // product_id index whatever its statistics say about a freshly grown stock_quant.
    const std::string groups =
        "SELECT t.product_id, t.location_id, t.qty AS target, t.code, a.keeper_id, a.total, a.total_res "
        "  FROM tecsync_target t CROSS JOIN LATERAL ("
        "    SELECT min(q.id) AS keeper_id, sum(coalesce(q.quantity, 0)) AS total, "
        "           sum(q.reserved_quantity) AS total_res, count(*) AS n "
        "      FROM stock_quant q WHERE " +
        std::string(kQuantKey) +
        ") a "
        " WHERE a.n > 0 AND a.total <> t.qty";
    // The keys whose quants must move, probed once for both statements below
    // (an unchanged cycle leaves this empty and the rest costs nothing).
    tx.exec("CREATE TEMP TABLE tecsync_qgroup ON COMMIT DROP AS " + groups);
    res.reserved_clamped =
        count(tx,
              "WITH g AS (SELECT * FROM tecsync_qgroup), ins AS ("
              "  INSERT INTO tecsync_stage_issue (kind, resource, line, sku, code, detail) "
              "  SELECT 'warning', f.resource, f.line, g.code, 'RESERVED_ABOVE_TARGET', "
              "         'target ' || g.target || ' at location id ' || g.location_id || ' is below the reserved ' || "
              "         g.total_res || '; quants kept at their reserved quantity' "
              "    FROM g LEFT JOIN tecsync_feed f ON f.code = g.code "
              "   WHERE g.target < g.total_res AND g.total <> g.target RETURNING 1) "
              "SELECT count(*) FROM ins");
    pqxx::result r = tx.exec(
        "WITH g AS (SELECT * FROM tecsync_qgroup), "
        "k AS (SELECT g.*, coalesce(q.quantity, 0) AS k_qty, q.reserved_quantity AS k_res "
        "        FROM g JOIN stock_quant q ON q.id = g.keeper_id WHERE g.total <> g.target), "
        "plan AS ("
        "  SELECT q.id, k.product_id, k.location_id, "
        "         CASE WHEN k.target - (k.total - k.k_qty) >= k.k_res "
        "              THEN CASE WHEN q.id = k.keeper_id THEN k.target - (k.total - k.k_qty) ELSE q.quantity END "
        "              ELSE CASE WHEN q.id = k.keeper_id "
        "                        THEN GREATEST(k.target - (k.total_res - k.k_res), k.k_res) "
        "                        ELSE q.reserved_quantity END "
        "         END AS new_qty "
        "    FROM k CROSS JOIN LATERAL (SELECT q.id, q.quantity, q.reserved_quantity FROM stock_quant q "
        "     WHERE q.product_id = k.product_id AND q.location_id = k.location_id "
        "       AND q.lot_id IS NULL AND q.package_id IS NULL AND q.owner_id IS NULL) q), "
        "upd AS ("
        "  UPDATE stock_quant q SET quantity = plan.new_qty, write_uid = " +
        uid + ", write_date = " + now +
        "    FROM plan WHERE q.id = plan.id AND q.quantity IS DISTINCT FROM plan.new_qty "
        "  RETURNING q.product_id, q.location_id), "
        // Rule A1 is reported per SKU, as the other outcomes are: an admin must see which
        // products lost their stock, not only how many.
        "zeroed AS ("
        "  INSERT INTO tecsync_stage_issue (kind, resource, line, sku, code, detail) "
        "  SELECT DISTINCT 'outcome', NULL::text, NULL::bigint, t.code, 'ABSENT_ZEROED', "
        "         'active product of this supplier absent from a valid feed; stock set to 0 in every mapped "
        "location, price and active left alone' "
        "    FROM upd u JOIN tecsync_target t ON t.product_id = u.product_id AND t.location_id = u.location_id "
        "   WHERE t.absent RETURNING 1) "
        "SELECT count(*), count(DISTINCT u.product_id) FILTER (WHERE t.absent) "
        "  FROM upd u JOIN tecsync_target t ON t.product_id = u.product_id AND t.location_id = u.location_id");
    res.quants_changed = r[0][0].as<std::int64_t>();
    res.absent_zeroed = r[0][1].as<std::int64_t>();
  });

  in_step("create quants", "stock_quant", [&] {
    // The missing keys are found first, in their own statement: an
    // INSERT … SELECT … WHERE NOT EXISTS (stock_quant) re-reads the heap it is
    // growing, and when the planner picks a nested-loop anti join with a seq
    // scan (stock_quant small or freshly emptied) every row rescans all rows
    // inserted so far: quadratic, minutes at 100,000 SKUs (found with bench/).
    tx.exec(
        "CREATE TEMP TABLE tecsync_qnew ON COMMIT DROP AS "
        "SELECT t.product_id, t.location_id, t.company_id, t.qty FROM tecsync_target t "
        " WHERE t.qty <> 0 AND NOT EXISTS (SELECT 1 FROM stock_quant q WHERE " +
        std::string(kQuantKey) + ")");
    res.quants_created =
        count(tx,
              "WITH ins AS ("
              "  INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity, in_date, "
              "                           inventory_quantity_set, create_uid, write_uid, create_date, write_date) "
              "  SELECT t.product_id, t.location_id, t.company_id, t.qty, 0, " +
                  now + ", false, " + uid + ", " + uid + ", " + now + ", " + now +
                  "    FROM tecsync_qnew t "
                  "  RETURNING 1) "
                  "SELECT count(*) FROM ins");
  });

  // Price and pulse land in ONE update per template: each product_template
  // update is a new row version that re-enters every index, the trigram GIN on
  // `name` included, so two passes would cost twice.
  const bool pulses = target.has_pulse_column;
  const std::string field = pulses ? tx.quote_name(config.pulse_field) : std::string();
  if (pulses) {
    // Per template, the worst of its matched variants; absent-zeroed templates say so.
    tx.exec(
        "CREATE TEMP TABLE tecsync_tmpl_pulse ON COMMIT DROP AS "
        "WITH prod AS ("
        "  SELECT m.tmpl_id, CASE WHEN m.list_price IS NULL THEN 4 WHEN p.conflict THEN 3 "
        "    WHEN coalesce(tq.qty, 0) = 0 THEN 2 ELSE 1 END AS rank "
        "    FROM tecsync_match m LEFT JOIN tecsync_price p ON p.tmpl_id = m.tmpl_id "
        "    LEFT JOIN (SELECT product_id, sum(qty) AS qty FROM tecsync_target GROUP BY product_id) tq "
        "      ON tq.product_id = m.product_id "
        "  UNION ALL "
        "  SELECT s.tmpl_id, 0 FROM tecsync_target t JOIN tecsync_scope s ON s.product_id = t.product_id "
        "   WHERE t.absent) "
        "SELECT tmpl_id, CASE max(rank) WHEN 4 THEN " +
        tx.quote(pulse::no_price().text) + " WHEN 3 THEN " +
        tx.quote(pulse::warning("Variant Price Conflict", "").text) + " WHEN 2 THEN " +
        tx.quote(pulse::no_stock().text) + " WHEN 1 THEN " + tx.quote(pulse::success().text) + " ELSE " +
        tx.quote(pulse::warning("Absent From Feed", "").text) +
        " END AS head "
        "  FROM prod GROUP BY tmpl_id");
  }
  const std::string pulse_changes =
      pulses ? "tp.head IS NOT NULL AND split_part(coalesce(t." + field + ", ''), ' · ', 1) IS DISTINCT FROM tp.head"
             : "false";
  pqxx::result changed =
      locking_step(tx, "update prices and pulses", "product_template",
                   "WITH c AS ("
                   "  SELECT t.id, p.price, "
                   "         (p.tmpl_id IS NOT NULL AND NOT p.conflict AND t.list_price IS DISTINCT FROM p.price) AS "
                   "price_changes, " +
                       (pulses ? std::string("tp.head, ") : std::string("NULL::text AS head, ")) + "(" + pulse_changes +
                       ") AS pulse_changes "
                       "    FROM product_template t LEFT JOIN tecsync_price p ON p.tmpl_id = t.id " +
                       (pulses ? "LEFT JOIN tecsync_tmpl_pulse tp ON tp.tmpl_id = t.id " : "") +
                       "   WHERE t.id IN (SELECT tmpl_id FROM tecsync_price" +
                       (pulses ? " UNION SELECT tmpl_id FROM tecsync_tmpl_pulse" : "") +
                       ")), "
                       "upd AS ("
                       "  UPDATE product_template t SET "
                       "         list_price = CASE WHEN c.price_changes THEN c.price ELSE t.list_price END, " +
                       (pulses ? field + " = CASE WHEN c.pulse_changes THEN c.head || " + tx.quote(pulse_suffix) +
                                     " ELSE t." + field + " END, "
                               : std::string()) +
                       "         write_uid = " + uid + ", write_date = " + now +
                       "    FROM c WHERE t.id = c.id AND (c.price_changes OR c.pulse_changes) "
                       "  RETURNING c.price_changes, c.pulse_changes) "
                       "SELECT count(*) FILTER (WHERE price_changes), count(*) FILTER (WHERE pulse_changes) FROM upd");
  res.prices_changed = changed[0][0].as<std::int64_t>();
  res.pulses_written = changed[0][1].as<std::int64_t>();
  return res;
}

}  // namespace tecsync::odoo
