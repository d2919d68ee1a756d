#pragma once
/// @file
/// Building a `ProductContent` (the deep strategy's record) from Air's free
/// text and lists, and streaming contents in bounded batches.
///
/// Rules shared by the characteristics CSV and the API's `get_meta`:
///  * a spec whose label is a part-number label (`Nº Parte`, `PN`, `Part
///    Number`, … see characteristics.hpp) is not a spec: its value, up to the
///    first `,`, becomes `mpn` when `mpn` is still empty;
///  * labels are unique after folding (trim, case, accents): the first wins and
///    a later one is a `DUPLICATE_SPEC` warning on the product;
///  * an item with an empty label or value is skipped (an empty value is not an
///    Odoo attribute value); a label longer than 60 bytes is a note;
///  * notes (pieces without `Label:`) become `description`, one per line;
///  * images: only `http…` cells/strings, in order, exact repeats dropped; a
///    non-empty cell that is neither `-` nor `http…` is an `IMAGE_URL_SKIPPED`
///    warning.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tecsync/plugin.hpp"
#include "tecsync/records.hpp"

namespace tecsync::air {

/// Adds a warning at the content's own origin and SKU.
void warn(ProductContent& content, std::string code, std::string detail);

/// Adds one `label: value` item by the rules above.
void add_spec(ProductContent& content, std::string_view label, std::string_view value);

/// Parses a `CARACTERISTICAS` text (`Label: value | Label: value`, line breaks
/// also separate items) into `content.specs`, `mpn` and `description` (notes).
void apply_characteristics(ProductContent& content, std::string_view text);

/// Appends the image URLs among `cells` by the rules above.
void add_images(ProductContent& content, const std::vector<std::string>& cells);

/// A short digest of everything a content says (for duplicate detection).
std::uint64_t content_digest(const ProductContent& content);

/// Where a deep read puts its records: de-duplicates SKUs over the whole feed
/// (memory: one digest per distinct SKU), fills batches of at most
/// `Emitter::batch_size()` contents and hands them on, facts first.
/// A repeat of a SKU is dropped: `DUPLICATE_IDENTICAL` (batch warning) when
/// its content equals the first's, else `DUPLICATE_CONTENT` (batch warning,
/// the first row's content is kept).
class ContentStream {
 public:
  explicit ContentStream(Emitter& out) : out_(out) {}
  StreamFacts& facts() { return facts_; }
  /// Hands the facts on now (the pipeline begins the sink), once.
  Status send_facts();
  /// True when `sku` was already added (an API page overlap): its meta need not be fetched.
  bool seen(const std::string& sku) const { return seen_.count(sku) > 0; }
  Status add(ProductContent&& content);
  Status reject(RowIssue&& issue);
  /// A batch-level warning (a repeated list item skipped before its meta was fetched).
  Status warning(RowIssue&& issue);
  Status finish();

  std::uint64_t rows() const { return rows_; }
  std::uint64_t contents_emitted() const { return emitted_; }

 private:
  struct Seen {
    std::uint64_t digest = 0;
    std::uint64_t line = 0;
  };
  Status flush_if_full();
  Status flush();

  Emitter& out_;
  StreamFacts facts_;
  bool facts_sent_ = false;
  OfferBatch batch_;
  std::unordered_map<std::string, Seen> seen_;
  std::uint64_t rows_ = 0;
  std::uint64_t emitted_ = 0;
};

}  // namespace tecsync::air
