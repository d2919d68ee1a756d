#include "support/case_test.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "support/tecsync_cli.hpp"

namespace tecsync::cases {
namespace {

std::optional<std::filesystem::path> shared_cases() {
  const char* v = std::getenv("TECSYNC_SHARED_DIR");
  if (v == nullptr || *v == '\0') return std::nullopt;
  auto dir = std::filesystem::path(v) / "cases";
  if (!std::filesystem::is_directory(dir)) return std::nullopt;
  return dir;
}

bool in_ci() {
  const char* v = std::getenv("CI");
  return v != nullptr && *v != '\0';
}

}  // namespace

std::string CaseRun::status() const {
  return json.is_object() && json.contains("status") && json["status"].is_string() ? json["status"].get<std::string>()
                                                                                   : "";
}

std::string CaseRun::pulse() const {
  return json.is_object() && json.contains("pulse") && json["pulse"].is_string() ? json["pulse"].get<std::string>()
                                                                                 : "";
}

long CaseRun::rows_written() const {
  return json.is_object() && json.contains("rows_written") && json["rows_written"].is_number_integer()
             ? json["rows_written"].get<long>()
             : -1;
}

std::string CaseRun::failure_class() const {
  if (!json.is_object() || !json.contains("failure") || !json["failure"].is_object()) return "";
  const auto& f = json["failure"];
  return f.contains("class") && f["class"].is_string() ? f["class"].get<std::string>() : "";
}

std::string CaseRun::failure_detail() const {
  if (!json.is_object() || !json.contains("failure") || !json["failure"].is_object()) return "";
  const auto& f = json["failure"];
  return f.contains("detail") && f["detail"].is_string() ? f["detail"].get<std::string>() : "";
}

long CaseRun::count(const std::string& name) const {
  if (!json.is_object() || !json.contains("counts") || !json["counts"].is_object()) return 0;
  const auto& c = json["counts"];
  return c.contains(name) && c[name].is_number_integer() ? c[name].get<long>() : 0;
}

std::string CaseRun::describe() const {
  std::ostringstream s;
  s << "exit " << exit_code << " after " << wall_seconds << " s\n--- json ---\n"
    << (json.is_null() ? std::string("(none)") : json.dump(2)) << "\n--- stdout ---\n"
    << out << "\n--- stderr ---\n"
    << err;
  return s.str();
}

CaseDb::CaseDb(const std::filesystem::path& case_dir, const std::filesystem::path& scratch)
    : db(case_dir.filename().string()), odoo(db.conninfo(), case_dir, scratch) {}

void CaseTest::SetUp() {
  if (!it::test_pg_conninfo())
    FAIL() << "TECSYNC_TEST_PG is not set: the case tests need a real PostgreSQL. Run scripts/test.sh, or start one "
              "with scripts/pg.sh start and eval \"$(scripts/pg.sh env)\".";
  auto cases = shared_cases();
  if (!cases) {
    if (in_ci()) FAIL() << "TECSYNC_SHARED_DIR does not name the shared folder (with cases/), and CI is set";
    GTEST_SKIP() << "TECSYNC_SHARED_DIR is not set (or has no cases/): the shared cases are not here";
  }
  // Test `c013_truncated_transfer` → folder `013-*`.
  const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  ASSERT_TRUE(test.size() > 4 && test[0] == 'c') << "case test names are cNNN_<name>, got " << test;
  const std::string prefix = test.substr(1, 3) + "-";
  for (const auto& entry : std::filesystem::directory_iterator(*cases))
    if (entry.is_directory() && entry.path().filename().string().rfind(prefix, 0) == 0) case_dir_ = entry.path();
  ASSERT_FALSE(case_dir_.empty()) << "no folder " << prefix << "* in " << *cases;
  fresh_db();
}

void CaseTest::TearDown() {
  servers_.clear();  // stop servers first: a held socket must not outlive the test
  odoo_.reset();
  db_.reset();
}

void CaseTest::fresh_db() {
  odoo_.reset();
  db_.reset();
  db_ = std::make_unique<it::TestDatabase>(case_dir_.filename().string());
  odoo_ = std::make_unique<CaseOdoo>(db_->conninfo(), case_dir_, tmp_.path());
}

std::string CaseTest::serve(const std::string& file, const std::string& http_json, ServeSpec how) {
  if (!http_json.empty()) {
    std::ifstream in(case_file(http_json));
    if (!in) throw std::runtime_error("cannot read " + case_file(http_json).string());
    auto j = nlohmann::ordered_json::parse(in);
    if (j.contains("status") && j["status"].is_number_integer()) how.status = j["status"].get<int>();
    if (j.contains("headers") && j["headers"].is_object())
      for (const auto& [k, v] : j["headers"].items()) how.headers.emplace_back(k, v.get<std::string>());
    if (file.empty() && j.contains("body_file") && j["body_file"].is_string())
      how.body_file = case_file(j["body_file"].get<std::string>());
    if (j.contains("request") && j["request"].is_string()) {
      std::string req = j["request"].get<std::string>();
      auto sp = req.find(' ');
      if (sp != std::string::npos && !how.api) how.path = req.substr(sp + 1);
    }
  }
  if (!file.empty()) how.body_file = case_file(file);
  if (how.api && how.path == ServeSpec{}.path) how.path = "/v2/";
  servers_.push_back(std::make_unique<CaseServer>(how, tmp_.path()));
  return servers_.back()->url();
}

CaseRun CaseTest::run(const RunOptions& o) {
  const auto path = tmp_.path() / ("case-" + std::to_string(++configs_) + ".conf");
  {
    std::ofstream out(path);
    out << "[tecsync]\nplugin_path = " << TECSYNC_IT_PLUGIN_DIR << "\n";
    for (const auto& [k, v] : o.tecsync) out << k << " = " << v << "\n";
    out << "\n[pipeline.air_flash]\nsource = air\ntransforms = pricing\nsink = odoo\nstrategy = flash\n\n"
        << "[source.air]\nplugin = air\nform = " << o.form << "\nurl = " << o.url << "\n";
    bool has_user = false;
    for (const auto& [k, v] : o.source) has_user = has_user || k == "user";
    if (o.form == "api" && !has_user) out << "user = reseller\npassword = s3cret\n";
    for (const auto& [k, v] : o.source) out << k << " = " << v << "\n";
    out << "\n[transform.pricing]\nplugin = pricing\nmargin_percent = 0\nrate = fixed:1\nrounding = 0.01\n\n"
        << "[sink.odoo]\nplugin = odoo_sql\ndsn = " << (o.dsn.empty() ? db_->conninfo() : o.dsn)
        << "\nsupplier = Air Computers\n"
        << "location.S_CBA = " << kCordoba << "\nlocation.S_BUE = " << kBuenosAires << "\n";
    for (const auto& [k, v] : o.sink) out << k << " = " << v << "\n";
    if (!out) throw std::runtime_error("cannot write " + path.string());
  }
  const auto started = std::chrono::steady_clock::now();
  it::RunOutcome outcome = it::run_flash(path, tmp_.path());
  CaseRun r;
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  r.exit_code = outcome.process.exit_code;
  r.out = outcome.process.out;
  r.err = outcome.process.err;
  if (outcome.summary) r.json = *outcome.summary;
  return r;
}

void CaseTest::expect_second_run_writes_nothing(const RunOptions& options) {
  const std::string before = odoo_->snapshot();
  const auto first_status = odoo_->last_cycle() ? odoo_->last_cycle()->status : std::string();
  CaseRun again = run(options);
  EXPECT_EQ(again.rows_written(), 0) << "I5: the second run of the same feed wrote rows\n" << again.describe();
  // The status may drop a warning the first run earned by writing (ABSENT_ZEROED is
  // reported when a product is zeroed, not when it stays 0), never succeed less.
  if (first_status == "OK" || first_status == "OK_WITH_WARNINGS")
    EXPECT_TRUE(again.status() == "OK" || again.status() == "OK_WITH_WARNINGS") << again.describe();
  else
    EXPECT_EQ(again.status(), first_status) << again.describe();
  EXPECT_EQ(odoo_->snapshot(), before) << "I5: the second run changed Odoo rows";
}

void CaseTest::expect_untouched(const CaseRun& run, const std::string& status, const std::string& before) {
  EXPECT_EQ(run.status(), status) << run.describe();
  EXPECT_EQ(run.exit_code, status.rfind("SKIPPED:", 0) == 0 ? 75 : 1) << run.describe();
  EXPECT_EQ(odoo_->snapshot(), before) << "I1: Odoo changed although the run ended " << run.status();
  EXPECT_TRUE(odoo_->rejects("ABSENT_ZEROED").empty()) << "I3: absent zeroing after a failed run";
}

}  // namespace tecsync::cases
