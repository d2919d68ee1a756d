#include "deep_content.hpp"

#include <algorithm>

#include "characteristics.hpp"
#include "tecsync/text/header.hpp"
#include "tecsync/text/trim.hpp"

namespace tecsync::air {
namespace {

constexpr std::size_t kMaxLabelBytes = 60;  // longer "labels" are sentences with a colon

void add_note(ProductContent& c, std::string_view note) {
  if (!c.description.empty()) c.description += '\n';
  c.description.append(note);
}

// FNV-1a over the fields, with separators so that ("ab","c") ≠ ("a","bc").
struct Digest {
  std::uint64_t h = 1469598103934665603ull;
  void add(std::string_view s) {
    for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ull;
    h = (h ^ 0x1f) * 1099511628211ull;
  }
};

}  // namespace

void warn(ProductContent& content, std::string code, std::string detail) {
  content.warnings.push_back({content.origin, content.sku, std::move(code), std::move(detail)});
}

void add_spec(ProductContent& c, std::string_view label, std::string_view value) {
  label = text::trim(label);
  value = text::trim(value);
  if (label.empty() || value.empty()) return;
  if (is_part_number_label(label)) {
    std::string pn = part_number_value(value);
    if (c.mpn.empty()) c.mpn = std::move(pn);
    return;
  }
  std::string key = text::fold_header(label);
  for (const auto& s : c.specs) {
    if (text::fold_header(s.label) != key) continue;
    if (s.value != value)
      warn(c, "DUPLICATE_SPEC",
           "'" + std::string(label) + "' given twice ('" + s.value + "', '" + std::string(value) + "'); first kept");
    return;
  }
  c.specs.push_back({std::string(label), std::string(value)});
}

void apply_characteristics(ProductContent& c, std::string_view text) {
  for (const auto& item : parse_specs(text)) {
    if (item.label.empty() || item.label.size() > kMaxLabelBytes) {
      add_note(c, item.label.empty() ? item.value : item.label + ": " + item.value);
      continue;
    }
    add_spec(c, item.label, item.value);
  }
}

void add_images(ProductContent& c, const std::vector<std::string>& cells) {
  for (const auto& cell : cells) {
    std::string_view t = text::trim(cell);
    if (t.empty() || t == "-") continue;
    if (t.rfind("http", 0) != 0) {
      warn(c, "IMAGE_URL_SKIPPED", "'" + std::string(t.substr(0, 80)) + "' is not an http(s) URL");
      continue;
    }
    if (std::find(c.image_urls.begin(), c.image_urls.end(), t) == c.image_urls.end()) c.image_urls.emplace_back(t);
  }
}

std::uint64_t content_digest(const ProductContent& c) {
  Digest d;
  for (std::string_view s :
       {std::string_view(c.name), std::string_view(c.mpn), std::string_view(c.brand), std::string_view(c.description),
        std::string_view(c.barcode), std::string_view(c.currency)})
    d.add(s);
  for (const auto& p : c.category) d.add(p);
  for (const auto& s : c.specs) {
    d.add(s.label);
    d.add(s.value);
  }
  for (const auto& u : c.image_urls) d.add(u);
  d.add(c.weight_kg ? c.weight_kg->to_string(6) : "");
  if (c.dimensions_cm)
    for (const auto& x : {c.dimensions_cm->length, c.dimensions_cm->width, c.dimensions_cm->height})
      d.add(x.to_string(6));
  d.add(c.cost ? c.cost->to_string(6) : "");
  return d.h;
}

Status ContentStream::send_facts() {
  if (facts_sent_) return Status::ok();
  facts_sent_ = true;
  return out_.facts(facts_);
}

Status ContentStream::add(ProductContent&& content) {
  if (Status s = send_facts(); !s) return s;
  ++rows_;
  std::uint64_t digest = content_digest(content);
  auto [it, inserted] = seen_.try_emplace(content.sku, Seen{digest, content.origin.line});
  if (inserted) {
    batch_.contents.push_back(std::move(content));
    return flush_if_full();
  }
  const bool same = it->second.digest == digest;
  batch_.warnings.push_back({content.origin, content.sku, same ? "DUPLICATE_IDENTICAL" : "DUPLICATE_CONTENT",
                             (same ? "same content as line " : "differs from line ") + std::to_string(it->second.line) +
                                 "; the first is kept"});
  return flush_if_full();
}

Status ContentStream::reject(RowIssue&& issue) {
  if (Status s = send_facts(); !s) return s;
  ++rows_;
  batch_.rejects.push_back(std::move(issue));
  return flush_if_full();
}

Status ContentStream::warning(RowIssue&& issue) {
  if (Status s = send_facts(); !s) return s;
  ++rows_;
  batch_.warnings.push_back(std::move(issue));
  return flush_if_full();
}

Status ContentStream::flush_if_full() {
  std::size_t limit = std::max<std::size_t>(out_.batch_size(), 1);
  if (batch_.contents.size() >= limit || batch_.rejects.size() >= limit || batch_.warnings.size() >= limit)
    return flush();
  return Status::ok();
}

Status ContentStream::flush() {
  if (Status s = send_facts(); !s) return s;
  if (batch_.contents.empty() && batch_.rejects.empty() && batch_.warnings.empty()) return Status::ok();
  emitted_ += batch_.contents.size();
  OfferBatch full = std::move(batch_);
  batch_ = OfferBatch{};
  return out_.emit(std::move(full));
}

Status ContentStream::finish() { return flush(); }

}  // namespace tecsync::air
