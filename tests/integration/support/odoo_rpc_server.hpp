#pragma once
/// @file
/// The Odoo JSON-RPC test server (tests/servers/odoo_rpc_server.py) as a child
/// process, plus a small client for its protocol side (`/jsonrpc`) and its
/// control side (`/test/…`, not part of Odoo) so tests can drive it and assert
/// what it stored. It is a stand-in for Odoo 17 or 18, not Odoo.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/loopback_server.hpp"

namespace tecsync::it {

/// The API key the server accepts by default (40 hex digits, as Odoo's keys).
inline constexpr const char* kOdooTestApiKey = "0f3c9a7e5b1d2c4a6e8f0b1d3c5a7e9f1b2d4c6a";

struct OdooRpcServerOptions {
  int profile = 17;           ///< 17 or 18: which Odoo's models and fields to check against
  bool website_sale = false;  ///< whether product.image exists
  std::string db = "odoo";
  std::string login = "admin";  ///< uid 2
  std::string password = "admin";
  std::string api_key = kOdooTestApiKey;
  double latency_s = 0.0;  ///< every RPC call waits this long first
};

class OdooRpcServer {
 public:
  /// Starts the server and waits (≤ 15 s) for its port. Throws std::runtime_error.
  explicit OdooRpcServer(OdooRpcServerOptions options = {});

  const OdooRpcServerOptions& options() const { return options_; }
  int port() const { return process_.port(); }
  /// `http://127.0.0.1:<port>`: the sink's `url` key.
  std::string url() const { return process_.url(); }

  /// The stored records of `model`, ordered by id (GET /test/records): translated
  /// fields as {"en_US": …, "es_AR": …}, many2one as an id or false, x2many as
  /// id arrays, images as {"sha1","bytes","mimetype"} (or base64 strings when
  /// `base64_images`). Throws std::runtime_error for an unknown model.
  nlohmann::json records(const std::string& model, bool base64_images = false) const;
  /// GET /test/calls: {"total","reads","writes","errors","images_written",
  /// "max_in_flight","by_method":{"<model>.<method>"|"common.<method>": n}} and
  /// "log" (one entry per call) when `with_log`.
  nlohmann::json call_counts(bool with_log = false) const;
  /// POST /test/reset: counters only (`records_too` false) or counters and
  /// records back to the profile's seed data.
  void reset(bool records_too = true);
  /// POST /test/seed: creates `records` (a JSON array of vals) in `model` through
  /// the server's own checks, without counting calls; returns their ids.
  /// Throws std::runtime_error with the server's error on a refused record.
  std::vector<int> seed(const std::string& model, const nlohmann::json& records,
                        const nlohmann::json& context = nlohmann::json::object());
  /// POST /test/fail with e.g. {"kind":"serialization","count":2,"model":"product.template"}.
  void fail(const nlohmann::json& spec);
  /// POST /test/latency.
  void set_latency(double seconds);

  /// POST /jsonrpc {"jsonrpc":"2.0","method":"call","params":{service,method,args},"id":1}
  /// and the parsed answer, whatever it is (result or error). Throws if not JSON.
  nlohmann::json rpc(const std::string& service, const std::string& method, const nlohmann::json& args) const;
  /// object.execute_kw with this server's db, uid 2 and API key.
  nlohmann::json execute_kw(const std::string& model, const std::string& method, const nlohmann::json& args,
                            const nlohmann::json& kwargs = nlohmann::json::object()) const;
  /// A raw POST, for protocol-level tests (content type, malformed bodies).
  HttpReply post(const std::string& path, const std::string& body,
                 const std::string& content_type = "application/json") const;
  HttpReply get(const std::string& path) const;

 private:
  nlohmann::json control(const std::string& path, const nlohmann::json& body) const;

  OdooRpcServerOptions options_;
  LoopbackServerProcess process_;
};

}  // namespace tecsync::it
