// The sheet form: real files on disk and chunked HTTP bodies from the fake
// client, through the real plugin class.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "fake_host.hpp"
#include "source.hpp"

using air_test::CannedAnswer;
using air_test::Collector;
using air_test::FakeHost;
using air_test::qty;
using tecsync::Strategy;

namespace {

const std::string kHeader = "CODPROV,DESCRIPCI\xC3\x93N,Part Number,MARCA,RUBRO,COSTO,IVA,CBA,BS AS,FECHA\n";

class TempFile {
 public:
  explicit TempFile(const std::string& bytes) {
    static int n = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("air_sheet_test_" + std::to_string(::getpid()) + "_" + std::to_string(++n) + ".csv");
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

struct SheetRun {
  FakeHost host;
  Collector out;
  tecsync::Status status;

  SheetRun() {
    host.set("plugin", "air");
    host.set("form", "sheet");
  }
  // From a real file on disk.
  void file(const std::string& bytes) {
    TempFile f(bytes);
    host.set("url", f.path());
    tecsync::air::AirSource source(host.services());
    status = source.read(Strategy::flash, out);
  }
  // From the fake HTTP client, in chunks of `chunk` bytes.
  void http(const std::string& bytes, std::size_t chunk, long code = 200) {
    host.set("url", "http://127.0.0.1:8089/sheet/catalog.csv");
    host.http.chunk_size = chunk;
    host.http.route = [&](const tecsync::HttpRequest&) { return CannedAnswer{code, bytes}; };
    tecsync::air::AirSource source(host.services());
    status = source.read(Strategy::flash, out);
  }
  std::map<std::string, tecsync::Offer> by_sku() const {
    std::map<std::string, tecsync::Offer> m;
    for (auto& o : out.offers()) m[o.sku] = o;
    return m;
  }
  std::vector<std::string> rejects() const {
    std::vector<std::string> v;
    for (const auto& r : out.rejects()) v.push_back(std::to_string(r.origin.line) + " " + r.code + " " + r.sku);
    return v;
  }
};

// An offer as one comparable line.
std::string show(const tecsync::Offer& o) {
  std::string s = o.sku + " " + (o.cost ? o.cost->to_string(2) : "-") + " " + o.currency + " " +
                  (o.vat_percent ? o.vat_percent->to_string(1) : "-") + " line " + std::to_string(o.origin.line);
  for (const auto& st : o.stock) s += " " + st.warehouse + "=" + st.quantity.to_string(0);
  for (const auto& w : o.warnings) s += " " + w.code;
  return s;
}

std::vector<std::string> show_all(const Collector& c) {
  std::vector<std::string> v;
  for (const auto& o : c.offers()) v.push_back(show(o));
  for (const auto& r : c.rejects()) v.push_back("reject " + std::to_string(r.origin.line) + " " + r.code + " " + r.sku);
  for (const auto& r : c.warnings())
    v.push_back("warning " + std::to_string(r.origin.line) + " " + r.code + " " + r.sku);
  return v;
}

}  // namespace

TEST(AirSheet, Utf8WithBomAndLf) {
  SheetRun t;
  t.file("\xEF\xBB\xBF" + kHeader +
         "AX-1001,Mouse \xC3\xB3ptico,MO-220B,GENIUS,PERIFERICOS,4.85,21,12,30,18/02/2026 15:30\n"
         "AX-1003,Memoria,RM-8G32,KINGSTON,MEMORIAS,17.90,10.5,25,4,18/02/2026 15:30\n");
  ASSERT_TRUE(t.status) << t.status.detail;
  auto m = t.by_sku();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(show(m["AX-1001"]), "AX-1001 4.85 USD 21.0 line 2 S_CBA=12 S_BUE=30");
  EXPECT_EQ(show(m["AX-1003"]), "AX-1003 17.90 USD 10.5 line 3 S_CBA=25 S_BUE=4");
  EXPECT_TRUE(t.host.pulses.pulses.empty());
}

TEST(AirSheet, Latin1DescripcionHeaderIsRecognized) {
  SheetRun t;
  t.file(
      "CODPROV,DESCRIPCI\xD3N,Part Number,MARCA,RUBRO,COSTO,IVA,CBA,BS AS,FECHA\r\n"
      "BX-2003,C\xE1mara web,WC-1080,LOGITECH,PERIFERICOS,19.40,21,3,9,18/02/2026 15:30\r\n");
  ASSERT_TRUE(t.status) << t.status.detail;
  EXPECT_EQ(show(t.by_sku()["BX-2003"]), "BX-2003 19.40 USD 21.0 line 2 S_CBA=3 S_BUE=9");
  EXPECT_TRUE(t.host.pulses.pulses.empty());  // DESCRIPCIÓN is known: no UNKNOWN_COLUMN
  bool logged = false;
  for (const auto& l : t.host.log.lines) logged = logged || l.find("encoding=windows-1252") != std::string::npos;
  EXPECT_TRUE(logged);
}

TEST(AirSheet, SemicolonWithDecimalCommas) {
  SheetRun t;
  t.file(
      "CODPROV;DESCRIPCI\xC3\x93N;COSTO;IVA;CBA;BS AS;FECHA\n"
      "CX-3001;Disco SSD;24,90;10,5;6;11;18/02/2026 15:30\n"
      "CX-3004;Adaptador USB-C a HDMI, 4K;7,95;21;9;3;18/02/2026 15:30\n");
  ASSERT_TRUE(t.status) << t.status.detail;
  auto m = t.by_sku();
  EXPECT_EQ(show(m["CX-3001"]), "CX-3001 24.90 USD 10.5 line 2 S_CBA=6 S_BUE=11");
  EXPECT_EQ(show(m["CX-3004"]), "CX-3004 7.95 USD 21.0 line 3 S_CBA=9 S_BUE=3");
}

TEST(AirSheet, CostoPlusWinsAndBsAsFallsBackToLug) {
  SheetRun t;
  t.file(
      "CODPROV;COSTO;COSTO+;CBA;BS AS;LUG\n"
      "A1;10,00;12,50;1;0;7\n"
      "A2;10,00;12,50;1;5;7\n"
      "A3;10,00;12,50;1;-;Sin stock\n");
  ASSERT_TRUE(t.status) << t.status.detail;
  auto m = t.by_sku();
  EXPECT_EQ(show(m["A1"]), "A1 12.50 USD - line 2 S_CBA=1 S_BUE=7");
  EXPECT_EQ(show(m["A2"]), "A2 12.50 USD - line 3 S_CBA=1 S_BUE=5");
  EXPECT_EQ(show(m["A3"]), "A3 12.50 USD - line 4 S_CBA=1 S_BUE=0");
}

TEST(AirSheet, ConfiguredWarehouseColumnsAndCurrency) {
  SheetRun t;
  t.host.set("warehouse.S_CBA", "CBA");
  t.host.set("warehouse.S_ROS", "ROS");
  t.host.set("currency", "ARS");
  t.file("codprov ,Costo,ros,cba,OBSERVACIONES\nR1,100,3,4,x\n");
  ASSERT_TRUE(t.status) << t.status.detail;
  EXPECT_EQ(show(t.by_sku()["R1"]), "R1 100.00 ARS - line 2 S_CBA=4 S_ROS=3");
  ASSERT_EQ(t.host.pulses.pulses.size(), 1u);  // once per run, not per row
  EXPECT_NE(t.host.pulses.pulses[0].text.find("UNKNOWN_COLUMN"), std::string::npos);
  EXPECT_NE(t.host.pulses.pulses[0].text.find("OBSERVACIONES"), std::string::npos);
}

TEST(AirSheet, FechaGivesListTimeAndObservedAt) {
  using namespace std::chrono;
  SheetRun t;
  t.out.size = 1;
  t.file(kHeader + "A1,d,p,m,r,1.50,21,1,1,18/02/2026 15:30\nA2,d,p,m,r,1.50,21,1,1,not a date\n");
  ASSERT_TRUE(t.status) << t.status.detail;
  ASSERT_FALSE(t.out.facts_seen.empty());
  ASSERT_EQ(t.out.facts_before_first_batch, 1u);
  auto expected = sys_days{2026y / February / 18} + 18h + 30min;
  EXPECT_EQ(t.out.facts_seen[0].list_time, sys_seconds(expected));
  auto m = t.by_sku();
  EXPECT_EQ(m["A1"].observed_at, expected);
  ASSERT_EQ(m["A2"].warnings.size(), 1u);
  EXPECT_EQ(m["A2"].warnings[0].code, "BAD_DATE");
}

TEST(AirSheet, RowRulesRejectAndWarnWithoutBlockingOthers) {
  SheetRun t;
  t.file(kHeader +
         "1.23457E+11,Router,RT,TP,R,41.00,21,5,5,18/02/2026 15:30\n"            // 2 mangled
         "12E4,Switch,SW,TP,R,16.30,21,14,2,18/02/2026 15:30\n"                  // 3 text SKU
         ",Lector,CR,NG,A,3.40,21,9,9,18/02/2026 15:30\n"                        // 4 blank
         "\" GX-7001 \",Hub,HB,NG,A,5.60,21,20,20,18/02/2026 15:30\n"            // 5 trimmed
         "\xC2\xA0GX-7003\t,Zapatilla,PS,TRV,E,6.20,21,15,3,18/02/2026 15:30\n"  // 6 NBSP/TAB
         "HX-8001,Webcam,WC,G,P,12.00,21,>10,5,18/02/2026 15:30\n"               // 7
         "HX-8002,Parlantes,SP,G,A,7.50,21,Consultar,+50,18/02/2026 15:30\n"     // 8
         "PZ-1602,x,x,x,x,\"0,00\",21,0,4,18/02/2026 15:30\n"                    // 9 no price
         "AM-1,x,x,x,x,2.100,21,1,1,18/02/2026 15:30\n"                          // 10 ambiguous
         "BN-1,x,x,x,x,12abc,21,1,1,18/02/2026 15:30\n"                          // 11 bad number
         "FC-1,x,x,x,x,1.00,21,1\n"                                              // 12 field count
         "OR-1,x,x,x,x,1.00,21,2000000,1,18/02/2026 15:30\n"                     // 13 out of range
         "KIT 01,Kit,KM,G,P,13.90,21,7,1,18/02/2026 15:30\n");                   // 14
  ASSERT_TRUE(t.status) << t.status.detail;
  EXPECT_EQ(show_all(t.out), (std::vector<std::string>{
                                 "12E4 16.30 USD 21.0 line 3 S_CBA=14 S_BUE=2",
                                 "GX-7001 5.60 USD 21.0 line 5 S_CBA=20 S_BUE=20",
                                 "GX-7003 6.20 USD 21.0 line 6 S_CBA=15 S_BUE=3",
                                 "HX-8001 12.00 USD 21.0 line 7 S_CBA=10 S_BUE=5 STOCK_LOWER_BOUND",
                                 "HX-8002 7.50 USD 21.0 line 8 S_CBA=0 S_BUE=50 STOCK_TEXT STOCK_LOWER_BOUND",
                                 "PZ-1602 - USD 21.0 line 9 S_CBA=0 S_BUE=4 NO_PRICE",
                                 "KIT 01 13.90 USD 21.0 line 14 S_CBA=7 S_BUE=1",
                                 "reject 2 MANGLED_SKU 1.23457E+11",
                                 "reject 4 BLANK_SKU ",
                                 "reject 10 AMBIGUOUS_NUMBER AM-1",
                                 "reject 11 BAD_NUMBER BN-1",
                                 "reject 12 BAD_ROW FC-1",
                                 "reject 13 OUT_OF_RANGE OR-1",
                             }));
}

TEST(AirSheet, DeclaredDecimalMarkResolvesAmbiguity) {
  SheetRun t;
  t.host.set("decimal_mark", ",");
  t.file("CODPROV;COSTO;CBA;BS AS\nAM-1;2.100;1;1\nAM-2;2,100;1;1\n");
  ASSERT_TRUE(t.status) << t.status.detail;
  auto m = t.by_sku();
  EXPECT_EQ(m["AM-1"].cost->to_string(2), "2100.00");
  EXPECT_EQ(m["AM-2"].cost->to_string(2), "2.10");
}

TEST(AirSheet, DuplicateRows) {
  SheetRun t;
  t.file(kHeader +
         "FX-6001,G,CS,GM,G,29.00,21,4,6,18/02/2026 15:30\n"
         "FX-6002,C,CL,CM,R,12.50,21,10,10,18/02/2026 15:30\n"
         "FX-6001,G,CS,GM,G,29.00,21,4,6,18/02/2026 15:30\n"
         "FX-6002,C,CL,CM,R,13.10,21,10,0,18/02/2026 15:30\n"
         "FX-6003,P,TP,CM,R,2.30,21,80,40,18/02/2026 15:30\n");
  ASSERT_TRUE(t.status);
  EXPECT_EQ(show_all(t.out), (std::vector<std::string>{
                                 "FX-6001 29.00 USD 21.0 line 2 S_CBA=4 S_BUE=6",
                                 "FX-6003 2.30 USD 21.0 line 6 S_CBA=80 S_BUE=40",
                                 "reject 3 DUPLICATE_CONFLICT FX-6002",
                                 "reject 5 DUPLICATE_CONFLICT FX-6002",
                                 "warning 4 DUPLICATE_IDENTICAL FX-6001",
                             }));
}

TEST(AirSheet, SchemaErrorsNameTheMissingColumn) {
  struct Case {
    std::string body, needle;
  };
  for (const auto& c : std::vector<Case>{
           {"SKU,COSTO,CBA,BS AS\nA,1,1,1\n", "CODPROV"},
           {"CODPROV,PRECIO USD,CBA,BS AS\nA,1,1,1\n", "PRECIO USD"},
           {"CODPROV,COSTO,DESCRIPCION\nA,1,x\n", "S_CBA"},
           {"CODPROV,COSTO,CBA\nA,1,1\n", "S_BUE"},
       }) {
    SheetRun t;
    t.file(c.body);
    EXPECT_EQ(t.status.error_class, "FeedSchemaError") << c.body;
    EXPECT_EQ(t.status.area, tecsync::FailureArea::feed);
    EXPECT_NE(t.status.detail.find(c.needle), std::string::npos) << t.status.detail;
    EXPECT_NE(t.status.detail.find(".csv"), std::string::npos) << t.status.detail;  // names the file
    EXPECT_TRUE(t.out.offers().empty());
  }
}

TEST(AirSheet, EmptyHeaderOnlyAndBlankRowsAreFeedEmpty) {
  for (const std::string& body :
       {std::string(), kHeader, kHeader + "\n,,,,,,,,,\n   \n", std::string("\xEF\xBB\xBF")}) {
    SheetRun t;
    t.file(body);
    EXPECT_EQ(t.status.error_class, "FeedEmpty") << body;
    EXPECT_NE(t.status.detail.find("bytes"), std::string::npos);
    EXPECT_TRUE(t.out.rejects().empty());  // blank lines are not BLANK_SKU rows
  }
}

TEST(AirSheet, HtmlPageIsAFormatError) {
  SheetRun t;
  t.http("<!DOCTYPE html>\n<html><body>Mantenimiento</body></html>\n", 16);
  EXPECT_EQ(t.status.error_class, "FeedFormatError");
  EXPECT_NE(t.status.detail.find("HTML"), std::string::npos);
}

TEST(AirSheet, BodyEndingInsideAQuoteIsATruncationOrAStrayQuote) {
  SheetRun t;  // opened on the last line: the body was cut mid-field
  t.file(kHeader + "A1,\"cut here");
  EXPECT_EQ(t.status.error_class, "FeedTransportError.Incomplete");
  EXPECT_NE(t.status.detail.find("line 2"), std::string::npos);
  SheetRun s;  // ran on over line breaks to the end: a stray quote
  s.file(kHeader + "A1,\"stray\nA2,x,y\n");
  EXPECT_EQ(s.status.error_class, "FeedFormatError");
  EXPECT_NE(s.status.detail.find("line 2"), std::string::npos);
}

TEST(AirSheet, NonOkHttpStatusFails) {
  SheetRun t;
  t.http(kHeader + "A1,d,p,m,r,1.50,21,1,1,18/02/2026 15:30\n", 64, 404);
  EXPECT_EQ(t.status.error_class, "FeedTransportError.HttpStatus");
  EXPECT_NE(t.status.detail.find("404"), std::string::npos);
  EXPECT_TRUE(t.out.batches.empty());
}

TEST(AirSheet, HttpInAnyChunkingEqualsTheFile) {
  std::string body =
      "\xEF\xBB\xBF"
      "CODPROV;DESCRIPCI\xC3\x93N;COSTO+;IVA;CBA;BS AS;LUG;FECHA\r\n";
  for (int i = 0; i < 200; ++i)
    body += "S" + std::to_string(i) + ";\"Desc \xC3\xB1, \"\"x\"\"\r\nline2\";" + std::to_string(i) + ",5" + ";10,5;" +
            std::to_string(i % 7) + ";0;" + std::to_string(i % 3) + ";18/02/2026 15:30\r\n";
  SheetRun from_file;
  from_file.file(body);
  ASSERT_TRUE(from_file.status) << from_file.status.detail;
  auto expected = show_all(from_file.out);
  ASSERT_EQ(from_file.out.offers().size(), 200u);
  EXPECT_EQ(from_file.out.offers()[10].origin.line, 22u);  // each record spans 2 lines
  for (std::size_t chunk : {std::size_t(1), std::size_t(2), std::size_t(3), std::size_t(7), std::size_t(4096)}) {
    SheetRun t;
    t.http(body, chunk);
    ASSERT_TRUE(t.status) << t.status.detail;
    EXPECT_EQ(show_all(t.out), expected) << "chunk " << chunk;
  }
}

TEST(AirSheet, MissingFileFails) {
  SheetRun t;
  t.host.set("url", "/nonexistent/dir/catalog.csv");
  tecsync::air::AirSource source(t.host.services());
  auto s = source.read(Strategy::flash, t.out);
  EXPECT_EQ(s.error_class, "FeedTransportError.NotFound");
  EXPECT_NE(s.detail.find("/nonexistent/dir/catalog.csv"), std::string::npos);
}
