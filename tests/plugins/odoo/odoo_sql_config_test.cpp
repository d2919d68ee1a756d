// Config keys of the odoo_sql sink.
#include <gtest/gtest.h>

#include <boost/property_tree/ini_parser.hpp>
#include <sstream>
#include <stdexcept>

#include "config.hpp"

using namespace tecsync;
using tecsync::odoo::parse_config;

namespace {
odoo::SinkConfig cfg(const std::string& body) {
  std::istringstream in("[sink.odoo]\n" + body);
  boost::property_tree::ptree root;
  boost::property_tree::read_ini(in, root);
  return parse_config(root.find("sink.odoo")->second);
}
const std::string kBase =
    "plugin = odoo_sql\ndsn = host=x dbname=odoo password=a;b\nsupplier = Air Computers   ; res.partner name\n"
    "location.S_CBA = WH/Air Córdoba\nlocation.S_BUE = WH/Air Buenos Aires\n";
}  // namespace

TEST(OdooSqlConfig, DefaultsAndLocations) {
  auto c = cfg(kBase);
  EXPECT_EQ(c.dsn, "host=x dbname=odoo password=a;b");
  EXPECT_EQ(c.supplier, "Air Computers");
  ASSERT_EQ(c.locations.size(), 2u);
  EXPECT_EQ(c.locations[0].code, "S_CBA");
  EXPECT_EQ(c.locations[0].complete_name, "WH/Air Córdoba");
  EXPECT_EQ(c.lock_timeout.count(), 5000);
  EXPECT_EQ(c.attempts, 3);
  EXPECT_EQ(c.backoff.count(), 2000);
  EXPECT_EQ(c.statement_timeout.count(), 0);
  EXPECT_EQ(c.odoo_user, "admin");
  EXPECT_EQ(c.absent_min_coverage, *Decimal::parse("0.5"));
  EXPECT_EQ(c.pulse_field, "x_tecsync_pulse");
}

TEST(OdooSqlConfig, Overrides) {
  auto c = cfg(kBase +
               "lock_timeout = 0.25\nattempts = 5\nbackoff = 0\nstatement_timeout = 30\n"
               "odoo_user = tecsync_bot\nabsent_min_coverage = 0.8\n");
  EXPECT_EQ(c.lock_timeout.count(), 250);
  EXPECT_EQ(c.attempts, 5);
  EXPECT_EQ(c.backoff.count(), 0);
  EXPECT_EQ(c.statement_timeout.count(), 30000);
  EXPECT_EQ(c.odoo_user, "tecsync_bot");
  EXPECT_EQ(c.absent_min_coverage, *Decimal::parse("0.8"));
}

TEST(OdooSqlConfig, Errors) {
  EXPECT_THROW(cfg("supplier = Air\nlocation.S_CBA = WH/Stock\n"), std::invalid_argument);  // no dsn
  EXPECT_THROW(cfg("dsn = x\nlocation.S_CBA = WH/Stock\n"), std::invalid_argument);         // no supplier
  EXPECT_THROW(cfg("dsn = x\nsupplier = Air\n"), std::invalid_argument);                    // no location
  EXPECT_THROW(cfg(kBase + "attempts = 0\n"), std::invalid_argument);
  EXPECT_THROW(cfg(kBase + "lock_timeout = -1\n"), std::invalid_argument);
  EXPECT_THROW(cfg(kBase + "absent_min_coverage = 50\n"), std::invalid_argument);
  EXPECT_THROW(cfg(kBase + "pulse_field = x; DROP TABLE\n"), std::invalid_argument);
}
