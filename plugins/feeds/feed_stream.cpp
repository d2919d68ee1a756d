#include "feed_stream.hpp"

#include <algorithm>

namespace tecsync::feeds {
namespace {

std::string fingerprint(const Offer& o) {
  auto num = [](const std::optional<Decimal>& d) { return d ? d->to_string() : std::string("-"); };
  std::string f = "cost " + num(o.cost) + " " + o.currency + "; VAT " + num(o.vat_percent);
  for (const auto& s : o.stock) f += "; " + s.warehouse + " " + s.quantity.to_string(0);
  return f;
}

std::string at(const Origin& o) { return o.resource + " line " + std::to_string(o.line); }

}  // namespace

Status FeedStream::begin_row() {
  ++rows_;
  if (facts_sent_) return Status::ok();
  // Facts go first, with the first row: the sink begins (and finds a missing
  // location or a down database) before the rest of the feed is read.
  facts_sent_ = true;
  return out_.facts(facts_);
}

Status FeedStream::add(Offer&& offer) {
  if (Status s = begin_row(); !s) return s;
  std::string fp = fingerprint(offer);
  auto [it, fresh] = seen_.try_emplace(offer.sku);
  Seen& seen = it->second;
  if (fresh) {
    seen.fingerprint = std::move(fp);
    seen.first = offer.origin;
    ++offers_;
    batch_.offers.push_back(std::move(offer));
  } else if (seen.conflicted) {
    batch_.rejects.push_back({offer.origin, offer.sku, "DUPLICATE_CONFLICT",
                              "SKU already rejected for conflicting rows (first at " + at(seen.first) + ")"});
  } else if (seen.fingerprint == fp) {
    batch_.warnings.push_back(
        {offer.origin, offer.sku, "DUPLICATE_IDENTICAL", "same values as " + at(seen.first) + "; kept once"});
  } else {
    seen.conflicted = true;
    std::string why = seen.fingerprint + " vs " + fp;
    batch_.rejects.push_back(
        {seen.first, offer.sku, "DUPLICATE_CONFLICT", "conflicts with " + at(offer.origin) + ": " + why});
    batch_.rejects.push_back(
        {offer.origin, offer.sku, "DUPLICATE_CONFLICT", "conflicts with " + at(seen.first) + ": " + why});
    auto removed = std::erase_if(batch_.offers, [&](const Offer& o) { return o.sku == offer.sku; });
    offers_ -= removed;
  }
  return flush(false);
}

Status FeedStream::reject(RowIssue&& issue) {
  if (Status s = begin_row(); !s) return s;
  batch_.rejects.push_back(std::move(issue));
  return flush(false);
}

Status FeedStream::flush(bool force) {
  std::size_t limit = std::max<std::size_t>(out_.batch_size(), 1);
  bool full = batch_.offers.size() >= limit || batch_.rejects.size() >= limit || batch_.warnings.size() >= limit;
  if (!full && !force) return Status::ok();
  if (!facts_sent_) {
    facts_sent_ = true;
    if (Status s = out_.facts(facts_); !s) return s;
  }
  if (batch_.offers.empty() && batch_.rejects.empty() && batch_.warnings.empty()) return Status::ok();
  OfferBatch done = std::move(batch_);
  batch_ = OfferBatch{};
  return out_.emit(std::move(done));
}

Status FeedStream::finish() { return flush(true); }

}  // namespace tecsync::feeds
