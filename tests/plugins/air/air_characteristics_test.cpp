// CARACTERISTICAS specs, part number and image cells (the deep feed's parsing,
// case 011), with the real CSV reader for the multi-line records.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "characteristics.hpp"
#include "tecsync/text/csv.hpp"

using tecsync::air::image_urls;
using tecsync::air::parse_specs;
using tecsync::air::part_number;
using V = std::vector<std::string>;

TEST(AirCharacteristics, PartNumberLabelsAndStops) {
  EXPECT_EQ(part_number("Panel: IPS, 75 Hz | Entradas: HDMI; VGA\nN\xC2\xBA Parte: MN-24IPS\nIncluye cable de 1,5 m"),
            "MN-24IPS");
  EXPECT_EQ(part_number("N\xC2\xB0 Parte: AB-1 | Color: negro"), "AB-1");
  EXPECT_EQ(part_number("PN: X-9, rev 2"), "X-9");
  EXPECT_EQ(part_number("part number:  PR-L200  "), "PR-L200");
  EXPECT_EQ(part_number("Nro Parte: Q1"), "Q1");
  EXPECT_EQ(part_number("No. parte: Q2"), "Q2");
  EXPECT_EQ(part_number("Memoria: 16 GB | N\xC2\xBA Parte: NB-14R7"), "NB-14R7");
  EXPECT_EQ(part_number("UPN: nope | Panel: IPS"), std::nullopt);  // a label, not a substring
  EXPECT_EQ(part_number("N\xC2\xBA Parte: | PN: Z"), "Z");         // an empty value is skipped
  EXPECT_EQ(part_number(""), std::nullopt);
}

TEST(AirCharacteristics, SpecsAndNotes) {
  auto s = parse_specs("Panel: IPS, 75 Hz | Entradas: HDMI; VGA\r\nIncluye cable | ");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].label, "Panel");
  EXPECT_EQ(s[0].value, "IPS, 75 Hz");
  EXPECT_EQ(s[1].value, "HDMI; VGA");
  EXPECT_EQ(s[2].label, "");
  EXPECT_EQ(s[2].value, "Incluye cable");
}

TEST(AirCharacteristics, ImagesOnlyHttp) {
  EXPECT_EQ(image_urls({" https://a/1.jpg", "-", "", "ftp://x", "http://b/2.png "}),
            (V{"https://a/1.jpg", "http://b/2.png"}));
}

TEST(AirCharacteristics, Case011RecordsFromTheRealReader) {
  auto path = std::filesystem::path(TECSYNC_AIR_CASES) / "011-quoted-newline-separator" / "caracteristicas.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is missing";
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  tecsync::text::CsvReader reader;
  std::vector<tecsync::text::CsvRecord> recs;
  auto cb = [&](tecsync::text::CsvRecord&& r) {
    recs.push_back(std::move(r));
    return true;
  };
  reader.push(ss.str(), cb);
  reader.finish(cb);
  ASSERT_EQ(recs.size(), 4u);  // header + 3 records from 8 physical lines
  EXPECT_EQ(recs[1].line, 2u);
  EXPECT_EQ(recs[2].line, 5u);
  EXPECT_EQ(recs[3].line, 7u);
  EXPECT_EQ(recs[1].fields[2],
            "Panel: IPS, 75 Hz | Entradas: HDMI; VGA\nN\xC2\xBA Parte: MN-24IPS\nIncluye cable de 1,5 m");
  EXPECT_NE(recs[2].fields[2].find("Pantalla: 14\" FHD"), std::string::npos);
  EXPECT_EQ(part_number(recs[1].fields[2]), "MN-24IPS");
  EXPECT_EQ(part_number(recs[2].fields[2]), "NB-14R7");
  EXPECT_EQ(part_number(recs[3].fields[2]), "PR-L200");
  auto imgs = [&](const tecsync::text::CsvRecord& r) { return image_urls(V(r.fields.begin() + 3, r.fields.end())); };
  EXPECT_EQ(imgs(recs[3]).size(), 3u);
  EXPECT_EQ(imgs(recs[1]).size(), 2u);
  EXPECT_EQ(imgs(recs[2]), (V{"https://img.example.test/jx1102_1.jpg"}));
}
