#pragma once
/// @file
/// An Odoo 17 database shaped as a shared case says (cases/README.md
/// "Fixture conventions"), and the questions a case test asks it afterwards.
///
/// Seed: tests/fixtures/odoo/odoo17.sql + pulse_field.sql (company currency
/// USD), partners `Air Computers` and `Other Supplier`, internal locations
/// `WH/Stock/Air Córdoba` and `WH/Stock/Air Buenos Aires` (children of
/// WH/Stock, stored computes filled), then `odoo_before.csv` and, when present,
/// `quants_before.csv` (which then replaces the qty_* columns as the quants).

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tecsync::cases {

inline constexpr const char* kCordoba = "WH/Stock/Air Córdoba";
inline constexpr const char* kBuenosAires = "WH/Stock/Air Buenos Aires";

/// One tecsync.reject row.
struct RejectRow {
  std::string resource;
  long line = 0;  ///< 0 when NULL
  std::string sku;
  std::string code;
  std::string detail;
  std::string kind;  ///< reject | warning | outcome
};

/// One tecsync.cycle row.
struct CycleRow {
  long id = 0;
  std::string status;
  std::string pulse;
  nlohmann::json counts;
  std::string failure_point;
};

class CaseOdoo {
 public:
  /// Loads the schema and the case's before-state into the (empty) database at
  /// `conninfo`. Throws std::runtime_error (psql output / pqxx message) on failure.
  CaseOdoo(std::string conninfo, const std::filesystem::path& case_dir, const std::filesystem::path& scratch);

  const std::string& conninfo() const { return conninfo_; }

  /// First cell of the first row of `sql` as text ("" when no row or NULL).
  std::string scalar(const std::string& sql) const;
  /// Runs `sql` in its own transaction.
  void exec(const std::string& sql) const;
  static std::string quote(const std::string& text);

  /// list_price with 2 decimals ("45.10") of the template of the variant with
  /// this default_code, the active one (or, `active = false`, an archived one);
  /// "" when there is none.
  std::string price(const std::string& sku, bool active = true) const;
  /// On hand: Σ quantity over (variant, `location`, lot/package/owner NULL),
  /// trailing zeros trimmed ("75", "0", "2.5"); `location` = complete_name.
  std::string qty(const std::string& sku, const std::string& location, bool active = true) const;
  /// stock_quant rows for (variant, location) (any lot/package/owner).
  long quant_rows(const std::string& sku, const std::string& location, bool active = true) const;
  /// Σ reserved_quantity over (variant, location), trimmed.
  std::string reserved(const std::string& sku, const std::string& location, bool active = true) const;
  /// How many variants (active or not) have this default_code.
  long variants(const std::string& sku) const;
  /// `active` of the (first) variant with this code; nullopt when none.
  std::optional<bool> active(const std::string& sku) const;
  /// x_tecsync_pulse of the template before ` · ` ("" when NULL).
  std::string pulse_head(const std::string& sku, bool active = true) const;

  /// Every row of product_template, product_product, product_supplierinfo and
  /// stock_quant, ordered by id, as text: equal snapshots = byte-identical rows (I1).
  std::string snapshot() const;

  /// The latest tecsync.cycle row (nullopt when none, or no tecsync schema yet).
  std::optional<CycleRow> last_cycle() const;
  long cycle_count() const;
  /// tecsync.reject rows of the latest cycle, by id.
  std::vector<RejectRow> rejects() const;
  /// Rows of `rejects()` with this code (and SKU when given).
  std::vector<RejectRow> rejects(const std::string& code, const std::optional<std::string>& sku = {}) const;

  /// I4 against the state at load time: no (product, location, lot, package,
  /// owner) key has more rows than before (a new key at most one), every
  /// pre-existing quant keeps its reserved_quantity, new quants have 0.
  ::testing::AssertionResult quants_invariant_i4() const;

 private:
  std::string conninfo_;
  /// quant id → (key text, reserved text) at load time
  std::map<long, std::pair<std::string, std::string>> quants_before_;
  std::map<std::string, long> key_rows_before_;
};

}  // namespace tecsync::cases
