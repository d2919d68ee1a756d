#pragma once
/// @file
/// The fixture every shared-case test uses: `TEST_F(Cases, c013_truncated_transfer)`.
///
/// SetUp finds the case folder from the test name (`cNNN_…` → `$TECSYNC_SHARED_DIR/cases/NNN-*`),
/// requires PostgreSQL (TECSYNC_TEST_PG: FAIL when unset) and the shared folder
/// (unset: FAIL when env CI is set, else GTEST_SKIP), creates a fresh database and
/// loads the case's before-state (see case_odoo.hpp). A test then serves a feed
/// (`serve`), runs the real `tecsync` binary (`run`) and asks the database
/// (`odoo()`). Multi-run cases call `fresh_db()` between independent runs.

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/case_odoo.hpp"
#include "support/case_server.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace tecsync::cases {

using Keys = std::vector<std::pair<std::string, std::string>>;

/// What `run` writes into the config beyond the fixed parts (pipeline
/// air_flash; pricing identity: margin 0, rate fixed:1, rounding 0.01; sink
/// odoo_sql with the test DB, supplier Air Computers and the two locations).
struct RunOptions {
  std::string form = "sheet";  ///< sheet | api | portal
  std::string url;             ///< from `serve` (or a file path for the sheet form)
  Keys source;                 ///< extra `[source.air]` keys (api form: user/password added)
  Keys sink;                   ///< extra `[sink.odoo]` keys (lock_timeout, attempts, backoff, …)
  Keys tecsync;                ///< extra `[tecsync]` keys (http_retries, http_backoff, http_low_speed_window, …)
  std::string dsn;             ///< another database (`another_db()`); empty = the fixture's
};

/// A second database with the case's before-state, for scenarios a test runs
/// in parallel (one cycle per database: the sink's advisory lock is per database).
struct CaseDb {
  CaseDb(const std::filesystem::path& case_dir, const std::filesystem::path& scratch);
  it::TestDatabase db;
  CaseOdoo odoo;
};

/// A finished `tecsync run --json`.
struct CaseRun {
  int exit_code = -1;
  nlohmann::json json;  ///< the summary line; null when stdout had none
  std::string out, err;
  double wall_seconds = 0;  ///< measured around the process

  std::string status() const;         ///< "OK", "FAILED:FeedEmpty", … ("" without JSON)
  std::string pulse() const;          ///< the run's pulse text
  long rows_written() const;          ///< -1 without JSON
  std::string failure_class() const;  ///< failure.class or ""
  std::string failure_detail() const;
  long count(const std::string& name) const;  ///< counts[name], 0 when absent
  /// exit code, JSON, stdout and stderr, for assertion messages.
  std::string describe() const;
};

class CaseTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  /// The case folder (e.g. …/cases/013-truncated-transfer) and a file in it.
  const std::filesystem::path& case_dir() const { return case_dir_; }
  std::filesystem::path case_file(const std::string& name) const { return case_dir_ / name; }

  /// Drops the database and loads the case's before-state into a new one
  /// (SetUp already did this once).
  void fresh_db();
  CaseOdoo& odoo() { return *odoo_; }
  /// Another fresh database with the before-state (RunOptions::dsn = its
  /// `db.conninfo()`); dropped when the returned object goes.
  std::unique_ptr<CaseDb> another_db() const { return std::make_unique<CaseDb>(case_dir_, tmp_.path()); }

  /// Starts a server for `file` (a case file name; "" = the http json's
  /// body_file) and returns its URL. With `http_json` (a case file name) its
  /// status, headers, body_file and request path are used; the delivery
  /// (`how.mode`, `send_bytes`, …) is the test's reading of its prose
  /// `behaviour`. The server lives until the test ends.
  std::string serve(const std::string& file, const std::string& http_json = "", ServeSpec how = {});
  /// The server started last (for its request log).
  CaseServer& last_server() { return *servers_.back(); }

  /// Writes a config and runs `tecsync run --config … --pipeline air_flash --json`.
  /// Thread-safe (scenarios may run in parallel, each on its own database).
  CaseRun run(const RunOptions& options);

  /// I5: runs `options` again and expects 0 rows written, every Odoo row
  /// unchanged, and the same status (a first OK/OK_WITH_WARNINGS may become
  /// either: warnings earned by writing, e.g. ABSENT_ZEROED, are not repeated).
  void expect_second_run_writes_nothing(const RunOptions& options);

  /// I1 helper: asserts the run failed/skipped with `status` and Odoo is
  /// byte-identical to `before` (a snapshot taken before the run).
  void expect_untouched(const CaseRun& run, const std::string& status, const std::string& before);

  std::filesystem::path scratch() const { return tmp_.path(); }

 private:
  it::TempDir tmp_{"case"};
  std::filesystem::path case_dir_;
  std::unique_ptr<it::TestDatabase> db_;
  std::unique_ptr<CaseOdoo> odoo_;
  std::vector<std::unique_ptr<CaseServer>> servers_;
  std::atomic<int> configs_{0};
};

}  // namespace tecsync::cases

/// The fixture name every case test uses: `TEST_F(Cases, c0NN_name)`.
using Cases = tecsync::cases::CaseTest;
