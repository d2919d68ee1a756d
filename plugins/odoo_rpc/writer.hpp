#pragma once
/// @file
/// Lands one chunk of planned products in Odoo with few round trips: one search
/// by default_code, one `create` with a list, `write`s grouped where the values
/// are equal, images in bounded parallel downloads, then the pulses grouped by
/// text, and finally tecsync's content hashes of what Odoo accepted.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "attributes.hpp"
#include "categories.hpp"
#include "config.hpp"
#include "cycle_history.hpp"
#include "images.hpp"
#include "json_rpc.hpp"
#include "plan.hpp"
#include "profile.hpp"
#include "state_store.hpp"
#include "supplierinfo.hpp"

namespace tecsync::odoo_rpc {

/// What `begin` learned about the target.
struct Target {
  Profile profile;
  std::int64_t uid = 0;
  std::int64_t partner_id = 0;     ///< the supplier's res.partner
  bool has_product_image = false;  ///< model product.image exists (website_sale)
};

/// The cycle's counts (CycleSummary::counts, in this order).
struct Counts {
  std::int64_t contents_read = 0, duplicates = 0, rejects_in = 0;
  std::int64_t products_created = 0, products_updated = 0, products_unchanged = 0;
  std::int64_t unknown_sku = 0, ambiguous_sku = 0, api_errors = 0, barcode_clash = 0, unknown_currency = 0;
  std::int64_t images_downloaded = 0, images_failed = 0, images_written = 0, pulses_written = 0;
  std::int64_t attributes_created = 0, values_created = 0, categories_created = 0;
  std::int64_t lost_creates = 0;  ///< products a create made although its answer was lost (found by default_code)
  std::string first_api_error, first_image_error, first_barcode_clash;  ///< `SKU: detail` for the cycle pulse
  /// Per-product issues for tecsync.reject (API errors, images, unknown or
  /// ambiguous SKUs, skipped fields), and the source's rejects and warnings.
  std::vector<tecsync::history::IssueRow> issues;
};

class ProductWriter {
 public:
  /// `suffix` ends every pulse written (` · deep · <UTC time>`). In a dry run
  /// only reads are sent; `changes` gets one line per planned change.
  ProductWriter(JsonRpc& rpc, HttpClient& http, const RpcConfig& config, const Target& target, StateStore& store,
                bool dry_run, std::string suffix, Counts& counts, std::vector<std::string>& changes,
                std::size_t change_limit);

  /// Applies `chunk` (≤ batch_size products, SKUs unique). Record errors become
  /// that product's `❌ API Error` pulse; a failure that ends the cycle throws
  /// RpcFailure (hashes of earlier chunks stay: Odoo accepted them).
  void apply(std::vector<Planned>& chunk);

 private:
  struct Item;
  void find_existing(std::vector<Item>& items);
  void check_barcodes(std::vector<Item>& items);
  void resolve_references(std::vector<Item>& items);
  nlohmann::json vals_for(const Item& item) const;
  void create_new(std::vector<Item>& items);
  void recover_lost_create(std::vector<Item*>& fresh, const nlohmann::json& vals, const RpcOutcome& lost);
  void write_changed(std::vector<Item>& items);
  void land_images(std::vector<Item>& items);
  void land_image_group(std::vector<Item*>& group);
  void write_pulses(std::vector<Item>& items);
  void save_state(std::vector<Item>& items);
  void change(const std::string& line);
  /// One tecsync.reject row about `sku` (kind reject | warning | outcome; `model` as the resource).
  void issue(const std::string& sku, const char* code, const std::string& detail, const char* kind, const char* model);

  JsonRpc& rpc_;
  HttpClient& http_;
  const RpcConfig& config_;
  const Target& target_;
  StateStore& store_;
  bool dry_;
  std::string suffix_;
  Counts& counts_;
  std::vector<std::string>& changes_;
  std::size_t change_limit_;
  std::int64_t changes_seen_ = 0;
  std::map<std::string, StoredState> stored_;  ///< the chunk's saved rows, by SKU
  AttributeCache attributes_;
  CategoryCache categories_;
  CurrencyCache currencies_;
  nlohmann::json lang_ctx_;
};

}  // namespace tecsync::odoo_rpc
