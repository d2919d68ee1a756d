#include "support/odoo_rpc_server.hpp"

#include <sstream>
#include <stdexcept>

namespace tecsync::it {
namespace {

const char* kServerScript = TECSYNC_IT_REPO "/tests/servers/odoo_rpc_server.py";

std::vector<std::string> odoo_argv(const OdooRpcServerOptions& o) {
  std::ostringstream latency;
  latency << o.latency_s;
  std::vector<std::string> argv = {TECSYNC_IT_PYTHON,
                                   kServerScript,
                                   "--port",
                                   "0",
                                   "--profile",
                                   std::to_string(o.profile),
                                   "--db",
                                   o.db,
                                   "--login",
                                   o.login,
                                   "--password",
                                   o.password,
                                   "--api-key",
                                   o.api_key,
                                   "--latency",
                                   latency.str()};
  if (o.website_sale) argv.push_back("--website-sale");
  return argv;
}

nlohmann::json parse(const HttpReply& reply, const std::string& what) {
  auto json = nlohmann::json::parse(reply.body, nullptr, false);
  if (json.is_discarded()) {
    throw std::runtime_error(what + ": HTTP " + std::to_string(reply.status) + " not JSON: " + reply.body);
  }
  return json;
}

}  // namespace

OdooRpcServer::OdooRpcServer(OdooRpcServerOptions options)
    : options_(std::move(options)), process_(odoo_argv(options_), "Odoo JSON-RPC test server") {}

HttpReply OdooRpcServer::post(const std::string& path, const std::string& body, const std::string& content_type) const {
  return http_post(process_.url(path), body, content_type);
}

HttpReply OdooRpcServer::get(const std::string& path) const { return http_get(process_.url(path)); }

nlohmann::json OdooRpcServer::control(const std::string& path, const nlohmann::json& body) const {
  auto reply = post(path, body.dump());
  auto json = parse(reply, path);
  if (reply.status != 200) throw std::runtime_error(path + " refused: " + reply.body);
  return json;
}

nlohmann::json OdooRpcServer::records(const std::string& model, bool base64_images) const {
  auto reply = get("/test/records?model=" + model + (base64_images ? "&images=base64" : ""));
  if (reply.status != 200) throw std::runtime_error("records of " + model + ": " + reply.body);
  return parse(reply, "/test/records").at("records");
}

nlohmann::json OdooRpcServer::call_counts(bool with_log) const {
  return parse(get(with_log ? "/test/calls?log=1" : "/test/calls"), "/test/calls");
}

void OdooRpcServer::reset(bool records_too) { control("/test/reset", {{"what", records_too ? "all" : "calls"}}); }

std::vector<int> OdooRpcServer::seed(const std::string& model, const nlohmann::json& records,
                                     const nlohmann::json& context) {
  auto answer = control("/test/seed", {{"model", model}, {"records", records}, {"context", context}});
  return answer.at("ids").get<std::vector<int>>();
}

void OdooRpcServer::fail(const nlohmann::json& spec) { control("/test/fail", spec); }

void OdooRpcServer::set_latency(double seconds) { control("/test/latency", {{"seconds", seconds}}); }

nlohmann::json OdooRpcServer::rpc(const std::string& service, const std::string& method,
                                  const nlohmann::json& args) const {
  nlohmann::json request = {{"jsonrpc", "2.0"},
                            {"method", "call"},
                            {"params", {{"service", service}, {"method", method}, {"args", args}}},
                            {"id", 1}};
  return parse(post("/jsonrpc", request.dump()), "/jsonrpc");
}

nlohmann::json OdooRpcServer::execute_kw(const std::string& model, const std::string& method,
                                         const nlohmann::json& args, const nlohmann::json& kwargs) const {
  return rpc("object", "execute_kw", {options_.db, 2, options_.api_key, model, method, args, kwargs});
}

}  // namespace tecsync::it
