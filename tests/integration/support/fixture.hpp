#pragma once
/// @file
/// What every end-to-end test shares: a temp folder, the PostgreSQL check
/// (FAIL, never a silent pass, when TECSYNC_TEST_PG is unset), catalog
/// generation, and the comparison of Odoo's state with the catalog's truth.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "support/catalog.hpp"
#include "support/odoo_state.hpp"
#include "support/temp_dir.hpp"

namespace tecsync::it {

class EndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override;
  TempDir tmp_{"e2e"};
};

/// Runs scripts/gen_air_catalog.py (the project's own generator) into `out`.
void generate_own_catalog(const std::filesystem::path& out, int count, int seed, const std::filesystem::path& scratch);

/// TECSYNC_SHARED_DIR, when it names an existing folder.
std::optional<std::filesystem::path> shared_dir();

/// Every SKU of `expected` is in `state` with that list price and on-hand per
/// location, without duplicate quants or quantity below reserved. The
/// failure message counts mismatches and shows the first ten.
::testing::AssertionResult state_matches(const OdooState& state,
                                         const std::map<std::string, ExpectedProduct>& expected);

/// Two snapshots agree on the SKUs of `skus` (price, on hand, pulse without its
/// time suffix); both must hold each one.
::testing::AssertionResult same_state_for(const OdooState& a, const OdooState& b,
                                          const std::map<std::string, ExpectedProduct>& skus);

/// `expected` restricted to the SKUs whose catalog currency is `currency`.
std::map<std::string, ExpectedProduct> only_currency(const std::vector<CatalogRow>& rows,
                                                     const std::map<std::string, ExpectedProduct>& expected,
                                                     const std::string& currency);

}  // namespace tecsync::it
