#include "offer_stream.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace tecsync::air {
namespace {

// "cost 12.50 vs 13.10; S_BUE 10 vs 0": what differs between two fingerprints.
std::string describe_difference(const std::string& a, const std::string& b) {
  auto split = [](const std::string& s) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t start = 0;
    while (start <= s.size()) {
      std::size_t end = s.find('|', start);
      if (end == std::string::npos) end = s.size();
      std::string part = s.substr(start, end - start);
      std::size_t eq = part.find('=');
      out.emplace_back(part.substr(0, eq), eq == std::string::npos ? "" : part.substr(eq + 1));
      start = end + 1;
    }
    return out;
  };
  auto pa = split(a), pb = split(b);
  std::string out;
  for (std::size_t i = 0; i < std::min(pa.size(), pb.size()); ++i) {
    if (pa[i].second == pb[i].second) continue;
    if (!out.empty()) out += "; ";
    out += pa[i].first + " " + (pa[i].second.empty() ? "-" : pa[i].second) + " vs " +
           (pb[i].second.empty() ? "-" : pb[i].second);
  }
  return out;
}

std::string where(const std::string& resource, std::uint64_t line) {
  return resource + " line " + std::to_string(line);
}

}  // namespace

// Shortest exact text: 12.5, 10 (readable in a duplicate report).
static std::string plain(Decimal d) {
  std::string s = d.to_string(Decimal::kScale);
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string fingerprint(const Offer& o) {
  std::string f = "cost=" + (o.cost ? plain(*o.cost) : std::string()) + "|currency=" + o.currency +
                  "|vat=" + (o.vat_percent ? plain(*o.vat_percent) : std::string());
  for (const auto& s : o.stock) f += "|" + s.warehouse + "=" + plain(s.quantity);
  return f;
}

// A record, in arena bytes (all integers LEB128 varints):
//   head = SKU length << 3 | flags   (flags in the first byte, so they can be set in place)
//   SKU bytes, line, resource index, shape index,
//   cost if has_cost, VAT if has_vat, then one quantity per warehouse of the shape.
// A Decimal is written as its units with trailing zeros stripped:
// zigzag(units / 10^z) << 3 | z for z ≤ 6, so 12.50 (12'500'000 units)
// takes 2 bytes instead of 8; z = 7 marks the raw zigzag units after it.
namespace {

constexpr unsigned kConflicted = 1, kHasCost = 2, kHasVat = 4;
constexpr std::size_t kChunkBytes = std::size_t{1} << 18;  // arena chunk; offsets need < 2^20
constexpr std::uint64_t kLocationBits = 40;                // slot = tag << 40 | chunk << 20 | offset
constexpr std::size_t kShards = 256;

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::uint64_t get_varint(const unsigned char*& p) {
  std::uint64_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    const unsigned char b = *p++;
    v |= std::uint64_t{b & 0x7fu} << shift;
    if (!(b & 0x80)) return v;
  }
}

std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t unzigzag(std::uint64_t v) { return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1); }

void put_units(std::string& out, std::int64_t units) {
  std::int64_t m = units;
  std::uint64_t z = 0;
  while (z < 6 && m != 0 && m % 10 == 0) m /= 10, ++z;
  if (const std::uint64_t zz = zigzag(m); zz < (std::uint64_t{1} << 60)) return put_varint(out, zz << 3 | z);
  put_varint(out, 7);
  put_varint(out, zigzag(units));
}

std::int64_t get_units(const unsigned char*& p) {
  const std::uint64_t v = get_varint(p);
  if ((v & 7) == 7) return unzigzag(get_varint(p));
  std::int64_t m = unzigzag(v >> 3);
  for (std::uint64_t z = v & 7; z; --z) m *= 10;
  return m;
}

}  // namespace

bool OfferStream::Seen::conflicted() const { return *head & kConflicted; }
void OfferStream::Seen::set_conflicted() { *head |= kConflicted; }

std::uint32_t OfferStream::resource_index(const std::string& resource) {
  if (resources_.empty() || resources_.back() != resource) resources_.push_back(resource);
  return static_cast<std::uint32_t>(resources_.size() - 1);
}

std::uint32_t OfferStream::shape_index(const Offer& o) {
  auto matches = [&](const std::vector<std::string>& shape) {
    if (shape.size() != o.stock.size() + 1 || shape[0] != o.currency) return false;
    for (std::size_t i = 0; i < o.stock.size(); ++i)
      if (shape[i + 1] != o.stock[i].warehouse) return false;
    return true;
  };
  if (last_shape_ < shapes_.size() && matches(shapes_[last_shape_])) return last_shape_;
  for (std::size_t i = 0; i < shapes_.size(); ++i)
    if (matches(shapes_[i])) return last_shape_ = static_cast<std::uint32_t>(i);
  std::vector<std::string> shape{o.currency};
  for (const auto& s : o.stock) shape.push_back(s.warehouse);
  shapes_.push_back(std::move(shape));
  return last_shape_ = static_cast<std::uint32_t>(shapes_.size() - 1);
}

unsigned char* OfferStream::record_at(std::uint64_t location) {
  return arena_[(location >> 20) & 0xfffff].get() + (location & 0xfffff);
}

std::uint64_t OfferStream::append_record(const Offer& o) {
  record_.clear();
  const unsigned flags = (o.cost ? kHasCost : 0) | (o.vat_percent ? kHasVat : 0);
  put_varint(record_, std::uint64_t{o.sku.size()} << 3 | flags);
  record_ += o.sku;
  put_varint(record_, o.origin.line);
  put_varint(record_, resource_index(o.origin.resource));
  put_varint(record_, shape_index(o));
  if (o.cost) put_units(record_, o.cost->units());
  if (o.vat_percent) put_units(record_, o.vat_percent->units());
  for (const auto& s : o.stock) put_units(record_, s.quantity.units());
  if (arena_.empty() || arena_used_ + record_.size() > arena_limit_) {
    if (arena_.size() >= (std::size_t{1} << 20))
      throw std::length_error("air: more SKUs than the duplicate table holds");
    // A record longer than a chunk (a huge SKU) gets a chunk of its own, at offset 0.
    arena_limit_ = std::max(kChunkBytes, record_.size());
    arena_.push_back(std::make_unique_for_overwrite<unsigned char[]>(arena_limit_));
    arena_used_ = 0;
  }
  std::copy(record_.begin(), record_.end(), arena_.back().get() + arena_used_);
  const std::uint64_t location = (std::uint64_t{arena_.size() - 1} << 20) | arena_used_;
  arena_used_ += record_.size();
  return location;
}

// The home of a slot, from its tag alone (multiply-shift onto the shard's
// size), so growing a shard never reads the records back.
static std::size_t home(std::uint64_t tag, std::size_t size) { return static_cast<std::size_t>((tag * size) >> 24); }

void OfferStream::grow(std::vector<std::uint64_t>& shard) {
  std::vector<std::uint64_t> bigger(std::max<std::size_t>(16, shard.size() + shard.size() / 4), 0);
  for (const std::uint64_t slot : shard) {
    if (!slot) continue;
    std::size_t i = home(slot >> kLocationBits, bigger.size());
    while (bigger[i]) i = i + 1 == bigger.size() ? 0 : i + 1;
    bigger[i] = slot;
  }
  shard = std::move(bigger);
}

OfferStream::Seen OfferStream::seen_for(const Offer& offer, bool& inserted) {
  if (shards_.empty()) {
    shards_.resize(kShards);
    shard_counts_.resize(kShards);
  }
  const std::uint64_t h = std::hash<std::string>{}(offer.sku);
  const std::size_t s = h >> 56;
  std::vector<std::uint64_t>& shard = shards_[s];
  if ((shard_counts_[s] + 1) * 5 > shard.size() * 4) grow(shard);              // load <= 0.8: short probes
  const std::uint64_t tag = std::max<std::uint64_t>(1, (h >> 32) & 0xffffff);  // never 0: 0 = free
  std::size_t i = home(tag, shard.size());
  Seen seen;
  for (;; i = i + 1 == shard.size() ? 0 : i + 1) {
    const std::uint64_t slot = shard[i];
    if (!slot) {
      const std::uint64_t location = append_record(offer);
      shard[i] = tag << kLocationBits | location;
      ++shard_counts_[s];
      inserted = true;
      seen.head = record_at(location);
      return seen;
    }
    if (slot >> kLocationBits != tag) continue;
    unsigned char* head = record_at(slot & ((std::uint64_t{1} << kLocationBits) - 1));
    const unsigned char* p = head;
    const std::uint64_t first = get_varint(p);
    if ((first >> 3) != offer.sku.size() || !std::equal(offer.sku.begin(), offer.sku.end(), p)) continue;
    p += offer.sku.size();
    seen.head = head;
    seen.line = get_varint(p);
    seen.resource = static_cast<std::uint32_t>(get_varint(p));
    seen.shape = static_cast<std::uint32_t>(get_varint(p));
    if (first & kHasCost) seen.cost = get_units(p);
    if (first & kHasVat) seen.vat = get_units(p);
    seen.stock = p;
    inserted = false;
    return seen;
  }
}

// Equal values ⇔ equal fingerprints: `plain` prints every unit, so two
// decimals print alike exactly when their units are equal; shapes are
// interned, so equal indexes ⇔ equal currency and warehouses.
bool OfferStream::same_values(const Seen& seen, const Offer& o) {
  auto units = [](const std::optional<Decimal>& d) {
    return d ? std::optional<std::int64_t>(d->units()) : std::nullopt;
  };
  if (seen.cost != units(o.cost) || seen.vat != units(o.vat_percent) || seen.shape != shape_index(o)) return false;
  const unsigned char* p = seen.stock;
  for (const auto& s : o.stock)
    if (get_units(p) != s.quantity.units()) return false;
  return true;
}

std::string OfferStream::fingerprint_of(const Seen& seen) const {
  Offer o;
  if (seen.cost) o.cost = Decimal::from_units(*seen.cost);
  if (seen.vat) o.vat_percent = Decimal::from_units(*seen.vat);
  const std::vector<std::string>& shape = shapes_[seen.shape];
  o.currency = shape[0];
  const unsigned char* p = seen.stock;
  for (std::size_t i = 1; i < shape.size(); ++i) o.stock.push_back({shape[i], Decimal::from_units(get_units(p))});
  return fingerprint(o);
}

Status OfferStream::send_facts() {
  if (facts_sent_ && sent_list_time_ == facts_.list_time) return Status::ok();
  facts_sent_ = true;
  sent_list_time_ = facts_.list_time;
  return out_.facts(facts_);
}

Status OfferStream::add(Offer&& offer) {
  // The first row: the facts are known (a sheet's FECHA is read with it), so
  // the sink can begin — and find a missing location or a down database —
  // before the rest of the feed is downloaded.
  if (!facts_sent_)
    if (Status s = send_facts(); !s) return s;
  ++rows_;
  bool inserted = false;
  Seen seen = seen_for(offer, inserted);
  if (inserted) {
    batch_.offers.push_back(std::move(offer));
    return flush_if_full();
  }
  const std::string& first_resource = resources_[seen.resource];
  if (seen.conflicted()) {
    batch_.rejects.push_back(
        {offer.origin, offer.sku, "DUPLICATE_CONFLICT",
         "SKU already rejected for conflicting rows (first at " + where(first_resource, seen.line) + ")"});
  } else if (same_values(seen, offer)) {
    batch_.warnings.push_back({offer.origin, offer.sku, "DUPLICATE_IDENTICAL",
                               "same values as " + where(first_resource, seen.line) + "; kept once"});
    return flush_if_full();
  } else {
    seen.set_conflicted();
    std::string diff = describe_difference(fingerprint_of(seen), fingerprint(offer));
    batch_.rejects.push_back({Origin{first_resource, seen.line}, offer.sku, "DUPLICATE_CONFLICT",
                              "conflicts with " + where(offer.origin.resource, offer.origin.line) + ": " + diff});
    batch_.rejects.push_back({offer.origin, offer.sku, "DUPLICATE_CONFLICT",
                              "conflicts with " + where(first_resource, seen.line) + ": " + diff});
    // Take the first row back if it has not left yet; else the sink drops it.
    std::erase_if(batch_.offers, [&](const Offer& o) { return o.sku == offer.sku; });
  }
  return flush_if_full();
}

Status OfferStream::reject(RowIssue&& issue) {
  if (!facts_sent_)
    if (Status s = send_facts(); !s) return s;
  ++rows_;
  batch_.rejects.push_back(std::move(issue));
  return flush_if_full();
}

Status OfferStream::flush_if_full() {
  std::size_t limit = std::max<std::size_t>(out_.batch_size(), 1);
  if (batch_.offers.size() >= limit || batch_.rejects.size() >= limit || batch_.warnings.size() >= limit)
    return flush();
  return Status::ok();
}

Status OfferStream::flush() {
  if (Status s = send_facts(); !s) return s;  // first time, or the list time became known
  if (batch_.offers.empty() && batch_.rejects.empty() && batch_.warnings.empty()) return Status::ok();
  offers_emitted_ += batch_.offers.size();
  OfferBatch full = std::move(batch_);
  batch_ = OfferBatch{};
  return out_.emit(std::move(full));
}

Status OfferStream::finish() { return flush(); }

}  // namespace tecsync::air
