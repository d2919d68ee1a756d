#pragma once
/// @file
/// `no_variant` product attributes and their values (specs and brand), found or
/// created once per cycle and cached: a spec line never multiplies variants.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "json_rpc.hpp"

namespace tecsync::odoo_rpc {

class AttributeCache {
 public:
  /// `dry_run`: nothing is created; missing ones get placeholder ids < 0.
  AttributeCache(JsonRpc& rpc, std::string lang, bool dry_run) : rpc_(rpc), lang_(std::move(lang)), dry_(dry_run) {}

  /// Makes sure every (label, value) pair has ids: at most one search and one
  /// create of attributes, then one search and one create of values.
  void resolve(const std::set<std::pair<std::string, std::string>>& pairs);
  std::int64_t attribute_id(const std::string& label) const;
  /// Finds (never creates) the `no_variant` attributes named `labels` that are
  /// not cached yet, in one search; `attribute_id` then knows them (0 = absent).
  void lookup(const std::set<std::string>& labels);
  std::int64_t value_id(const std::string& label, const std::string& value) const;

  std::int64_t attributes_created = 0, values_created = 0;

 private:
  void find(const std::set<std::string>& labels);

  JsonRpc& rpc_;
  std::string lang_;
  bool dry_;
  std::int64_t placeholder_ = 0;
  std::map<std::string, std::int64_t> attrs_;
  std::map<std::pair<std::string, std::string>, std::int64_t> values_;
};

}  // namespace tecsync::odoo_rpc
