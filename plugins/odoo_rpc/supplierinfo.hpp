#pragma once
/// @file
/// The supplier's `product.supplierinfo` line of a product (odoo-facts §2: no
/// unique key, so the sink finds its own line: partner = the configured
/// supplier, `product_code` = SKU) and the currencies its prices are in.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "json_rpc.hpp"

namespace tecsync::odoo_rpc {

/// res.currency ids by ISO code, inactive ones included (ARS is inactive in a fresh database).
class CurrencyCache {
 public:
  explicit CurrencyCache(JsonRpc& rpc) : rpc_(rpc) {}
  void resolve(const std::set<std::string>& codes);
  std::int64_t id(const std::string& code) const;  ///< 0 = unknown to Odoo

 private:
  JsonRpc& rpc_;
  std::map<std::string, std::int64_t> ids_;
};

/// The supplier's existing lines of `template_ids`: template id → line id (the
/// line whose product_code is the SKU, else the first). One search_read.
std::map<std::int64_t, std::int64_t> find_seller_lines(JsonRpc& rpc, std::int64_t partner_id,
                                                       const std::vector<std::int64_t>& template_ids,
                                                       const std::map<std::int64_t, std::string>& sku_of);

/// `seller_ids` commands: update line `line_id` (> 0) or create one.
nlohmann::json seller_command(std::int64_t line_id, std::int64_t partner_id, const std::string& sku,
                              const nlohmann::json& price, std::int64_t currency_id);

}  // namespace tecsync::odoo_rpc
