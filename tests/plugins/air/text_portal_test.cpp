// Air's portal dialect (every field quoted, inner quotes not escaped) and the
// HTML sniffing shared by every form.
#include <gtest/gtest.h>

#include "tecsync/text/markup.hpp"
#include "tecsync/text/portal_csv.hpp"

using tecsync::text::CsvRecord;
using tecsync::text::PortalCsvReader;
using tecsync::text::split_portal_line;
using V = std::vector<std::string>;

TEST(PortalSplit, UnescapedInchQuoteStaysInTheField) {
  auto r = split_portal_line(R"("QP-2901","MONITOR 24" FHD IPS","0","152,30")", ',');
  EXPECT_EQ(r.fields, (V{"QP-2901", "MONITOR 24\" FHD IPS", "0", "152,30"}));
  EXPECT_FALSE(r.malformed);
}

TEST(PortalSplit, CommaAndQuoteInsideOneField) {
  auto r = split_portal_line(R"("QP-2903","NOTEBOOK 15,6" I5 8GB","1.234,50")", ',');
  EXPECT_EQ(r.fields, (V{"QP-2903", "NOTEBOOK 15,6\" I5 8GB", "1.234,50"}));
  r = split_portal_line(R"("A","CABLE HDMI 3/8" A 1,5 M","x")", ',');
  EXPECT_EQ(r.fields, (V{"A", "CABLE HDMI 3/8\" A 1,5 M", "x"}));
}

TEST(PortalSplit, ValueEndingInAQuoteAndEmptyFields) {
  EXPECT_EQ(split_portal_line(R"("A","MONITOR 24"","")", ',').fields, (V{"A", "MONITOR 24\"", ""}));
  EXPECT_EQ(split_portal_line(R"("","",)", ',').fields, (V{"", "", ""}));
  EXPECT_EQ(split_portal_line("", ',').fields, (V{""}));
  EXPECT_EQ(split_portal_line("a,b,\"c\"", ',').fields, (V{"a", "b", "c"}));
  // `""` is not unescaped: the export never escapes, so both quotes are data.
  EXPECT_EQ(split_portal_line(R"("14"" FHD","x")", ',').fields, (V{"14\"\" FHD", "x"}));
}

TEST(PortalSplit, DocumentedLimits) {
  // A quote followed by the separator inside a value splits it: one field too many.
  EXPECT_EQ(split_portal_line(R"("A","3/8",1M","x")", ',').fields.size(), 4u);
  // A quoted field that does not close on its line.
  auto r = split_portal_line(R"("A","OPEN)", ',');
  EXPECT_TRUE(r.malformed);
  EXPECT_EQ(r.fields, (V{"A", "OPEN"}));
}

TEST(PortalReader, LinesCrLfAndAnyChunkSplit) {
  const std::string body = "\"Codigo\",\"Descripcion\"\r\n\"A\",\"24\" X\"\r\n\r\n\"B\",\"C\"\"\r\n\"C\",\"cut";
  for (std::size_t chunk = 1; chunk <= body.size(); ++chunk) {
    PortalCsvReader rd;
    std::vector<CsvRecord> recs;
    auto cb = [&](CsvRecord&& r) {
      recs.push_back(std::move(r));
      return true;
    };
    for (std::size_t i = 0; i < body.size(); i += chunk) rd.push(std::string_view(body).substr(i, chunk), cb);
    rd.finish(cb);
    ASSERT_EQ(recs.size(), 5u) << chunk;
    EXPECT_EQ(recs[1].fields, (V{"A", "24\" X"}));
    EXPECT_EQ(recs[1].line, 2u);
    EXPECT_TRUE(recs[2].is_blank());
    EXPECT_EQ(recs[3].fields, (V{"B", "C\""}));
    EXPECT_EQ(recs[4].line, 5u);
    EXPECT_TRUE(recs[4].no_line_end);
    EXPECT_TRUE(recs[4].malformed);
    EXPECT_FALSE(recs[3].no_line_end);
  }
}

TEST(Markup, HtmlPagesAreSniffedAfterBomAndWhitespace) {
  using tecsync::text::starts_with_markup;
  EXPECT_TRUE(starts_with_markup("<!DOCTYPE html><html>"));
  EXPECT_TRUE(starts_with_markup("\xEF\xBB\xBF \r\n  <html lang=es>"));
  EXPECT_TRUE(starts_with_markup("<br />\n<b>Notice</b>: Undefined"));
  EXPECT_TRUE(starts_with_markup("<?xml version=\"1.0\"?>"));
  EXPECT_FALSE(starts_with_markup("CODPROV,COSTO"));
  EXPECT_FALSE(starts_with_markup("[{\"a\": \"<b>\"}]"));
  EXPECT_FALSE(starts_with_markup("<"));
  EXPECT_FALSE(starts_with_markup("<5,3"));
  EXPECT_FALSE(starts_with_markup(""));
  EXPECT_TRUE(tecsync::text::contains_markup("\"BS AS\": <br />\n<b>Notice</b>"));
  EXPECT_FALSE(tecsync::text::contains_markup("\"a\": 1 < 2"));
}

TEST(CsvSniff, TabWinsWhenMostFrequent) {
  EXPECT_EQ(tecsync::text::CsvReader::sniff("CODPROV\tCOSTO\tIVA"), '\t');
  EXPECT_EQ(tecsync::text::CsvReader::sniff("CODPROV,COSTO\tIVA,CBA"), ',');
}
