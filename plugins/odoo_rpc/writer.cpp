#include "writer.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "lookups.hpp"
#include "tecsync/status.hpp"

namespace tecsync::odoo_rpc {

using nlohmann::json;

/// One product's way through the chunk.
struct ProductWriter::Item {
  Planned* plan = nullptr;
  const StoredState* stored = nullptr;  ///< last accepted state, only when it is about this template
  std::int64_t tmpl = 0;
  bool is_new = false;
  bool skip = false;              ///< unknown / ambiguous: nothing is written
  std::vector<std::string> keys;  ///< planned fields to write
  std::set<std::string> dropped;  ///< planned fields not written (barcode clash, unknown currency)
  bool need_images = false;
  bool images_ok = true;
  std::string api_error;  ///< Odoo refused this product's create/write
  std::vector<std::string> image_errors;
  std::string warning_title, warning_detail;  ///< a field-level warning for the pulse
  std::int64_t seller_line = 0;
  std::vector<std::string> dropped_labels;  ///< attributes tecsync wrote last time that the supplier no longer lists
  std::map<std::int64_t, std::pair<std::int64_t, std::vector<std::int64_t>>> lines;  ///< attribute → (line, values)
  std::string pulse;
  bool pulse_ok = false;
  bool has(const std::string& k) const { return std::find(keys.begin(), keys.end(), k) != keys.end(); }
};

ProductWriter::ProductWriter(JsonRpc& rpc, HttpClient& http, const RpcConfig& config, const Target& target,
                             StateStore& store, bool dry_run, std::string suffix, Counts& counts,
                             std::vector<std::string>& changes, std::size_t change_limit)
    : rpc_(rpc),
      http_(http),
      config_(config),
      target_(target),
      store_(store),
      dry_(dry_run),
      suffix_(std::move(suffix)),
      counts_(counts),
      changes_(changes),
      change_limit_(change_limit),
      attributes_(rpc, config.lang, dry_run),
      categories_(rpc, dry_run),
      currencies_(rpc),
      lang_ctx_({{"lang", config.lang}}) {}

void ProductWriter::issue(const std::string& sku, const char* code, const std::string& detail, const char* kind,
                          const char* model) {
  counts_.issues.push_back({model, 0, sku, code, detail, kind});
}

void ProductWriter::change(const std::string& line) {
  ++changes_seen_;
  if (dry_ && changes_.size() < change_limit_) changes_.push_back(line);
}

void ProductWriter::apply(std::vector<Planned>& chunk) {
  std::vector<Item> items(chunk.size());
  for (std::size_t i = 0; i < chunk.size(); ++i) items[i].plan = &chunk[i];
  find_existing(items);
  check_barcodes(items);
  resolve_references(items);
  create_new(items);
  write_changed(items);
  land_images(items);
  write_pulses(items);
  if (!dry_) save_state(items);
  counts_.attributes_created = attributes_.attributes_created;
  counts_.values_created = attributes_.values_created;
  counts_.categories_created = categories_.created;
}

// One search_read over the chunk's SKUs (archived products too: a SKU that
// exists archived is not created again), then the stored hashes.
void ProductWriter::find_existing(std::vector<Item>& items) {
  std::vector<std::string> skus;
  for (const auto& it : items) skus.push_back(it.plan->sku);
  json rows =
      rpc_.execute_or_throw(search_read("product.product", json::array({json::array({"default_code", "in", skus})}),
                                        {"id", "default_code", "product_tmpl_id"}, {{"active_test", false}}),
                            "finding products by default_code");
  std::map<std::string, std::set<std::int64_t>> templates;
  for (const auto& r : rows)
    if (r.value("default_code", json()).is_string())
      templates[r["default_code"].get<std::string>()].insert(m2o_id(r.value("product_tmpl_id", json())));
  stored_ = store_.load(skus);  // outlives find_existing: items point into it
  auto& stored = stored_;
  for (auto& it : items) {
    const Planned& p = *it.plan;
    auto t = templates.find(p.sku);
    if (t != templates.end() && t->second.size() > 1) {
      it.skip = true;
      ++counts_.ambiguous_sku;
      issue(p.sku, "AMBIGUOUS_SKU", std::to_string(t->second.size()) + " product templates have this default_code",
            "outcome", "product.product");
      continue;
    }
    auto s = stored.find(p.sku);
    if (t == templates.end()) {
      if (!config_.create_missing) {
        it.skip = true;
        ++counts_.unknown_sku;
        issue(p.sku, "UNKNOWN_SKU", "not in Odoo and create_missing = false", "outcome", "product.product");
        continue;
      }
      it.is_new = true;
      for (const auto& [k, v] : p.fields.items()) it.keys.push_back(k);
      it.need_images = !p.image_urls.empty();
      continue;
    }
    it.tmpl = *t->second.begin();
    // What we wrote is a baseline only for the same template: a product
    // deleted and made again in Odoo gets everything written anew.
    if (s != stored.end() && s->second.template_id == it.tmpl) it.stored = &s->second;
    if (!it.stored || it.stored->content_hash != content_hash(p.fields, target_.profile, config_))
      it.keys = changed_keys(p.fields, it.stored ? it.stored->content : json::object());
    it.need_images = !p.image_urls.empty() && (!it.stored || it.stored->images_hash != images_hash(p.image_urls));
  }
}

// Odoo refuses a barcode another product has (per company, checked in Python):
// skip it on that product with a warning instead of failing its whole write.
void ProductWriter::check_barcodes(std::vector<Item>& items) {
  std::set<std::string> codes;
  for (const auto& it : items)
    if (!it.skip && it.has("barcode")) codes.insert(it.plan->fields["barcode"].get<std::string>());
  if (codes.empty()) return;
  json rows = rpc_.execute_or_throw(search_read("product.product", json::array({json::array({"barcode", "in", codes})}),
                                                {"id", "barcode", "product_tmpl_id"}, {{"active_test", false}}),
                                    "checking barcodes");
  std::map<std::string, std::int64_t> owner;
  for (const auto& r : rows) owner[r.value("barcode", std::string())] = m2o_id(r.value("product_tmpl_id", json()));
  std::set<std::string> taken_here;
  for (auto& it : items) {
    if (it.skip || !it.has("barcode")) continue;
    std::string code = it.plan->fields["barcode"].get<std::string>();
    auto o = owner.find(code);
    const bool other_owner = o != owner.end() && o->second != it.tmpl;
    const bool twice = !taken_here.insert(code).second;  // two SKUs of this chunk say it
    if (!other_owner && !twice) continue;
    it.keys.erase(std::find(it.keys.begin(), it.keys.end(), "barcode"));
    it.dropped.insert("barcode");
    it.warning_title = "Barcode Clash";
    it.warning_detail = code + " belongs to another product";
    ++counts_.barcode_clash;
    issue(it.plan->sku, "BARCODE_CLASH", it.warning_detail + ": barcode not written", "warning", "product.template");
    if (counts_.first_barcode_clash.empty()) counts_.first_barcode_clash = it.plan->sku + ": " + code;
  }
}

// Categories, attribute values, currencies: found or created once per cycle;
// the existing attribute and supplier lines of the templates being written.
void ProductWriter::resolve_references(std::vector<Item>& items) {
  std::set<std::string> paths, currencies, dropped;
  std::set<std::pair<std::string, std::string>> pairs;
  std::vector<std::int64_t> line_templates, seller_templates;
  std::map<std::int64_t, std::string> sku_of;
  for (auto& it : items) {
    if (it.skip) continue;
    const json& f = std::as_const(it.plan->fields);
    if (it.has("category")) paths.insert(f["category"].get<std::string>());
    if (it.has("attributes")) {
      std::set<std::string> now;
      for (const auto& a : f["attributes"]) {
        pairs.insert({a[0].get<std::string>(), a[1].get<std::string>()});
        now.insert(a[0].get<std::string>());
      }
      if (!it.is_new) line_templates.push_back(it.tmpl);
      // tecsync owns the lines of the attributes it wrote last time (its stored
      // content): those the supplier dropped go; lines it never wrote stay.
      if (it.stored && it.stored->content.contains("attributes"))
        for (const auto& a : it.stored->content["attributes"])
          if (!now.count(a[0].get<std::string>())) {
            it.dropped_labels.push_back(a[0].get<std::string>());
            dropped.insert(a[0].get<std::string>());
          }
    }
    if (it.has("seller")) {
      currencies.insert(f["seller"]["currency"].get<std::string>());
      if (!it.is_new) seller_templates.push_back(it.tmpl), sku_of[it.tmpl] = it.plan->sku;
    }
  }
  categories_.resolve(paths);
  attributes_.resolve(pairs);
  if (!dropped.empty()) attributes_.lookup(dropped);
  currencies_.resolve(currencies);
  for (auto& it : items)
    if (!it.skip && it.has("seller")) {
      const std::string cur = it.plan->fields["seller"]["currency"].get<std::string>();
      if (currencies_.id(cur) != 0) continue;
      it.keys.erase(std::find(it.keys.begin(), it.keys.end(), "seller"));
      it.dropped.insert("seller");
      ++counts_.unknown_currency;
      issue(it.plan->sku, "UNKNOWN_CURRENCY", cur + " is not a res.currency: supplier price not written", "warning",
            "product.supplierinfo");
      if (it.warning_title.empty()) {
        it.warning_title = "Unknown Currency";
        it.warning_detail = cur + " is not a res.currency: supplier price not written";
      }
    }
  if (!line_templates.empty()) {
    json rows = rpc_.execute_or_throw(search_read("product.template.attribute.line",
                                                  json::array({json::array({"product_tmpl_id", "in", line_templates})}),
                                                  {"id", "product_tmpl_id", "attribute_id", "value_ids"}),
                                      "reading attribute lines");
    std::map<std::int64_t, Item*> by_tmpl;
    for (auto& it : items)
      if (!it.skip && !it.is_new) by_tmpl[it.tmpl] = &it;
    for (const auto& r : rows) {
      auto it = by_tmpl.find(m2o_id(r.value("product_tmpl_id", json())));
      if (it == by_tmpl.end()) continue;
      std::vector<std::int64_t> values;
      for (const auto& v : r.value("value_ids", json::array())) values.push_back(v.get<std::int64_t>());
      it->second->lines[m2o_id(r.value("attribute_id", json()))] = {r.value("id", std::int64_t{0}), values};
    }
  }
  auto lines = find_seller_lines(rpc_, target_.partner_id, seller_templates, sku_of);
  for (auto& it : items)
    if (auto l = lines.find(it.tmpl); !it.skip && !it.is_new && l != lines.end()) it.seller_line = l->second;
}

// The create/write dict of an item's keys, in Odoo's field names.
json ProductWriter::vals_for(const Item& it) const {
  const json& f = it.plan->fields;
  json v = json::object();
  for (const auto& k : it.keys) {
    if (k == "name" || k == "description_sale" || k == "x_tecsync_mpn" || k == "barcode") {
      v[k] = f[k];
    } else if (k == "weight" || k == "volume") {
      v[k] = number_of(f[k].get<std::string>());
    } else if (k == "category") {
      v["categ_id"] = categories_.id(f[k].get<std::string>());
    } else if (k == "attributes") {
      json cmds = json::array();
      for (const auto& a : f[k]) {
        std::int64_t aid = attributes_.attribute_id(a[0].get<std::string>());
        std::int64_t vid = attributes_.value_id(a[0].get<std::string>(), a[1].get<std::string>());
        json set_values = json::array({json::array({6, 0, json::array({vid})})});
        auto line = it.lines.find(aid);
        if (line == it.lines.end())
          cmds.push_back(json::array({0, 0, {{"attribute_id", aid}, {"value_ids", set_values}}}));
        else if (line->second.second != std::vector<std::int64_t>{vid})
          cmds.push_back(json::array({1, line->second.first, {{"value_ids", set_values}}}));
      }
      for (const auto& label : it.dropped_labels) {  // Command.delete: (2, id, 0) unlinks the line
        auto line = it.lines.find(attributes_.attribute_id(label));
        if (line != it.lines.end() && line->first != 0) cmds.push_back(json::array({2, line->second.first, 0}));
      }
      if (!cmds.empty()) v["attribute_line_ids"] = cmds;
    } else if (k == "seller") {
      v["seller_ids"] = json::array(
          {seller_command(it.seller_line, target_.partner_id, it.plan->sku, number_of(f[k]["price"].get<std::string>()),
                          currencies_.id(f[k]["currency"].get<std::string>()))});
    }
  }
  if (it.is_new) {
    v["default_code"] = it.plan->sku;
    if (!v.contains("name")) v["name"] = it.plan->sku;  // name is required; the SKU until the supplier names it
    add_storable(target_.profile, v);
  }
  return v;
}

namespace {
std::string key_list(const std::vector<std::string>& keys) {
  std::string s;
  for (const auto& k : keys) s += (s.empty() ? "" : ", ") + k;
  return s;
}
}  // namespace

// New templates in ONE create call; if Odoo refuses the list for one record,
// the list is retried one by one so only the culprit is rejected.
void ProductWriter::create_new(std::vector<Item>& items) {
  std::vector<Item*> fresh;
  json vals = json::array();
  for (auto& it : items)
    if (!it.skip && it.is_new) {
      fresh.push_back(&it);
      vals.push_back(vals_for(it));
      change("SKU " + it.plan->sku + ": create (" + key_list(it.keys) + ")");
    }
  if (fresh.empty()) return;
  if (dry_) {
    counts_.products_created += static_cast<std::int64_t>(fresh.size());
    return;
  }
  RpcOutcome o = rpc_.execute(create_many("product.template", vals, lang_ctx_));
  if (!o.ok() && o.kind == RpcErrorKind::transient && !known_not_applied(o)) {
    // Not retried as such (a timeout or cut answer): Odoo may have created
    // them. Find which landed by default_code; create only the others, once.
    recover_lost_create(fresh, vals, o);
    return;
  }
  if (o.ok()) {
    auto ids = created_ids(o.result);
    for (std::size_t i = 0; i < fresh.size(); ++i) fresh[i]->tmpl = i < ids.size() ? ids[i] : 0;
  } else if (o.kind == RpcErrorKind::record) {
    std::vector<KwCall> one;
    for (std::size_t i = 0; i < fresh.size(); ++i)
      one.push_back(create_many("product.template", json::array({vals[i]}), lang_ctx_));
    auto outs = rpc_.execute_many(one);
    for (std::size_t i = 0; i < fresh.size(); ++i) {
      if (outs[i].ok()) {
        auto ids = created_ids(outs[i].result);
        fresh[i]->tmpl = ids.empty() ? 0 : ids[0];
      } else if (outs[i].kind == RpcErrorKind::record) {
        fresh[i]->api_error = outs[i].message;
      } else {
        throw RpcFailure(outs[i].kind, "creating product " + fresh[i]->plan->sku, outs[i]);
      }
    }
  } else {
    throw RpcFailure(o.kind, "creating " + std::to_string(fresh.size()) + " product(s)", o);
  }
  for (auto* it : fresh) {
    if (!it->api_error.empty()) continue;
    if (it->tmpl <= 0)
      it->api_error = "create returned no id";
    else
      ++counts_.products_created;
  }
}

// After a create whose answer was lost: the templates found by default_code
// are ours (created by that call); the rest are created again in one call. A
// second transient failure ends the cycle; the next run finds what landed.
void ProductWriter::recover_lost_create(std::vector<Item*>& fresh, const json& vals, const RpcOutcome& lost) {
  std::vector<std::string> skus;
  for (auto* it : fresh) skus.push_back(it->plan->sku);
  json rows =
      rpc_.execute_or_throw(search_read("product.product", json::array({json::array({"default_code", "in", skus})}),
                                        {"id", "default_code", "product_tmpl_id"}, {{"active_test", false}}),
                            "finding products after a lost create (" + lost.error_name + ")");
  std::map<std::string, std::int64_t> found;
  for (const auto& r : rows)
    if (r.value("default_code", json()).is_string())
      found[r["default_code"].get<std::string>()] = m2o_id(r.value("product_tmpl_id", json()));
  std::vector<Item*> missing;
  json again = json::array();
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    auto f = found.find(fresh[i]->plan->sku);
    if (f != found.end() && f->second > 0) {
      fresh[i]->tmpl = f->second;
      ++counts_.products_created;
    } else {
      missing.push_back(fresh[i]);
      again.push_back(vals[i]);
    }
  }
  counts_.lost_creates += static_cast<std::int64_t>(fresh.size() - missing.size());
  if (missing.empty()) return;
  // One create call, whatever its own retry rule says.
  RpcOutcome o = rpc_.execute(create_many("product.template", again, lang_ctx_));
  if (!o.ok() && o.kind != RpcErrorKind::record)
    throw RpcFailure(o.kind, "creating " + std::to_string(missing.size()) + " product(s) after a lost create", o);
  auto ids = o.ok() ? created_ids(o.result) : std::vector<std::int64_t>{};
  for (std::size_t i = 0; i < missing.size(); ++i) {
    if (!o.ok())
      missing[i]->api_error = o.message;  // a record error: rare here; the next run retries one by one
    else if (i < ids.size() && ids[i] > 0)
      missing[i]->tmpl = ids[i], ++counts_.products_created;
    else
      missing[i]->api_error = "create returned no id";
  }
}

// Writes of changed fields, one call per distinct dict (ids grouped when the
// dicts are equal), bounded in flight; a refused group is retried per product.
void ProductWriter::write_changed(std::vector<Item>& items) {
  std::map<std::string, std::pair<json, std::vector<Item*>>> groups;
  for (auto& it : items) {
    if (it.skip || it.is_new) continue;
    if (it.keys.empty()) {
      // Only new images: the product changes through them (land_images).
      if (it.need_images)
        ++counts_.products_updated;
      else
        ++counts_.products_unchanged;
      continue;
    }
    json v = vals_for(it);
    change("SKU " + it.plan->sku + ": write " + key_list(it.keys));
    if (v.empty()) {  // e.g. attribute lines that already say it
      ++counts_.products_updated;
      continue;
    }
    auto& g = groups[v.dump()];
    g.first = std::move(v);
    g.second.push_back(&it);
  }
  if (groups.empty()) return;
  if (dry_) {
    for (const auto& [k, g] : groups) counts_.products_updated += static_cast<std::int64_t>(g.second.size());
    return;
  }
  std::vector<KwCall> calls;
  std::vector<std::vector<Item*>> who;
  for (auto& [k, g] : groups) {
    json ids = json::array();
    for (auto* it : g.second) ids.push_back(it->tmpl);
    calls.push_back(write_ids("product.template", ids, g.first, lang_ctx_));
    who.push_back(g.second);
  }
  auto outs = rpc_.execute_many(calls);
  std::vector<KwCall> singles;
  std::vector<Item*> single_who;
  for (std::size_t i = 0; i < outs.size(); ++i) {
    if (outs[i].ok()) {
      counts_.products_updated += static_cast<std::int64_t>(who[i].size());
    } else if (outs[i].kind != RpcErrorKind::record) {
      throw RpcFailure(outs[i].kind, "writing product " + who[i].front()->plan->sku, outs[i]);
    } else if (who[i].size() == 1) {
      who[i].front()->api_error = outs[i].message;
    } else {
      for (auto* it : who[i]) {
        singles.push_back(write_ids("product.template", json::array({it->tmpl}), calls[i].args[1], lang_ctx_));
        single_who.push_back(it);
      }
    }
  }
  auto more = rpc_.execute_many(singles);
  for (std::size_t i = 0; i < more.size(); ++i) {
    if (more[i].ok())
      ++counts_.products_updated;
    else if (more[i].kind == RpcErrorKind::record)
      single_who[i]->api_error = more[i].message;
    else
      throw RpcFailure(more[i].kind, "writing product " + single_who[i]->plan->sku, more[i]);
  }
}

void ProductWriter::land_images(std::vector<Item>& items) {
  // Groups of a few rounds of downloads: enough to keep `image_parallel` busy,
  // small enough that the chunk's images are never all in memory at once.
  const std::size_t group_images = std::max<std::size_t>(16, config_.image_parallel * 4);
  std::vector<Item*> group;
  std::size_t in_group = 0;
  for (auto& it : items) {
    if (it.skip || !it.need_images || !it.api_error.empty()) continue;
    if (dry_) {
      change("SKU " + it.plan->sku + ": images (" + std::to_string(it.plan->image_urls.size()) + " URL(s))");
      continue;
    }
    if (it.tmpl <= 0) continue;
    group.push_back(&it);
    in_group += it.plan->image_urls.size();
    if (in_group >= group_images) {
      land_image_group(group);
      group.clear();
      in_group = 0;
    }
  }
  if (!group.empty()) land_image_group(group);
}

void ProductWriter::land_image_group(std::vector<Item*>& group) {
  std::vector<std::string> urls;
  for (auto* it : group) urls.insert(urls.end(), it->plan->image_urls.begin(), it->plan->image_urls.end());
  ImageLimits lim{config_.image_parallel, config_.image_per_host, config_.image_max_bytes, config_.timeout_s};
  std::vector<FetchedImage> got = download_images(http_, urls, lim);
  std::vector<KwCall> calls;
  std::vector<Item*> who;
  std::vector<std::int64_t> images_written;
  std::vector<std::int64_t> replace_extras;  // templates whose old product.image records go
  std::size_t at = 0;
  for (auto* it : group) {
    std::vector<std::string> ok;
    for (std::size_t k = 0; k < it->plan->image_urls.size(); ++k, ++at) {
      FetchedImage& img = got[at];
      if (img.problem.empty()) {
        ++counts_.images_downloaded;
        ok.push_back(base64(img.bytes));
        std::string().swap(img.bytes);
      } else {
        ++counts_.images_failed;
        it->images_ok = false;
        it->image_errors.push_back(img.url + " " + img.problem);
        if (counts_.first_image_error.empty())
          counts_.first_image_error = it->plan->sku + ": " + img.url + " " + img.problem;
      }
    }
    if (ok.empty()) continue;  // keep what Odoo shows rather than blank it
    calls.push_back(write_ids("product.template", json::array({it->tmpl}), {{"image_1920", ok[0]}}));
    who.push_back(it);
    images_written.push_back(1);
    if (!target_.has_product_image) continue;
    if (!it->is_new) replace_extras.push_back(it->tmpl);
    if (ok.size() < 2) continue;
    json extras = json::array();
    for (std::size_t k = 1; k < ok.size(); ++k)
      extras.push_back({{"name", it->plan->sku + " " + std::to_string(k + 1)},
                        {"product_tmpl_id", it->tmpl},
                        {"sequence", static_cast<int>(k)},
                        {"image_1920", ok[k]}});
    calls.push_back(create_many("product.image", extras));
    who.push_back(it);
    images_written.push_back(static_cast<std::int64_t>(ok.size() - 1));
  }
  if (!replace_extras.empty()) {
    json old = rpc_.execute_or_throw(
        search_read("product.image", json::array({json::array({"product_tmpl_id", "in", replace_extras})}), {"id"}),
        "finding extra images");
    json ids = json::array();
    for (const auto& r : old) ids.push_back(r.value("id", std::int64_t{0}));
    if (!ids.empty())
      rpc_.execute_or_throw(KwCall{"product.image", "unlink", json::array({ids})}, "replacing extra images");
  }
  auto outs = rpc_.execute_many(calls);
  for (std::size_t i = 0; i < outs.size(); ++i) {
    if (outs[i].ok()) {
      counts_.images_written += images_written[i];
    } else if (outs[i].kind == RpcErrorKind::record || outs[i].kind == RpcErrorKind::transient) {
      // An image Odoo refuses (or a call that kept failing) is that product's
      // Image Error, never a failed cycle; it is tried again next run.
      who[i]->images_ok = false;
      who[i]->image_errors.push_back("Odoo refused the image: " + outs[i].message);
      counts_.images_failed += images_written[i];
      if (counts_.first_image_error.empty())
        counts_.first_image_error = who[i]->plan->sku + ": Odoo refused the image: " + outs[i].message;
    } else {
      throw RpcFailure(outs[i].kind, "writing images of " + who[i]->plan->sku, outs[i]);
    }
  }
}

// The per-product pulse, written only when its text changes; equal texts share
// one write call (a clean cycle writes all its new products' pulses in one).
void ProductWriter::write_pulses(std::vector<Item>& items) {
  std::map<std::string, std::vector<Item*>> groups;
  for (auto& it : items) {
    if (it.skip) continue;
    if (!it.api_error.empty()) {
      it.pulse = pulse::from_status(Status::failed(FailureArea::api, "", it.api_error)).text;
      ++counts_.api_errors;
      issue(it.plan->sku, "API_ERROR", it.api_error, "reject", "product.template");
      if (counts_.first_api_error.empty())
        counts_.first_api_error = it.plan->sku + ": " + pulse::one_line(it.api_error);
    } else if (!it.image_errors.empty()) {
      for (const auto& e : it.image_errors) issue(it.plan->sku, "IMAGE_ERROR", e, "warning", "product.image");
      std::string d = it.image_errors.front();
      if (it.image_errors.size() > 1) d += " (+" + std::to_string(it.image_errors.size() - 1) + " more)";
      it.pulse = pulse::warning("Image Error", d).text;
    } else if (!it.warning_title.empty()) {
      it.pulse = pulse::warning(it.warning_title, it.warning_detail).text;
    } else {
      it.pulse = pulse::success().text;
    }
    if (it.tmpl <= 0 && !dry_) continue;  // a create Odoo refused: no record to carry it
    if (it.stored && it.stored->pulse == it.pulse) {
      it.pulse_ok = true;
      continue;
    }
    groups[it.pulse].push_back(&it);
  }
  if (groups.empty()) return;
  if (dry_) {
    for (const auto& [p, g] : groups) counts_.pulses_written += static_cast<std::int64_t>(g.size());
    return;
  }
  std::vector<KwCall> calls;
  std::vector<std::vector<Item*>> who;
  for (auto& [p, g] : groups) {
    json ids = json::array();
    for (auto* it : g) ids.push_back(it->tmpl);
    calls.push_back(write_ids("product.template", ids, {{"x_tecsync_pulse", p + suffix_}}));
    who.push_back(g);
  }
  auto outs = rpc_.execute_many(calls);
  for (std::size_t i = 0; i < outs.size(); ++i) {
    if (outs[i].ok()) {
      for (auto* it : who[i]) it->pulse_ok = true;
      counts_.pulses_written += static_cast<std::int64_t>(who[i].size());
    } else if (outs[i].kind != RpcErrorKind::record && outs[i].kind != RpcErrorKind::transient) {
      throw RpcFailure(outs[i].kind, "writing pulses", outs[i]);
    }
    // A refused pulse is retried next run: its state keeps the old text.
  }
}

// Remember what Odoo accepted. A product Odoo refused keeps its old row, so
// the next run tries it again; so do images that did not all land.
void ProductWriter::save_state(std::vector<Item>& items) {
  std::vector<std::pair<std::string, StoredState>> rows;
  for (auto& it : items) {
    if (it.skip || it.tmpl <= 0 || !it.api_error.empty()) continue;
    StoredState s;
    s.template_id = it.tmpl;
    s.content = it.plan->fields;
    for (const auto& k : it.dropped) s.content.erase(k);
    // No specs this time leaves the lines alone (an empty field changes
    // nothing), so the labels tecsync manages are remembered as they were.
    if (!s.content.contains("attributes") && it.stored && it.stored->content.contains("attributes"))
      s.content["attributes"] = it.stored->content["attributes"];
    s.content_hash = content_hash(s.content, target_.profile, config_);
    if (it.need_images)
      s.images_hash = it.images_ok ? images_hash(it.plan->image_urls) : std::string();
    else
      s.images_hash =
          it.plan->image_urls.empty() ? (it.stored ? it.stored->images_hash : "") : images_hash(it.plan->image_urls);
    s.pulse = it.pulse_ok ? it.pulse : (it.stored ? it.stored->pulse : "");
    rows.emplace_back(it.plan->sku, std::move(s));
  }
  store_.save(rows);
}

}  // namespace tecsync::odoo_rpc
