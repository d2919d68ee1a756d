#include "offer_stream.hpp"

#include <algorithm>
#include <functional>

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

std::uint32_t OfferStream::resource_index(const std::string& resource) {
  if (resources_.empty() || resources_.back() != resource) resources_.push_back(resource);
  return static_cast<std::uint32_t>(resources_.size() - 1);
}

std::uint32_t OfferStream::name_index(const std::string& name) {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return static_cast<std::uint32_t>(i);
  names_.push_back(name);
  return static_cast<std::uint32_t>(names_.size() - 1);
}

void OfferStream::grow_slots() {
  std::vector<std::uint64_t> slots(std::max<std::size_t>(1024, slots_.size() * 2), 0);
  const std::size_t mask = slots.size() - 1;
  for (std::size_t e = 0; e < entries_.size(); ++e) {
    const std::uint64_t h = std::hash<std::string>{}(entries_[e].sku);
    std::size_t i = h & mask;
    while (slots[i]) i = (i + 1) & mask;
    slots[i] = (h >> 32 << 32) | (e + 1);
  }
  slots_ = std::move(slots);
}

OfferStream::Seen& OfferStream::entry_for(const std::string& sku, bool& inserted) {
  if ((entries_.size() + 1) * 2 > slots_.size()) grow_slots();  // load factor <= 1/2: short probes
  const std::uint64_t h = std::hash<std::string>{}(sku);
  const std::uint64_t tag = h >> 32 << 32;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (!slot) {
      slots_[i] = tag | (entries_.size() + 1);
      inserted = true;
      return entries_.emplace_back(Entry{sku, Seen{}}).seen;
    }
    if ((slot & ~std::uint64_t{0xffffffff}) == tag) {
      Entry& e = entries_[(slot & 0xffffffff) - 1];
      if (e.sku == sku) {
        inserted = false;
        return e.seen;
      }
    }
  }
}

void OfferStream::remember(Seen& seen, const Offer& o) {
  seen.has_cost = o.cost.has_value();
  seen.cost = o.cost ? o.cost->units() : 0;
  seen.has_vat = o.vat_percent.has_value();
  seen.vat = o.vat_percent ? o.vat_percent->units() : 0;
  seen.currency = name_index(o.currency);
  seen.stock_at = static_cast<std::uint32_t>(stock_pool_.size());
  seen.stock_count = static_cast<std::uint32_t>(o.stock.size());
  for (const auto& s : o.stock) stock_pool_.push_back({name_index(s.warehouse), s.quantity.units()});
}

// Equal values ⇔ equal fingerprints: `plain` prints every unit, so two
// decimals print alike exactly when their units are equal.
bool OfferStream::same_values(const Seen& seen, const Offer& o) const {
  if (seen.has_cost != o.cost.has_value() || (o.cost && seen.cost != o.cost->units())) return false;
  if (seen.has_vat != o.vat_percent.has_value() || (o.vat_percent && seen.vat != o.vat_percent->units())) return false;
  if (names_[seen.currency] != o.currency || seen.stock_count != o.stock.size()) return false;
  for (std::size_t i = 0; i < o.stock.size(); ++i) {
    const SeenStock& s = stock_pool_[seen.stock_at + i];
    if (s.quantity != o.stock[i].quantity.units() || names_[s.warehouse] != o.stock[i].warehouse) return false;
  }
  return true;
}

std::string OfferStream::fingerprint_of(const Seen& seen) const {
  Offer o;
  if (seen.has_cost) o.cost = Decimal::from_units(seen.cost);
  if (seen.has_vat) o.vat_percent = Decimal::from_units(seen.vat);
  o.currency = names_[seen.currency];
  for (std::uint32_t i = 0; i < seen.stock_count; ++i) {
    const SeenStock& s = stock_pool_[seen.stock_at + i];
    o.stock.push_back({names_[s.warehouse], Decimal::from_units(s.quantity)});
  }
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
  Seen& seen = entry_for(offer.sku, inserted);
  if (inserted) {
    remember(seen, offer);
    seen.resource = resource_index(offer.origin.resource);
    seen.line = offer.origin.line;
    batch_.offers.push_back(std::move(offer));
    return flush_if_full();
  }
  const std::string& first_resource = resources_[seen.resource];
  if (seen.conflicted) {
    batch_.rejects.push_back(
        {offer.origin, offer.sku, "DUPLICATE_CONFLICT",
         "SKU already rejected for conflicting rows (first at " + where(first_resource, seen.line) + ")"});
  } else if (same_values(seen, offer)) {
    batch_.warnings.push_back({offer.origin, offer.sku, "DUPLICATE_IDENTICAL",
                               "same values as " + where(first_resource, seen.line) + "; kept once"});
    return flush_if_full();
  } else {
    seen.conflicted = true;
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
