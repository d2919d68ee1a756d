#pragma once
/// @file
/// An in-process stand-in for Odoo's JSON-RPC endpoint and an image host, as an
/// HttpClient: enough of `common` and `object.execute_kw` (search_read with `=`/`in`
/// domains, create with lists, write, unlink, x2many commands 0/1/6) to drive the
/// sink's unit tests without a network. It refuses fields the profile lacks
/// (17: detailed_type; 18: type + is_storable) and counts every call by method.
/// The integration tests use the project's Python server over loopback instead.

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tecsync/host.hpp"

namespace tecsync::odoo_rpc::test {

using nlohmann::json;

class FakeOdoo : public HttpClient {
 public:
  explicit FakeOdoo(int major = 17);

  Status fetch(const HttpRequest& request, const BodyChunk& on_chunk, HttpResponse& response) noexcept override;

  /// Records of a model (each has "id"; Many2one stored as an int id).
  std::vector<json>& table(const std::string& model) { return db_[model]; }
  json* find(const std::string& model, const std::string& field, const json& value);
  std::int64_t insert(const std::string& model, json vals);

  /// Serves `url` (GET) with this status, content type and body.
  void serve(const std::string& url, long status, std::string content_type, std::string body);

  /// Called before each execute_kw; a non-null result is sent as the `error.data`
  /// (e.g. {"name":"odoo.exceptions.ValidationError","message":"…"}); an object
  /// with "http" sends that HTTP status instead; {"lost": true} runs the call
  /// and then fails the transfer with FeedTransportError.Timeout (it landed,
  /// the client cannot know).
  std::function<json(const std::string& model, const std::string& method, const json& args)> inject;

  std::map<std::string, int> calls;  ///< "model.method" and "common.method" → count
  int image_gets = 0;
  int write_calls() const;  ///< create + write + unlink
  std::string api_key = "secret-key";
  int major;

 private:
  json dispatch(const json& params, long& http_status);
  json execute(const std::string& model, const std::string& method, const json& args, const json& kwargs);
  bool matches(const json& rec, const json& domain) const;
  json read(const std::string& model, const json& rec, const json& fields) const;
  void apply_vals(const std::string& model, json& rec, const json& vals);
  void check_fields(const std::string& model, const json& vals) const;

  std::map<std::string, std::vector<json>> db_;
  std::map<std::string, std::int64_t> next_id_;
  struct Served {
    long status;
    std::string type, body;
  };
  std::map<std::string, Served> files_;
};

/// A tiny valid-looking PNG / JPEG body (magic bytes + padding).
std::string png_bytes(std::size_t size = 64);
std::string jpeg_bytes(std::size_t size = 64);

}  // namespace tecsync::odoo_rpc::test
