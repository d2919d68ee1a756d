#include "session.hpp"

#include <stdexcept>

#include "lookups.hpp"

namespace tecsync::odoo_rpc {

using nlohmann::json;

std::unique_ptr<JsonRpc> make_rpc(HttpClient& http, const RpcConfig& c, const Cancellation* cancel, Logger* log) {
  JsonRpc::Options o{c.url, c.timeout_s, c.attempts, c.backoff, c.max_in_flight};
  return std::make_unique<JsonRpc>(http, o, cancel, log);
}

Target open_session(JsonRpc& rpc, const RpcConfig& c) {
  Target t;
  RpcOutcome v = rpc.common("version", json::array());
  if (!v.ok()) throw RpcFailure(v.kind, "common.version at " + c.url + "/jsonrpc", v);
  t.profile = profile_from_version(v.result);
  RpcOutcome a = rpc.common("authenticate", json::array({c.db, c.user, c.api_key, json::object()}));
  if (!a.ok()) throw RpcFailure(a.kind, "common.authenticate", a);
  // A wrong key answers `false`, not an error (odoo-facts §7).
  if (!a.result.is_number_integer() || a.result.get<std::int64_t>() <= 0) {
    RpcOutcome denied;
    denied.kind = RpcErrorKind::access_denied;
    denied.error_name = "odoo.exceptions.AccessDenied";
    denied.message = "login refused for user '" + c.user + "' on database '" + c.db + "' (check user and api_key)";
    throw RpcFailure(denied.kind, "common.authenticate", denied);
  }
  t.uid = a.result.get<std::int64_t>();
  rpc.set_auth(c.db, t.uid, c.api_key);
  return t;
}

std::vector<std::string> missing_custom_fields(JsonRpc& rpc) {
  json rows = rpc.execute_or_throw(search_read("ir.model.fields",
                                               json::array({json::array({"model", "=", "product.template"}),
                                                            json::array({"name", "in", kCustomFields})}),
                                               {"name"}),
                                   "checking custom fields");
  std::vector<std::string> missing;
  for (const auto& f : kCustomFields) {
    bool found = false;
    for (const auto& r : rows) found = found || r.value("name", std::string()) == f;
    if (!found) missing.push_back(f);
  }
  return missing;
}

std::int64_t find_partner(JsonRpc& rpc, const std::string& name) {
  KwCall c = search_read("res.partner", json::array({json::array({"name", "=", name})}), {"id", "is_company"});
  c.kwargs["order"] = "is_company desc, id";
  c.kwargs["limit"] = 1;
  json rows = rpc.execute_or_throw(c, "finding the supplier partner");
  return rows.empty() ? 0 : rows[0].value("id", std::int64_t{0});
}

bool model_exists(JsonRpc& rpc, const std::string& model) {
  json rows = rpc.execute_or_throw(search_read("ir.model", json::array({json::array({"model", "=", model})}), {"id"}),
                                   "checking model " + model);
  return !rows.empty();
}

Status status_of(const RpcFailure& f) {
  switch (f.kind) {
    case RpcErrorKind::access_denied:
      return Status::failed(FailureArea::api, "RpcAccessDenied", f.what());
    case RpcErrorKind::transient:
      return Status::failed(FailureArea::api, "RpcRetryExhausted", f.what());
    default:
      return Status::failed(FailureArea::api, "RpcError", f.what());
  }
}

std::string setup_hint(const std::string& instance) {
  return "run `tecsync odoo setup --config <file> --sink " + instance + "`";
}

}  // namespace tecsync::odoo_rpc
