#pragma once
/// @file
/// product.category by full path (`Air / Notebooks`, Odoo's `complete_name`),
/// found or created parent first, cached for the cycle.

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "json_rpc.hpp"

namespace tecsync::odoo_rpc {

class CategoryCache {
 public:
  /// `dry_run`: nothing is created; missing ones get placeholder ids < 0.
  CategoryCache(JsonRpc& rpc, bool dry_run) : rpc_(rpc), dry_(dry_run) {}

  /// Ids for every path: one search, then one create per missing depth.
  void resolve(const std::set<std::string>& paths);
  std::int64_t id(const std::string& path) const;

  std::int64_t created = 0;

 private:
  JsonRpc& rpc_;
  bool dry_;
  std::int64_t placeholder_ = 0;
  std::map<std::string, std::int64_t> ids_;
};

}  // namespace tecsync::odoo_rpc
