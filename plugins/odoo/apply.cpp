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
    sql = std::string("SELECT DISTINCT t.code FROM tecsync_qdiff t JOIN stock_quant q ON ") + kQuantKey +
          " WHERE q.id NOT IN (SELECT q.id FROM tecsync_qdiff t JOIN stock_quant q ON " + kQuantKey +
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

ApplyResult apply_cycle(pqxx::work& tx, const SinkConfig& config, const Target& target, const FeedShape& shape,
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
    // The hash joins and aggregates below hold 10⁵ keys: with the default 4 MB
    // of work_mem they spill to disk in batches (measured at 100,000 SKUs).
    // The temp tables are not ANALYZEd (≈ 0.15 s each at 100,000 rows); without
    // statistics the planner picks merge joins on text keys, each side sorted
    // by collation (outcomes 0.73 s merge vs 0.25 s hash, measured): no merge joins.
    tx.exec("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'; SET LOCAL enable_mergejoin = off");
    for (const auto& row : tx.exec("SELECT 'offer', '', count(*) FROM tecsync_stage_offer "
                                   "UNION ALL SELECT kind, code, count(*) FROM tecsync_stage_issue "
                                   " WHERE kind IN ('reject', 'warning') GROUP BY kind, code")) {
      const std::string kind = row[0].as<std::string>();
      const auto n = row[2].as<std::int64_t>();
      if (kind == "offer") res.offers_read = n;
      if (kind == "reject") res.rejects += (res.reject_codes[row[1].as<std::string>()] = n);
      if (kind == "warning") res.warning_codes[row[1].as<std::string>()] = n;
    }
    // Codes were trimmed while staging. When staging saw every code once and
    // no conflicting duplicate, the feed is the staged offers as they are.
    if (shape.unique_codes) {
      tx.exec(
          "CREATE TEMP TABLE tecsync_feed ON COMMIT DROP AS "
          "SELECT code, seq, list_price, in_stock, resource, line FROM tecsync_stage_offer WHERE code <> ''");
      return;
    }
    // The last row of a SKU wins (sources de-duplicate; this keeps the sink safe
    // anyway). Hashed (max(seq) per code, then the row of that seq) rather than
    // DISTINCT ON's sort by text, which costs a collation compare per step.
    tx.exec(
        "CREATE TEMP TABLE tecsync_feed ON COMMIT DROP AS "
        "SELECT s.code, s.seq, s.list_price, s.in_stock, s.resource, s.line "
        "  FROM tecsync_stage_offer s JOIN (SELECT max(seq) AS seq FROM tecsync_stage_offer GROUP BY code) l "
        "    ON l.seq = s.seq "
        " WHERE s.code <> '' "
        // A SKU with conflicting rows is rejected whole (DUPLICATE_CONFLICT),
        // even when its first row already reached the stage in an earlier batch.
        "   AND s.code NOT IN (SELECT " +
        trimmed("sku") +
        " FROM tecsync_stage_issue "
        "                       WHERE kind = 'reject' AND code = 'DUPLICATE_CONFLICT' AND sku IS NOT NULL)");
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
        ""
        // Per code, once: how many in-scope variants share it and, when exactly one
        // is active, which (min() of one row is that row).
        "CREATE TEMP TABLE tecsync_scode ON COMMIT DROP AS "
        "SELECT code, count(*) FILTER (WHERE active) AS n_active, "
        "       min(product_id) FILTER (WHERE active) AS product_id, min(tmpl_id) FILTER (WHERE active) AS tmpl_id "
        "  FROM tecsync_scope GROUP BY code;"
        ""
        "CREATE TEMP TABLE tecsync_match ON COMMIT DROP AS "
        "SELECT f.code, f.seq, f.list_price, f.in_stock, s.product_id, s.tmpl_id "
        "  FROM tecsync_feed f JOIN tecsync_scode s ON s.code = f.code WHERE s.n_active = 1;"
        "ANALYZE tecsync_match;");
    pqxx::result m = tx.exec("SELECT count(*), count(*) FILTER (WHERE list_price IS NULL) FROM tecsync_match");
    res.offers_matched = m[0][0].as<std::int64_t>();
    res.no_price = m[0][1].as<std::int64_t>();
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
        "    FROM tecsync_feed f LEFT JOIN tecsync_scode a ON a.code = f.code "
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

  in_step("plan quants", "stock_quant", [&] {
    // Stock rows carry location ids (resolved while staging). Two codes may
    // map to one location: then their quantities add up per key. Otherwise,
    // with unique codes (so one product per matched row), each staged row is
    // its own key and needs no grouping.
    const std::string locs =
        "(SELECT location_id, max(company_id) AS company_id FROM tecsync_loc GROUP BY location_id) l";
    if (shape.unique_codes && !shape.stock_merges)
      tx.exec(
          "CREATE TEMP TABLE tecsync_target ON COMMIT DROP AS "
          "SELECT m.product_id, st.location_id, l.company_id, GREATEST(st.qty, 0) AS qty, m.code, m.tmpl_id, "
          "       false AS absent "
          "  FROM tecsync_match m JOIN tecsync_stage_stock st ON st.seq = m.seq JOIN " +
          locs + " ON l.location_id = st.location_id");
    else
      tx.exec(
          "CREATE TEMP TABLE tecsync_target ON COMMIT DROP AS "
          "SELECT m.product_id, st.location_id, max(l.company_id) AS company_id, "
          "       GREATEST(sum(st.qty), 0) AS qty, min(m.code) AS code, min(m.tmpl_id) AS tmpl_id, false AS absent "
          "  FROM tecsync_match m JOIN tecsync_stage_stock st ON st.seq = m.seq JOIN " +
          locs + " ON l.location_id = st.location_id GROUP BY m.product_id, st.location_id");
    // Rule A1/A2: present = any staged SKU, including rows rejected for other
    // reasons. One pass with hash joins (feed codes are unique; rejected SKUs
    // made distinct) rather than a subquery per scope row.
    const std::string rejected =
        "(SELECT DISTINCT " + trimmed("sku") + " AS sku FROM tecsync_stage_issue WHERE kind = 'reject') r";
    pqxx::result cov = tx.exec(
        "SELECT count(*), count(f.code), count(*) FILTER (WHERE f.code IS NULL AND r.sku IS NULL) "
        "  FROM tecsync_scope s LEFT JOIN tecsync_feed f ON f.code = s.code "
        "  LEFT JOIN " +
        rejected + " ON r.sku = s.code WHERE s.active");
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
            "INSERT INTO tecsync_target (product_id, location_id, company_id, qty, code, tmpl_id, absent) "
            "SELECT s.product_id, l.location_id, l.company_id, 0, s.code, s.tmpl_id, true "
            "  FROM tecsync_scope s LEFT JOIN tecsync_feed f ON f.code = s.code LEFT JOIN " +
            rejected +
            " ON r.sku = s.code "
            "  CROSS JOIN (SELECT DISTINCT location_id, company_id FROM tecsync_loc) l "
            " WHERE s.active AND f.code IS NULL AND r.sku IS NULL");
      }
    }
    // Every key's quants, summed per key of the mapped locations and joined
    // once (not a probe per key, nor a join grouped by the target's columns):
    // the keys to create (none yet, target not 0) and the keys whose sum
    // differs. Keys already at their target are neither locked nor written, so
    // an unchanged cycle ends here for stock_quant.
    tx.exec(
        "CREATE TEMP TABLE tecsync_qdiff ON COMMIT DROP AS "
        "SELECT t.product_id, t.location_id, t.company_id, t.qty, t.code, t.absent, coalesce(a.n, 0) AS n "
        "  FROM tecsync_target t LEFT JOIN ("
        "    SELECT q.product_id, q.location_id, count(*) AS n, sum(coalesce(q.quantity, 0)) AS total "
        "      FROM stock_quant q WHERE q.location_id IN (SELECT location_id FROM tecsync_loc) "
        "       AND q.lot_id IS NULL AND q.package_id IS NULL AND q.owner_id IS NULL "
        "     GROUP BY q.product_id, q.location_id) a "
        "    ON a.product_id = t.product_id AND a.location_id = t.location_id "
        " WHERE CASE WHEN a.n IS NULL THEN t.qty <> 0 ELSE a.total <> t.qty END;"
        "ANALYZE tecsync_qdiff;");
  });

  // Lock every quant of the keys that must move, in id order (no deadlock
  // between two sinks), waiting at most lock_timeout for Odoo's own writers.
  locking_step(tx, "lock quants", "stock_quant",
               std::string("SELECT q.id FROM tecsync_qdiff t JOIN stock_quant q ON ") + kQuantKey +
                   " WHERE t.n > 0 ORDER BY q.id FOR NO KEY UPDATE OF q");

  in_step("update quants", "stock_quant", [&] {
    // Re-read the locked keys (this statement's snapshot sees whatever the
    // writers we waited for committed): keeper, sums and reservations.
    tx.exec(std::string("CREATE TEMP TABLE tecsync_qgroup ON COMMIT DROP AS "
                        "SELECT t.product_id, t.location_id, t.qty AS target, t.code, t.absent, "
                        "       min(q.id) AS keeper_id, sum(coalesce(q.quantity, 0)) AS total, "
                        "       sum(q.reserved_quantity) AS total_res "
                        "  FROM tecsync_qdiff t JOIN stock_quant q ON ") +
            kQuantKey +
            " WHERE t.n > 0 GROUP BY t.product_id, t.location_id, t.qty, t.code, t.absent "
            "HAVING sum(coalesce(q.quantity, 0)) <> t.qty");
    res.reserved_clamped =
        count(tx,
              "WITH ins AS ("
              "  INSERT INTO tecsync_stage_issue (kind, resource, line, sku, code, detail) "
              "  SELECT 'warning', f.resource, f.line, g.code, 'RESERVED_ABOVE_TARGET', "
              "         'target ' || g.target || ' at location id ' || g.location_id || ' is below the reserved ' || "
              "         g.total_res || '; quants kept at their reserved quantity' "
              "    FROM tecsync_qgroup g LEFT JOIN tecsync_feed f ON f.code = g.code "
              "   WHERE g.target < g.total_res RETURNING 1) "
              "SELECT count(*) FROM ins");
    pqxx::result r = tx.exec(
        "WITH k AS (SELECT g.*, coalesce(q.quantity, 0) AS k_qty, q.reserved_quantity AS k_res "
        "             FROM tecsync_qgroup g JOIN stock_quant q ON q.id = g.keeper_id), "
        "plan AS ("
        "  SELECT q.id, k.product_id, k.location_id, k.absent, "
        "         CASE WHEN k.target - (k.total - k.k_qty) >= k.k_res "
        "              THEN CASE WHEN q.id = k.keeper_id THEN k.target - (k.total - k.k_qty) ELSE q.quantity END "
        "              ELSE CASE WHEN q.id = k.keeper_id "
        "                        THEN GREATEST(k.target - (k.total_res - k.k_res), k.k_res) "
        "                        ELSE q.reserved_quantity END "
        "         END AS new_qty "
        "    FROM k JOIN stock_quant q ON q.product_id = k.product_id AND q.location_id = k.location_id "
        "     AND q.lot_id IS NULL AND q.package_id IS NULL AND q.owner_id IS NULL), "
        "upd AS ("
        "  UPDATE stock_quant q SET quantity = plan.new_qty, write_uid = " +
        uid + ", write_date = " + now +
        "    FROM plan WHERE q.id = plan.id AND q.quantity IS DISTINCT FROM plan.new_qty "
        "  RETURNING q.product_id, plan.absent), "
        // Rule A1 is reported per SKU, as the other outcomes are: an admin must see which
        // products lost their stock, not only how many.
        "zeroed AS ("
        "  INSERT INTO tecsync_stage_issue (kind, resource, line, sku, code, detail) "
        "  SELECT DISTINCT 'outcome', NULL::text, NULL::bigint, g.code, 'ABSENT_ZEROED', "
        "         'active product of this supplier absent from a valid feed; stock set to 0 in every mapped "
        "location, price and active left alone' "
        "    FROM tecsync_qgroup g WHERE g.absent AND g.product_id IN (SELECT product_id FROM upd WHERE absent) "
        "  RETURNING 1) "
        "SELECT count(*), count(DISTINCT product_id) FILTER (WHERE absent) FROM upd");
    res.quants_changed = r[0][0].as<std::int64_t>();
    res.absent_zeroed = r[0][1].as<std::int64_t>();
  });

  in_step("create quants", "stock_quant", [&] {
    // The missing keys were found before, in their own statement: an
    // INSERT … SELECT … WHERE NOT EXISTS (stock_quant) re-reads the heap it is
    // growing, and when the planner picks a nested-loop anti join with a seq
    // scan (stock_quant small or freshly emptied) every row rescans all rows
    // inserted so far: quadratic, minutes at 100,000 SKUs (found with bench/).
    res.quants_created =
        count(tx,
              "WITH ins AS ("
              "  INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity, in_date, "
              "                           inventory_quantity_set, create_uid, write_uid, create_date, write_date) "
              "  SELECT t.product_id, t.location_id, t.company_id, t.qty, 0, " +
                  now + ", false, " + uid + ", " + uid + ", " + now + ", " + now +
                  "    FROM tecsync_qdiff t WHERE t.n = 0 "
                  "  RETURNING 1) "
                  "SELECT count(*) FROM ins");
  });

  // Per template: the price to land (when its variants agree) and the pulse
  // head, the worst of its matched variants (no price > variant price conflict
  // > no stock > success); a template with only absent-zeroed variants says so.
  in_step("plan prices", "product_template", [&] {
    tx.exec(
        "CREATE TEMP TABLE tecsync_tmpl ON COMMIT DROP AS "
        "SELECT m.tmpl_id, min(m.list_price) AS price, count(m.list_price) > 0 AS priced, "
        "       coalesce(min(m.list_price) <> max(m.list_price), false) AS conflict, "
        "       CASE WHEN bool_or(m.list_price IS NULL) THEN 4 "
        "            WHEN min(m.list_price) <> max(m.list_price) THEN 3 "
        "            WHEN bool_or(NOT m.in_stock) THEN 2 ELSE 1 END AS rank "
        "  FROM tecsync_match m GROUP BY m.tmpl_id "
        "UNION ALL "
        "SELECT DISTINCT t.tmpl_id, NULL::numeric, false, false, 0 FROM tecsync_target t "
        " WHERE t.absent AND t.tmpl_id NOT IN (SELECT tmpl_id FROM tecsync_match)");
    res.variant_price_conflict =
        count(tx,
              "WITH ins AS ("
              "  INSERT INTO tecsync_stage_issue (kind, resource, line, sku, code, detail) "
              "  SELECT 'outcome', f.resource, f.line, m.code, 'VARIANT_PRICE_CONFLICT', "
              "         'variants of one template got different prices; template price left alone, stock applied' "
              "    FROM tecsync_match m JOIN tecsync_tmpl p ON p.tmpl_id = m.tmpl_id AND p.conflict "
              "    JOIN tecsync_feed f ON f.code = m.code RETURNING 1) "
              "SELECT count(*) FROM ins");
  });

  // Price and pulse land in ONE update per template: each product_template
  // update is a new row version that re-enters every index, the trigram GIN on
  // `name` included, so two passes would cost twice. Only the templates whose
  // price or pulse head really changes are listed, in their own statement, so
  // the UPDATE touches those rows alone (none in an unchanged cycle).
  const bool pulses = target.has_pulse_column;
  const std::string field = pulses ? tx.quote_name(config.pulse_field) : std::string();
  const auto head = [&](int rank) {
    switch (rank) {
      case 4:
        return tx.quote(pulse::no_price().text);
      case 3:
        return tx.quote(pulse::warning("Variant Price Conflict", "").text);
      case 2:
        return tx.quote(pulse::no_stock().text);
      case 1:
        return tx.quote(pulse::success().text);
      default:
        return tx.quote(pulse::warning("Absent From Feed", "").text);
    }
  };
  const std::string head_sql = pulses ? "CASE p.rank WHEN 4 THEN " + head(4) + " WHEN 3 THEN " + head(3) +
                                            " WHEN 2 THEN " + head(2) + " WHEN 1 THEN " + head(1) + " ELSE " + head(0) +
                                            " END"
                                      : std::string("NULL::text");
  in_step("plan prices", "product_template", [&] {
    tx.exec(
        "CREATE TEMP TABLE tecsync_tmpl_write ON COMMIT DROP AS "
        "SELECT id, price, head, price_changes, pulse_changes FROM ("
        "  SELECT t.id, p.price, h.head, "
        "         (p.priced AND NOT p.conflict AND t.list_price IS DISTINCT FROM p.price) AS price_changes, " +
        (pulses ? "split_part(coalesce(t." + field + ", ''), ' · ', 1) IS DISTINCT FROM h.head"
                : std::string("false")) +
        " AS pulse_changes "
        "    FROM tecsync_tmpl p JOIN product_template t ON t.id = p.tmpl_id "
        "    CROSS JOIN LATERAL (SELECT " +
        head_sql +
        " AS head) h) c "
        " WHERE price_changes OR pulse_changes");
  });
  pqxx::result changed =
      locking_step(tx, "update prices and pulses", "product_template",
                   "WITH upd AS ("
                   "  UPDATE product_template t SET "
                   "         list_price = CASE WHEN c.price_changes THEN c.price ELSE t.list_price END, " +
                       (pulses ? field + " = CASE WHEN c.pulse_changes THEN c.head || " + tx.quote(pulse_suffix) +
                                     " ELSE t." + field + " END, "
                               : std::string()) +
                       "         write_uid = " + uid + ", write_date = " + now +
                       "    FROM tecsync_tmpl_write c WHERE t.id = c.id "
                       "  RETURNING c.price_changes, c.pulse_changes) "
                       "SELECT count(*) FILTER (WHERE price_changes), count(*) FILTER (WHERE pulse_changes) FROM upd");
  res.prices_changed = changed[0][0].as<std::int64_t>();
  res.pulses_written = changed[0][1].as<std::int64_t>();
  return res;
}

}  // namespace tecsync::odoo
