#pragma once
/// @file
/// Odoo's external JSON-RPC (`POST <url>/jsonrpc`, odoo-facts §7) over the host's
/// HttpClient: request bodies, error classification by `error.data.name`, retries
/// of transient failures with backoff, and many calls in flight through
/// `HttpClient::fetch_many`.

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "tecsync/host.hpp"

namespace tecsync::odoo_rpc {

using nlohmann::json;

/// What went wrong with one call, by what the sink does about it.
enum class RpcErrorKind {
  none,
  access_denied,  ///< `odoo.exceptions.AccessDenied` or authenticate → false: the cycle fails
  record,         ///< ValidationError / UserError / MissingError / AccessError: that record is rejected
  transient,      ///< serialization failure, HTTP 502/503/504, timeout, cut connection: retry, then fail
  fatal,          ///< anything else (unknown model/field, protocol error): the cycle fails
};

/// Classifies Odoo's `error.data.name` (`odoo.exceptions.ValidationError`,
/// `psycopg2.errors.SerializationFailure`, …).
RpcErrorKind classify_error_name(const std::string& name);

/// The result of one call: `result` when `kind == none`, else the error.
struct RpcOutcome {
  RpcErrorKind kind = RpcErrorKind::none;
  std::string error_name;  ///< `data.name`, or a transport class (`FeedTransportError.Timeout`, `HTTP 503`)
  std::string message;     ///< `data.message` (Odoo's text for the admin), or the transport detail
  json result;
  bool ok() const { return kind == RpcErrorKind::none; }
};

/// A failed call that ends the cycle (or the step), with its Odoo error.
struct RpcFailure : std::runtime_error {
  RpcFailure(RpcErrorKind kind_, std::string where, const RpcOutcome& o)
      : std::runtime_error(where + ": " + (o.error_name.empty() ? "" : o.error_name + ": ") + o.message),
        kind(kind_),
        outcome(o) {}
  RpcErrorKind kind;
  RpcOutcome outcome;
};

/// The JSON-RPC request body: `{"jsonrpc":"2.0","method":"call","params":{"service","method","args"},"id"}`.
std::string request_body(const std::string& service, const std::string& method, const json& args, std::int64_t id);

/// Reads one HTTP answer into an outcome: transport failure and 502/503/504 are
/// transient, another non-200 status or a body that is not a JSON-RPC answer is fatal.
RpcOutcome parse_answer(const Status& transport, long http_status, const std::string& body);

/// One `object.execute_kw` call: `[db, uid, key, model, method, args, kwargs]`.
struct KwCall {
  std::string model;
  std::string method;
  json args = json::array();
  json kwargs = json::object();
  /// A call that changes nothing when repeated (reads, writes of fixed values).
  /// `create` is not: after a timeout it may have landed, so it is retried only
  /// when Odoo says it rolled back (serialization failure) or HTTP 503.
  bool idempotent = true;
};

/// Calls Odoo, counting calls and retries. Not thread-safe (one cycle, one thread).
class JsonRpc {
 public:
  struct Options {
    std::string url;  ///< base URL, no trailing slash
    double timeout_s = 120;
    int attempts = 3;
    std::chrono::milliseconds backoff{1000};
    std::size_t max_in_flight = 4;
  };
  JsonRpc(HttpClient& http, Options options, const Cancellation* cancel, Logger* log);

  /// `common.<method>(args)` (version, authenticate), retried when transient.
  RpcOutcome common(const std::string& method, const json& args);
  /// Sets what `execute_kw` sends in its first three slots.
  void set_auth(std::string db, std::int64_t uid, std::string key);

  /// One execute_kw call, retried when transient.
  RpcOutcome execute(const KwCall& call);
  /// Like `execute`, but any error throws RpcFailure naming `where`.
  json execute_or_throw(const KwCall& call, const std::string& where);
  /// Many calls with up to `max_in_flight` open at once; outcomes in call order.
  /// Transient failures are retried (whole rounds, with backoff) up to `attempts`.
  std::vector<RpcOutcome> execute_many(const std::vector<KwCall>& calls);

  std::int64_t calls() const { return calls_; }         ///< HTTP requests sent
  std::int64_t write_calls() const { return writes_; }  ///< create / write / unlink sent
  std::int64_t retries() const { return retries_; }

 private:
  HttpRequest make_request(const std::string& body) const;
  std::string kw_body(const KwCall& call);
  std::vector<RpcOutcome> send(const std::vector<std::string>& bodies);
  bool wait(int attempt);

  HttpClient& http_;
  Options opt_;
  const Cancellation* cancel_;
  Logger* log_;
  std::string db_, key_;
  std::int64_t uid_ = 0;
  std::int64_t next_id_ = 1;
  std::int64_t calls_ = 0, writes_ = 0, retries_ = 0;
};

/// A transient failure after which Odoo surely did not apply the call: it rolled
/// back (serialization failure) or answered HTTP 503 before reaching it. Other
/// transient failures (timeout, cut answer, 502/504) may hide a call that ran.
bool known_not_applied(const RpcOutcome& o);

/// True for the methods that change records (counted as write calls).
bool is_write_method(const std::string& method);

}  // namespace tecsync::odoo_rpc
