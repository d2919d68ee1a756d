// tecsync/text/encoding.hpp: strict UTF-8 (BOM dropped) else Windows-1252,
// decided on the first bytes, whatever the chunk boundaries.
#include <gtest/gtest.h>

#include <random>

#include "tecsync/text/encoding.hpp"

using tecsync::text::Encoding;
using tecsync::text::FeedDecoder;

namespace {

std::string decode_in_pieces(std::string_view bytes, const std::vector<std::size_t>& cuts, FeedDecoder& dec) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    dec.push(bytes.substr(at, cut - at), out);
    at = cut;
  }
  dec.push(bytes.substr(at), out);
  dec.finish(out);
  return out;
}

std::string decode(std::string_view bytes) {
  FeedDecoder dec;
  return decode_in_pieces(bytes, {}, dec);
}

}  // namespace

TEST(TextEncoding, Utf8PassesThroughUnchanged) {
  FeedDecoder dec;
  std::string text = "CODPROV,DESCRIPCI\xC3\x93N\nAX-1,c\xC3\xA1mara \xE2\x82\xAC\n";
  EXPECT_EQ(decode_in_pieces(text, {}, dec), text);
  EXPECT_EQ(dec.encoding(), Encoding::utf8);
  EXPECT_FALSE(dec.had_bom());
}

TEST(TextEncoding, LeadingBomIsDropped) {
  FeedDecoder dec;
  EXPECT_EQ(decode_in_pieces("\xEF\xBB\xBF"
                             "CODPROV\n",
                             {1, 2}, dec),
            "CODPROV\n");
  EXPECT_TRUE(dec.had_bom());
  EXPECT_EQ(dec.encoding(), Encoding::utf8);
}

TEST(TextEncoding, Latin1HeaderFallsBackToWindows1252ForTheWholeFile) {
  FeedDecoder dec;
  std::string out = decode_in_pieces("CODPROV,DESCRIPCI\xD3N\nBX,C\xE1mara a\xF1o\n", {3}, dec);
  EXPECT_EQ(out, "CODPROV,DESCRIPCI\xC3\x93N\nBX,C\xC3\xA1mara a\xC3\xB1o\n");
  EXPECT_EQ(dec.encoding(), Encoding::windows1252);
}

TEST(TextEncoding, Windows1252HighRangeMapsToUnicode) {
  // 0x80 is the euro sign and 0x93/0x94 curly quotes in Windows-1252.
  EXPECT_EQ(decode("\x80 \x93x\x94 \xA0"), "\xE2\x82\xAC \xE2\x80\x9Cx\xE2\x80\x9D \xC2\xA0");
}

TEST(TextEncoding, MultibyteSequenceSplitAcrossChunksIsKept) {
  // Force the UTF-8 decision first (more than kSniffBytes of ASCII), then cut
  // a 3-byte euro sign in every possible place.
  std::string prefix(FeedDecoder::kSniffBytes, 'a');
  std::string tail = "x\xE2\x82\xACy\xC3\xB1";
  std::string body = prefix + tail;
  for (std::size_t cut = prefix.size(); cut <= body.size(); ++cut) {
    FeedDecoder dec;
    EXPECT_EQ(decode_in_pieces(body, {prefix.size(), cut}, dec), body) << "cut at " << cut;
    EXPECT_EQ(dec.encoding(), Encoding::utf8);
    EXPECT_EQ(dec.mixed_bytes(), 0u);
  }
}

TEST(TextEncoding, InvalidByteAfterUtf8DecisionIsMixedNotLost) {
  std::string prefix(FeedDecoder::kSniffBytes, 'a');
  FeedDecoder dec;
  std::string out = decode_in_pieces(prefix + "\xE9t\xC3\xA9", {prefix.size()}, dec);
  EXPECT_EQ(out, prefix + "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(dec.mixed_bytes(), 1u);
}

TEST(TextEncoding, CutSequenceAtEndOfBodyIsDecodedNotDropped) {
  std::string prefix(FeedDecoder::kSniffBytes, 'a');
  FeedDecoder dec;
  std::string out = decode_in_pieces(prefix + "\xE2\x82", {prefix.size()}, dec);
  EXPECT_EQ(out, prefix + "\xC3\xA2\xE2\x80\x9A");  // â and ‚ in Windows-1252
}

TEST(TextEncoding, RandomSplitsGiveTheSameText) {
  std::string body =
      "\xEF\xBB\xBFh\xC3\xA9"
      "ader;x\n";
  for (int i = 0; i < 2000; ++i) body += "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80;";
  std::string whole = decode(body);
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::size_t> cuts;
    for (std::size_t at = 0; at < body.size();) {
      at += 1 + rng() % 97;
      if (at < body.size()) cuts.push_back(at);
    }
    FeedDecoder dec;
    EXPECT_EQ(decode_in_pieces(body, cuts, dec), whole);
  }
}

TEST(TextEncoding, OverlongAndSurrogateAreInvalidUtf8) {
  EXPECT_FALSE(tecsync::text::is_valid_utf8("\xC0\xAF"));
  EXPECT_FALSE(tecsync::text::is_valid_utf8("\xED\xA0\x80"));
  EXPECT_FALSE(tecsync::text::is_valid_utf8("\xF4\x90\x80\x80"));
  EXPECT_TRUE(tecsync::text::is_valid_utf8("\xF0\x9F\x98\x80"));
  EXPECT_TRUE(tecsync::text::is_valid_utf8("ab\xE2\x82", true));
  EXPECT_FALSE(tecsync::text::is_valid_utf8("ab\xE2\x82", false));
}

TEST(TextEncoding, EmptyBodyIsFine) {
  FeedDecoder dec;
  EXPECT_EQ(decode_in_pieces("", {}, dec), "");
  EXPECT_EQ(dec.bytes_in(), 0u);
}
