#pragma once
/// @file
/// Turning a feed's bytes into UTF-8, chunk by chunk (cases/README rule 5).
///
/// The body is strict UTF-8 (a leading BOM `EF BB BF` is dropped) or, failing
/// that, Windows-1252 (a superset of latin-1 for printable text). The decision
/// is made once, on the first `kSniffBytes` bytes of the body (or the whole body
/// if shorter): if they are valid UTF-8 the feed is UTF-8, else Windows-1252.
/// A multibyte sequence split across chunks is carried over, so any split of
/// the body yields the same text. A byte that is invalid UTF-8 *after* the feed
/// was judged UTF-8 is decoded as Windows-1252 and counted in
/// `mixed_bytes()` (report it as `MIXED_ENCODING`): text is never replaced by
/// U+FFFD and never rejected.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tecsync::text {

enum class Encoding { unknown, utf8, windows1252 };

inline const char* to_string(Encoding e) noexcept {
  switch (e) {
    case Encoding::utf8:
      return "utf-8";
    case Encoding::windows1252:
      return "windows-1252";
    case Encoding::unknown:
      break;
  }
  return "unknown";
}

/// Appends the UTF-8 form of code point `cp` (≤ U+10FFFF) to `out`.
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

/// The Unicode code point of Windows-1252 byte `b`. The five bytes that
/// Windows-1252 leaves undefined (81, 8D, 8F, 90, 9D) map to the same C1
/// control code points, as latin-1 does, so no byte is ever lost.
inline char32_t windows1252_to_unicode(unsigned char b) noexcept {
  static constexpr char16_t kHigh[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                         0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                         0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                         0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  if (b >= 0x80 && b < 0xA0) return kHigh[b - 0x80];
  return b;
}

/// Length of the valid UTF-8 sequence at the start of `s`: 1..4 when valid,
/// 0 when invalid, -1 when `s` ends in the middle of a sequence that could
/// still become valid. Overlong forms, surrogates and > U+10FFFF are invalid.
inline int utf8_sequence_length(std::string_view s) noexcept {
  if (s.empty()) return -1;
  auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) return 1;
  int len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  for (int k = 1; k < len; ++k) {
    if (static_cast<std::size_t>(k) >= s.size()) return -1;
    auto b = static_cast<unsigned char>(s[k]);
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
  }
  return len;
}

/// Length of the run of ASCII bytes (< 0x80) at the start of `s`, eight bytes
/// at a time: feed text is mostly ASCII, which needs neither checks nor
/// transcoding.
inline std::size_t ascii_prefix(std::string_view s) noexcept {
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (w & kHigh) break;
  }
  while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  return i;
}

/// True when all of `s` is valid UTF-8; with `allow_cut_end`, a truncated but
/// so far valid sequence at the very end is accepted (a chunk boundary).
inline bool is_valid_utf8(std::string_view s, bool allow_cut_end = false) noexcept {
  while (!s.empty()) {
    s.remove_prefix(ascii_prefix(s));
    if (s.empty()) break;
    int n = utf8_sequence_length(s);
    if (n == 0) return false;
    if (n < 0) return allow_cut_end;
    s.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

/// Streaming decoder: `push` bytes in any split, receive UTF-8 text.
///
/// ```cpp
/// FeedDecoder dec;
/// std::string text;
/// dec.push(chunk, text);   // may append nothing until the encoding is known
/// dec.finish(text);        // flushes what is held back
/// ```
/// Output is appended to the caller's string (never cleared). Holds at most
/// `kSniffBytes` + 3 bytes of its own.
class FeedDecoder {
 public:
  /// How many leading bytes decide the encoding.
  static constexpr std::size_t kSniffBytes = 64 * 1024;

  /// Appends the decoded text of `bytes` to `out` (possibly none yet).
  void push(std::string_view bytes, std::string& out) {
    total_ += bytes.size();
    if (encoding_ == Encoding::unknown) {
      held_.append(bytes);
      if (held_.size() < kSniffBytes) return;
      decide(false);
      std::string held = std::move(held_);
      held_.clear();
      decode(held, out);
      return;
    }
    decode(bytes, out);
  }

  /// Ends the body: decides the encoding if still open and flushes held bytes.
  /// A sequence cut by the end of the body is decoded as Windows-1252 bytes.
  void finish(std::string& out) {
    if (encoding_ == Encoding::unknown) {
      decide(true);
      std::string held = std::move(held_);
      held_.clear();
      decode(held, out);
    }
    if (!carry_.empty()) {
      for (char c : carry_) fallback_byte(static_cast<unsigned char>(c), out);
      carry_.clear();
    }
  }

  /// The decided encoding (`unknown` until `kSniffBytes` or `finish`).
  Encoding encoding() const noexcept { return encoding_; }
  /// Whether a UTF-8 BOM was dropped.
  bool had_bom() const noexcept { return bom_; }
  /// Bytes decoded as Windows-1252 inside a feed judged UTF-8 (`MIXED_ENCODING`).
  std::uint64_t mixed_bytes() const noexcept { return mixed_; }
  /// Bytes pushed so far.
  std::uint64_t bytes_in() const noexcept { return total_; }

 private:
  void decide(bool at_end) {
    std::string_view v = held_;
    if (v.size() >= 3 && v.substr(0, 3) == "\xEF\xBB\xBF") {
      bom_ = true;
      held_.erase(0, 3);
      encoding_ = Encoding::utf8;  // a BOM declares UTF-8
      return;
    }
    encoding_ = is_valid_utf8(held_, !at_end) ? Encoding::utf8 : Encoding::windows1252;
  }

  void fallback_byte(unsigned char b, std::string& out) {
    if (encoding_ == Encoding::utf8) ++mixed_;
    append_utf8(out, windows1252_to_unicode(b));
  }

  void decode(std::string_view bytes, std::string& out) {
    if (encoding_ == Encoding::windows1252) {
      while (!bytes.empty()) {  // ASCII runs as they are, each other byte transcoded
        std::size_t n = ascii_prefix(bytes);
        out.append(bytes.substr(0, n));
        bytes.remove_prefix(n);
        if (bytes.empty()) break;
        append_utf8(out, windows1252_to_unicode(static_cast<unsigned char>(bytes.front())));
        bytes.remove_prefix(1);
      }
      return;
    }
    std::string joined;
    if (!carry_.empty()) {
      joined = std::move(carry_);
      carry_.clear();
      joined.append(bytes);
      bytes = joined;
    }
    std::size_t run = 0;  // start of the current run of valid bytes
    std::size_t i = 0;
    while (i < bytes.size()) {
      i += ascii_prefix(bytes.substr(i));
      if (i == bytes.size()) break;
      auto b = static_cast<unsigned char>(bytes[i]);
      int n = utf8_sequence_length(bytes.substr(i));
      if (n > 0) {
        i += static_cast<std::size_t>(n);
        continue;
      }
      out.append(bytes.substr(run, i - run));
      if (n < 0) {  // cut by the chunk boundary: wait for the rest
        carry_.assign(bytes.substr(i));
        return;
      }
      fallback_byte(b, out);
      run = ++i;
    }
    out.append(bytes.substr(run));
  }

  Encoding encoding_ = Encoding::unknown;
  std::string held_;   // bytes before the decision
  std::string carry_;  // an incomplete UTF-8 sequence at the end of the last chunk
  bool bom_ = false;
  std::uint64_t mixed_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace tecsync::text
