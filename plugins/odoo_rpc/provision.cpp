// `tecsync check` and `tecsync odoo setup` for the RPC sink: everything through
// Odoo's API (never SQL on Odoo's tables), idempotent, one ReportItem per thing.
#include <pqxx/pqxx>

#include "lookups.hpp"
#include "odoo_rpc_sink.hpp"
#include "session.hpp"

namespace tecsync::odoo_rpc {

using nlohmann::json;

namespace {

Status ok() { return Status::ok(); }
Status bad(const std::string& cls, const std::string& detail) {
  return Status::failed(FailureArea::config, cls, detail);
}

std::string parent_path_of(const std::string& complete_name) {
  auto slash = complete_name.rfind('/');
  return slash == std::string::npos ? std::string() : complete_name.substr(0, slash);
}

// The location row of a complete_name (archived ones too), or null.
json find_location(JsonRpc& rpc, const std::string& complete_name) {
  json rows = rpc.execute_or_throw(
      search_read("stock.location", json::array({json::array({"complete_name", "=", complete_name})}),
                  {"id", "usage", "active", "warehouse_id"}, {{"active_test", false}}),
      "finding location " + complete_name);
  return rows.empty() ? json() : rows[0];
}

// A location of `location.<CODE>`: present and internal, or created under its
// parent, which must lie under a warehouse's view location (odoo-facts §2:
// only those count in the default qty_available).
ReportItem provision_location(JsonRpc& rpc, const LocationKey& key) {
  const std::string what = "location " + key.complete_name + " (location." + key.code + ")";
  json loc = find_location(rpc, key.complete_name);
  if (!loc.is_null()) {
    if (!loc.value("active", true))
      return {what + " present but archived: unarchive it in Odoo", bad("TargetCheckError", "archived")};
    if (loc.value("usage", std::string()) != "internal")
      return {what + " present with usage " + loc.value("usage", std::string()),
              bad("TargetCheckError", "not internal")};
    return {"present " + what, ok()};
  }
  const std::string parent_name = parent_path_of(key.complete_name);
  json parent = find_location(rpc, parent_name);
  if (parent.is_null() || m2o_id(parent.value("warehouse_id", json())) == 0)
    return {what + ": parent " + parent_name + " is not a warehouse location",
            bad("TargetCheckError", "the parent of " + key.complete_name +
                                        " must be a warehouse's view location (e.g. WH) or a location under it")};
  json vals = {{"name", key.complete_name.substr(parent_name.size() + 1)},
               {"location_id", parent.value("id", std::int64_t{0})},
               {"usage", "internal"}};
  rpc.execute_or_throw(create_many("stock.location", json::array({vals})), "creating " + what);
  return {"created " + what, ok()};
}

}  // namespace

Status OdooRpcSink::check(std::vector<ReportItem>& report) {
  Status worst = Status::ok();
  auto add = [&](std::string what, Status s) {
    if (!s.is_ok() && worst.is_ok()) worst = s;
    report.push_back({std::move(what), std::move(s)});
  };
  try {
    StateStore probe(config_.state_dsn, instance_);
    add("state database reachable (state_dsn), schema tecsync ready", ok());
  } catch (const std::exception& e) {
    add("state database (state_dsn)", Status::failed(FailureArea::db, "StateDbError", e.what()));
  }
  try {
    auto rpc = make_rpc(http_, config_, cancel_, log_);
    Target t = open_session(*rpc, config_);
    add("Odoo reachable: " + config_.url + " (Odoo " + t.profile.server_version + "), login accepted: user " +
            config_.user + " on " + config_.db + " (uid " + std::to_string(t.uid) + ")",
        ok());
    auto missing = missing_custom_fields(*rpc);
    for (const auto& f : kCustomFields) {
      bool absent = std::find(missing.begin(), missing.end(), f) != missing.end();
      add("field product.template." + f + (absent ? " missing: " + setup_hint(instance_) : " present"),
          absent ? bad("TargetCheckError", f + " missing") : ok());
    }
    bool partner = find_partner(*rpc, config_.supplier) != 0;
    add("supplier partner '" + config_.supplier + "'" + (partner ? " present" : " missing: " + setup_hint(instance_)),
        partner ? ok() : bad("TargetCheckError", "supplier partner missing"));
    bool images = model_exists(*rpc, "product.image");
    add(std::string("model product.image ") +
            (images ? "present (extra images)" : "absent: only the main image is written"),
        ok());
    for (const auto& l : config_.locations) {
      json loc = find_location(*rpc, l.complete_name);
      bool fine = !loc.is_null() && loc.value("active", true) && loc.value("usage", std::string()) == "internal";
      add("location " + l.complete_name + (fine ? " present" : " missing or not internal: " + setup_hint(instance_)),
          fine ? ok() : bad("TargetCheckError", "location " + l.complete_name));
    }
  } catch (const RpcFailure& f) {
    add("Odoo API " + config_.url + "/jsonrpc", status_of(f));
  } catch (const std::exception& e) {
    add("Odoo API " + config_.url + "/jsonrpc", Status::failed(FailureArea::api, "RpcError", e.what()));
  }
  return worst;
}

Status OdooRpcSink::provision(std::vector<ReportItem>& report) {
  Status worst = Status::ok();
  auto add = [&](ReportItem item) {
    if (!item.status.is_ok() && worst.is_ok()) worst = item.status;
    report.push_back(std::move(item));
  };
  try {
    auto rpc = make_rpc(http_, config_, cancel_, log_);
    Target t = open_session(*rpc, config_);
    add({"Odoo " + t.profile.server_version + " at " + config_.url + ", user " + config_.user, ok()});

    auto missing = missing_custom_fields(*rpc);
    for (const auto& f : kCustomFields)
      if (std::find(missing.begin(), missing.end(), f) == missing.end())
        add({"present field product.template." + f, ok()});
    if (!missing.empty()) {
      json model = rpc->execute_or_throw(
          search_read("ir.model", json::array({json::array({"model", "=", "product.template"})}), {"id"}),
          "finding model product.template");
      if (model.empty()) throw std::runtime_error("model product.template not found in ir.model");
      // Manual fields (state 'manual', name x_…): Odoo adds the column and
      // registers the field itself, as Settings → Technical → Fields would.
      json vals = json::array();
      for (const auto& f : missing)
        vals.push_back({{"name", f},
                        {"field_description", f == "x_tecsync_pulse" ? "tecsync pulse" : "Manufacturer part number"},
                        {"model_id", model[0].value("id", std::int64_t{0})},
                        {"ttype", "char"},
                        {"state", "manual"}});
      rpc->execute_or_throw(create_many("ir.model.fields", vals), "creating custom fields");
      for (const auto& f : missing) add({"created field product.template." + f + " (char)", ok()});
    }

    if (find_partner(*rpc, config_.supplier) != 0) {
      add({"present supplier partner '" + config_.supplier + "'", ok()});
    } else {
      rpc->execute_or_throw(
          create_many("res.partner", json::array({{{"name", config_.supplier}, {"is_company", true}}})),
          "creating the supplier partner");
      add({"created supplier partner '" + config_.supplier + "' (company)", ok()});
    }
    for (const auto& l : config_.locations) add(provision_location(*rpc, l));
  } catch (const RpcFailure& f) {
    add({"Odoo API " + config_.url + "/jsonrpc", status_of(f)});
  } catch (const std::exception& e) {
    add({"Odoo API " + config_.url + "/jsonrpc", Status::failed(FailureArea::api, "RpcError", e.what())});
  }
  return worst;
}

}  // namespace tecsync::odoo_rpc
