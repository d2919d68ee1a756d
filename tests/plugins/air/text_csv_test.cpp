// tecsync/text/csv.hpp: records, physical start lines, quoting, separators,
// and the same records for any split of the input.
#include <gtest/gtest.h>

#include <random>

#include "tecsync/text/csv.hpp"

using tecsync::text::CsvReader;
using tecsync::text::CsvRecord;

namespace {

std::vector<CsvRecord> read_in_pieces(std::string_view text, const std::vector<std::size_t>& cuts, char sep = 0) {
  CsvReader reader(sep);
  std::vector<CsvRecord> out;
  auto take = [&](CsvRecord&& r) {
    out.push_back(std::move(r));
    return true;
  };
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    reader.push(text.substr(at, cut - at), take);
    at = cut;
  }
  reader.push(text.substr(at), take);
  reader.finish(take);
  return out;
}

std::vector<CsvRecord> read(std::string_view text) { return read_in_pieces(text, {}); }

void expect_same(const std::vector<CsvRecord>& a, const std::vector<CsvRecord>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].fields, b[i].fields) << "record " << i;
    EXPECT_EQ(a[i].line, b[i].line) << "record " << i;
    EXPECT_EQ(a[i].malformed, b[i].malformed);
    EXPECT_EQ(a[i].unterminated, b[i].unterminated);
  }
}

// Case 011's shape: quoted newlines, `,` and `;` inside quotes, `""`.
const std::string kQuoted =
    "CODPROV,DESCRIPCION,CARACTERISTICAS,IMG1\r\n"
    "JX-1101,Monitor,\"Panel: IPS, 75 Hz | Entradas: HDMI; VGA\r\nN\xC2\xBA Parte: MN-24IPS\r\nIncluye 1,5 "
    "m\",http://a\r\n"
    "JX-1102,Notebook,\"Pantalla: 14\"\" FHD\nx\",\r\n"
    "JX-1103,Printer,plain,-\r\n";

}  // namespace

TEST(TextCsv, SniffsCommaOrSemicolonFromTheHeader) {
  EXPECT_EQ(CsvReader::sniff("CODPROV;DESCRIPCION;COSTO"), ';');
  EXPECT_EQ(CsvReader::sniff("CODPROV,DESCRIPCION,COSTO"), ',');
  EXPECT_EQ(CsvReader::sniff("\"A;B\",C,D"), ',');
  EXPECT_EQ(CsvReader::sniff("X"), ',');
  auto recs = read("CODPROV;DESC;COSTO\nCX-3004;Adaptador USB-C a HDMI, 4K;7,95\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[1].fields, (std::vector<std::string>{"CX-3004", "Adaptador USB-C a HDMI, 4K", "7,95"}));
}

TEST(TextCsv, QuotedNewlinesKeepTheFirstPhysicalLine) {
  auto recs = read(kQuoted);
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_EQ(recs[0].line, 1u);
  EXPECT_EQ(recs[1].line, 2u);
  EXPECT_EQ(recs[2].line, 5u);
  EXPECT_EQ(recs[3].line, 7u);
  EXPECT_EQ(recs[1].fields[2], "Panel: IPS, 75 Hz | Entradas: HDMI; VGA\nN\xC2\xBA Parte: MN-24IPS\nIncluye 1,5 m");
  EXPECT_EQ(recs[2].fields[2], "Pantalla: 14\" FHD\nx");
  EXPECT_EQ(recs[2].fields[3], "");
  for (const auto& r : recs) EXPECT_FALSE(r.malformed);
}

TEST(TextCsv, ByteByByteGivesTheSameRecords) {
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < kQuoted.size(); ++i) cuts.push_back(i);
  expect_same(read_in_pieces(kQuoted, cuts), read(kQuoted));
}

TEST(TextCsv, RandomSplitsGiveTheSameRecords) {
  std::string body = "A;B;C\r\n";
  for (int i = 0; i < 300; ++i)
    body += "S" + std::to_string(i) + ";\"x;\"\"y\"\"\r\nz\";" + std::to_string(i) + (i % 3 ? "\r\n" : "\n");
  auto whole = read(body);
  ASSERT_EQ(whole.size(), 301u);
  std::mt19937 rng(11);
  for (int round = 0; round < 40; ++round) {
    std::vector<std::size_t> cuts;
    for (std::size_t at = 0; at < body.size();) {
      at += 1 + rng() % 23;
      if (at < body.size()) cuts.push_back(at);
    }
    expect_same(read_in_pieces(body, cuts), whole);
  }
}

TEST(TextCsv, LineEndsCrlfLfAndLoneCr) {
  auto recs = read("a,b\r\nc,d\ne,f\rg,h");
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_EQ(recs[3].fields, (std::vector<std::string>{"g", "h"}));
  EXPECT_EQ(recs[3].line, 4u);
}

TEST(TextCsv, BlankLinesAreBlankRecords) {
  auto recs = read("A,B,C\n\n,,\n   \nx,y,z\n");
  ASSERT_EQ(recs.size(), 5u);
  EXPECT_TRUE(recs[1].is_blank());
  EXPECT_TRUE(recs[2].is_blank());
  EXPECT_TRUE(recs[3].is_blank());
  EXPECT_FALSE(recs[4].is_blank());
  EXPECT_EQ(recs[4].line, 5u);
}

TEST(TextCsv, StrayQuotesMarkTheRecordMalformed) {
  auto recs = read("a,b\n\"MONITOR X 24\" FHD\",1\nab\"c,2\n");
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_TRUE(recs[1].malformed);
  EXPECT_EQ(recs[1].fields[0], "MONITOR X 24\" FHD");
  EXPECT_TRUE(recs[2].malformed);
  EXPECT_EQ(recs[2].fields[0], "ab\"c");
}

TEST(TextCsv, BodyEndingInsideQuotesIsUnterminated) {
  auto recs = read("a,b\nx,\"never closed\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_TRUE(recs[1].unterminated);
}

TEST(TextCsv, EmptyInputHasNoRecords) { EXPECT_TRUE(read("").empty()); }

TEST(TextCsv, CallbackCanStopReading) {
  CsvReader reader;
  int seen = 0;
  EXPECT_FALSE(reader.push("a\nb\nc\n", [&](CsvRecord&&) { return ++seen < 2; }));
  EXPECT_EQ(seen, 2);
}

// push_views hands over the same records as push, for any split: the views
// point into the reader's buffer, which is reused from record to record.
TEST(TextCsv, ViewsGiveTheSameRecordsAsOwnedRecords) {
  std::string body = kQuoted + "tail,\"a\"x,b\rq,\"open";
  std::mt19937 rng(5);
  for (int round = 0; round < 30; ++round) {
    std::vector<std::size_t> cuts;
    for (std::size_t at = 0; at < body.size();) {
      at += 1 + rng() % 17;
      if (at < body.size()) cuts.push_back(at);
    }
    CsvReader reader;
    std::vector<CsvRecord> views;
    auto take = [&](const tecsync::text::CsvRecordView& v) {
      views.push_back(v.to_record());
      return true;
    };
    std::size_t at = 0;
    for (std::size_t cut : cuts) {
      reader.push_views(std::string_view(body).substr(at, cut - at), take);
      at = cut;
    }
    reader.push_views(std::string_view(body).substr(at), take);
    reader.finish_views(take);
    auto owned = read(body);
    expect_same(views, owned);
    ASSERT_FALSE(views.empty());
    EXPECT_TRUE(views.back().unterminated);
    EXPECT_TRUE(views.back().no_line_end);
  }
}

TEST(TextCsv, ViewOfARecordAndBack) {
  CsvRecord rec;
  rec.fields = {" a ", "", "b"};
  rec.line = 7;
  rec.malformed = true;
  std::vector<std::string_view> storage;
  auto v = tecsync::text::view_of(rec, storage);
  ASSERT_EQ(v.fields.size(), 3u);
  EXPECT_EQ(v.fields[0], " a ");
  EXPECT_EQ(v.line, 7u);
  EXPECT_TRUE(v.malformed);
  EXPECT_FALSE(v.is_blank());
  auto back = v.to_record();
  EXPECT_EQ(back.fields, rec.fields);
  EXPECT_EQ(back.line, 7u);
  CsvRecord blank;
  blank.fields = {" ", "\t", ""};
  EXPECT_TRUE(tecsync::text::view_of(blank, storage).is_blank());
}
