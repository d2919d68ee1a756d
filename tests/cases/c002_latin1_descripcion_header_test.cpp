// Case 002: a whole-file latin-1 feed (`DESCRIPCI\xD3N`) is read as Windows-1252,
// every row lands, and no text is garbled anywhere it is logged.
#include "air_case_expect.hpp"

namespace {

using namespace tecsync::cases;

TEST_F(Cases, c002_latin1_descripcion_header) {
  RunOptions o;
  o.url = serve("feed.csv");
  const std::string names_before =
      odoo().scalar("SELECT string_agg(name::text, '|' ORDER BY id) FROM product_template");
  auto r = run(o);
  ASSERT_EQ(r.status(), "OK") << r.describe() << dump_reported(odoo());
  EXPECT_EQ(r.exit_code, 0);
  expect_odoo(odoo(), {{"BX-2001", "3.10", "40", "15"},
                       {"BX-2002", "6.75", "8", "0"},
                       {"BX-2003", "19.40", "3", "9"},
                       {"BX-2004", "2.05", "0", "0"}});
  EXPECT_TRUE(odoo().rejects().empty()) << dump_reported(odoo());
  // Only the detected encoding is reported, as info; DESCRIPCIÓN is a known column.
  EXPECT_NE(r.err.find("encoding=windows-1252"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("UNKNOWN_COLUMN"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("MIXED_ENCODING"), std::string::npos) << r.err;
  expect_clean_text(r);
  // Flash never writes names: the UTF-8 names (Cámara web, Tóner … año) stay byte-identical.
  EXPECT_EQ(odoo().scalar("SELECT string_agg(name::text, '|' ORDER BY id) FROM product_template"), names_before);
  EXPECT_TRUE(odoo().quants_invariant_i4());
  expect_second_run_writes_nothing(o);
}

}  // namespace
