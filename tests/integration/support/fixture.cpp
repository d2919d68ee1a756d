#include "support/fixture.hpp"

#include <cstdlib>
#include <sstream>

#include "support/process.hpp"
#include "support/test_database.hpp"

namespace tecsync::it {

void EndToEndTest::SetUp() {
  if (!test_pg_conninfo()) {
    FAIL() << "TECSYNC_TEST_PG is not set: these tests need a real PostgreSQL. Run scripts/test.sh, or start one "
              "with scripts/pg.sh start and eval \"$(scripts/pg.sh env)\".";
  }
}

void generate_own_catalog(const std::filesystem::path& out, int count, int seed, const std::filesystem::path& scratch) {
  auto r = run_process({TECSYNC_IT_PYTHON, TECSYNC_IT_REPO "/scripts/gen_air_catalog.py", "--count",
                        std::to_string(count), "--seed", std::to_string(seed), "--out", out.string()},
                       scratch);
  if (r.exit_code != 0) throw std::runtime_error("gen_air_catalog.py failed: " + r.describe());
}

std::optional<std::filesystem::path> shared_dir() {
  const char* v = std::getenv("TECSYNC_SHARED_DIR");
  if (v == nullptr || *v == '\0' || !std::filesystem::is_directory(v)) return std::nullopt;
  return std::filesystem::path(v);
}

::testing::AssertionResult state_matches(const OdooState& state,
                                         const std::map<std::string, ExpectedProduct>& expected) {
  std::ostringstream detail;
  int bad = 0;
  auto note = [&](const std::string& line) {
    if (++bad <= 10) detail << "\n  " << line;
  };
  for (const auto& [sku, want] : expected) {
    auto it = state.find(sku);
    if (it == state.end()) {
      note(sku + ": no product with this default_code");
      continue;
    }
    const auto& got = it->second;
    if (got.list_price != want.list_price)
      note(sku + ": list_price " + got.list_price.to_string(2) + ", want " + want.list_price.to_string(2));
    if (got.cba != want.cba)
      note(sku + ": Córdoba on hand " + got.cba.to_string(2) + ", want " + want.cba.to_string(2));
    if (got.bue != want.bue)
      note(sku + ": Buenos Aires on hand " + got.bue.to_string(2) + ", want " + want.bue.to_string(2));
    if (got.max_quants_per_key > 1)
      note(sku + ": " + std::to_string(got.max_quants_per_key) + " quants for one location key");
    if (got.negative_reserved > 0) note(sku + ": a quant has quantity below reserved_quantity");
  }
  if (bad == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << bad << " mismatches in " << expected.size() << " SKUs:" << detail.str();
}

namespace {

// A pulse ends in ` · flash · <UTC time>`; two runs agree on what comes before.
std::string pulse_head(const std::optional<std::string>& pulse) {
  if (!pulse) return "-";
  auto cut = pulse->find(" · ");
  return cut == std::string::npos ? *pulse : pulse->substr(0, cut);
}

}  // namespace

::testing::AssertionResult same_state_for(const OdooState& a, const OdooState& b,
                                          const std::map<std::string, ExpectedProduct>& skus) {
  std::ostringstream detail;
  int bad = 0;
  for (const auto& [sku, unused] : skus) {
    auto ia = a.find(sku);
    auto ib = b.find(sku);
    if (ia == a.end() || ib == b.end()) {
      if (++bad <= 10) detail << "\n  " << sku << ": missing on one side";
      continue;
    }
    const auto& x = ia->second;
    const auto& y = ib->second;
    if (x.list_price != y.list_price || x.cba != y.cba || x.bue != y.bue ||
        pulse_head(x.pulse) != pulse_head(y.pulse)) {
      if (++bad <= 10)
        detail << "\n  " << sku << ": " << x.list_price.to_string(2) << "/" << x.cba.to_string(0) << "/"
               << x.bue.to_string(0) << "/" << pulse_head(x.pulse) << " vs " << y.list_price.to_string(2) << "/"
               << y.cba.to_string(0) << "/" << y.bue.to_string(0) << "/" << pulse_head(y.pulse);
    }
  }
  if (bad == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << bad << " SKUs differ (price/cba/bue/pulse):" << detail.str();
}

std::map<std::string, ExpectedProduct> only_currency(const std::vector<CatalogRow>& rows,
                                                     const std::map<std::string, ExpectedProduct>& expected,
                                                     const std::string& currency) {
  std::map<std::string, ExpectedProduct> out;
  for (const auto& row : rows)
    if (row.currency == currency) out[row.sku] = expected.at(row.sku);
  return out;
}

}  // namespace tecsync::it
