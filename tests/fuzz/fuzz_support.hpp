#pragma once
// Shared bits of the fuzz harnesses: chunk plans derived from the input itself
// (so a crash reproduces from the saved input alone, and case files stay valid
// seeds byte for byte), a hard check that aborts with a message, and a text
// rendering of offers/rejects for whole-vs-chunked comparisons.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "tecsync/records.hpp"
#include "tecsync/status.hpp"

namespace fuzz {

/// Aborts (a libFuzzer finding) when `ok` is false.
inline void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property violated: %s\n", what);
  std::abort();
}

/// FNV-1a over the input: the seed of everything "random" a harness does.
inline std::uint64_t hash(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

/// A small deterministic generator (splitmix64).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t s_;
};

/// Splits `text` into pieces of 0..max_piece bytes (empty pieces included: a
/// transport may deliver them), deterministically from `seed`.
inline std::vector<std::string_view> chunks(std::string_view text, std::uint64_t seed, std::size_t max_piece = 17) {
  Rng rng(seed);
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t n = rng.below(max_piece + 1);
    if (n > text.size() - i) n = text.size() - i;
    out.push_back(text.substr(i, n));
    i += n;
  }
  return out;
}

inline std::string show(const std::optional<tecsync::Decimal>& d) { return d ? d->to_string() : "-"; }

inline std::string show(const tecsync::RowIssue& r) {
  return r.origin.resource + ":" + std::to_string(r.origin.line) + " [" + r.sku + "] " + r.code + " " + r.detail;
}

/// Everything the sink would see of one offer.
inline std::string show(const tecsync::Offer& o) {
  std::string s = o.origin.resource + ":" + std::to_string(o.origin.line) + " [" + o.sku + "] cost=" + show(o.cost) +
                  " " + o.currency + " vat=" + show(o.vat_percent) + " list=" + show(o.list_price) +
                  " at=" + std::to_string(o.observed_at.time_since_epoch().count());
  for (const auto& st : o.stock) s += " " + st.warehouse + "=" + st.quantity.to_string();
  for (const auto& w : o.warnings) s += " {" + show(w) + "}";
  return s;
}

inline std::string show(const tecsync::Status& s) {
  return std::to_string(static_cast<int>(s.outcome)) + "/" + s.error_class + "/" + s.detail;
}

}  // namespace fuzz
