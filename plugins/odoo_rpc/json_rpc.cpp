#include "json_rpc.hpp"

#include <thread>
#include <utility>

namespace tecsync::odoo_rpc {

RpcErrorKind classify_error_name(const std::string& name) {
  auto has = [&](const char* s) { return name.find(s) != std::string::npos; };
  if (has("AccessDenied")) return RpcErrorKind::access_denied;
  // Odoo rolled the transaction back: the same call may succeed a moment later
  // (odoo-facts §2: REPEATABLE READ; Odoo retries these itself too).
  if (has("SerializationFailure") || has("TransactionRollbackError") || has("LockNotAvailable") ||
      has("DeadlockDetected"))
    return RpcErrorKind::transient;
  if (has("ValidationError") || has("UserError") || has("MissingError") || has("AccessError") ||
      has("RedirectWarning") || has("IntegrityError"))
    return RpcErrorKind::record;
  return RpcErrorKind::fatal;
}

bool is_write_method(const std::string& method) {
  return method == "create" || method == "write" || method == "unlink";
}

std::string request_body(const std::string& service, const std::string& method, const json& args, std::int64_t id) {
  json j = {{"jsonrpc", "2.0"},
            {"method", "call"},
            {"params", {{"service", service}, {"method", method}, {"args", args}}},
            {"id", id}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

RpcOutcome parse_answer(const Status& transport, long http_status, const std::string& body) {
  RpcOutcome o;
  if (!transport.is_ok()) {
    o.kind = RpcErrorKind::transient;
    o.error_name = transport.error_class;
    o.message = transport.detail;
    return o;
  }
  if (http_status == 502 || http_status == 503 || http_status == 504) {
    o.kind = RpcErrorKind::transient;
    o.error_name = "HTTP " + std::to_string(http_status);
    o.message = "the Odoo server answered HTTP " + std::to_string(http_status);
    return o;
  }
  if (http_status != 200) {
    o.kind = http_status == 401 || http_status == 403 ? RpcErrorKind::access_denied : RpcErrorKind::fatal;
    o.error_name = "HTTP " + std::to_string(http_status);
    o.message = "the Odoo server answered HTTP " + std::to_string(http_status) + ": " + body.substr(0, 200);
    return o;
  }
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    o.kind = RpcErrorKind::fatal;
    o.error_name = "RpcProtocolError";
    o.message = "not a JSON-RPC answer: " + body.substr(0, 200);
    return o;
  }
  if (auto e = j.find("error"); e != j.end() && !e->is_null()) {
    const json& data = e->value("data", json::object());
    o.error_name = data.is_object() ? data.value("name", std::string()) : std::string();
    o.message = data.is_object() ? data.value("message", std::string()) : std::string();
    if (o.message.empty()) o.message = e->value("message", std::string("Odoo Server Error"));
    // 100 = session expired, 404 = not found (odoo-facts §7): neither is a record's fault.
    o.kind = e->value("code", 200) == 200 ? classify_error_name(o.error_name) : RpcErrorKind::fatal;
    return o;
  }
  if (!j.contains("result")) {
    o.kind = RpcErrorKind::fatal;
    o.error_name = "RpcProtocolError";
    o.message = "JSON-RPC answer without result or error";
    return o;
  }
  o.result = std::move(j["result"]);
  return o;
}

JsonRpc::JsonRpc(HttpClient& http, Options options, const Cancellation* cancel, Logger* log)
    : http_(http), opt_(std::move(options)), cancel_(cancel), log_(log) {}

void JsonRpc::set_auth(std::string db, std::int64_t uid, std::string key) {
  db_ = std::move(db);
  uid_ = uid;
  key_ = std::move(key);
}

HttpRequest JsonRpc::make_request(const std::string& body) const {
  HttpRequest r;
  r.method = "POST";
  r.url = opt_.url + "/jsonrpc";
  r.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  r.body = body;
  r.total_timeout_s = opt_.timeout_s;
  r.max_retries = 0;  // retries are ours: a create must not be repeated blindly
  return r;
}

std::string JsonRpc::kw_body(const KwCall& c) {
  json args = json::array({db_, uid_, key_, c.model, c.method, c.args, c.kwargs});
  return request_body("object", "execute_kw", args, next_id_++);
}

bool JsonRpc::wait(int attempt) {
  auto delay = opt_.backoff * (1 << (attempt - 1));
  auto until = std::chrono::steady_clock::now() + delay;
  while (std::chrono::steady_clock::now() < until) {
    if (cancel_ && cancel_->requested()) return false;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        std::chrono::milliseconds(50), until - std::chrono::steady_clock::now()));
  }
  return true;
}

std::vector<RpcOutcome> JsonRpc::send(const std::vector<std::string>& bodies) {
  std::vector<RpcOutcome> out(bodies.size());
  if (bodies.empty()) return out;
  calls_ += static_cast<std::int64_t>(bodies.size());
  if (bodies.size() == 1) {
    HttpResponse head;
    std::string body;
    Status s = http_.fetch_small(make_request(bodies[0]), body, head, 256u << 20);
    out[0] = parse_answer(s, head.status, body);
    return out;
  }
  std::vector<HttpRequest> reqs;
  reqs.reserve(bodies.size());
  for (const auto& b : bodies) reqs.push_back(make_request(b));
  HttpBatchLimits lim;
  lim.max_in_flight = opt_.max_in_flight;
  lim.max_per_host = opt_.max_in_flight;
  lim.max_body_bytes = 256u << 20;
  std::vector<bool> done(bodies.size(), false);
  Status s = http_.fetch_many(reqs, lim, [&](HttpResult&& r) {
    if (r.index < out.size()) {
      out[r.index] = parse_answer(r.status, r.response.status, r.body);
      done[r.index] = true;
    }
    return true;
  });
  for (std::size_t i = 0; i < out.size(); ++i)
    if (!done[i]) {
      out[i].kind = RpcErrorKind::transient;
      out[i].error_name = s.error_class.empty() ? "NotSent" : s.error_class;
      out[i].message = s.detail.empty() ? "request not completed" : s.detail;
    }
  return out;
}

bool known_not_applied(const RpcOutcome& o) {
  return o.kind == RpcErrorKind::transient &&
         (o.error_name.find("Serialization") != std::string::npos ||
          o.error_name.find("TransactionRollback") != std::string::npos || o.error_name == "HTTP 503");
}

namespace {
// May this failed call be sent again? Transient, and for a create only when
// Odoo is known not to have run it (rolled back, or 503 before it got there).
bool retryable(const RpcOutcome& o, bool idempotent) {
  if (o.kind != RpcErrorKind::transient) return false;
  return idempotent || known_not_applied(o);
}
}  // namespace

RpcOutcome JsonRpc::common(const std::string& method, const json& args) {
  for (int attempt = 1;; ++attempt) {
    RpcOutcome o = send({request_body("common", method, args, next_id_++)})[0];
    if (!retryable(o, true) || attempt >= opt_.attempts || !wait(attempt)) return o;
    ++retries_;
  }
}

RpcOutcome JsonRpc::execute(const KwCall& call) { return execute_many({call})[0]; }

json JsonRpc::execute_or_throw(const KwCall& call, const std::string& where) {
  RpcOutcome o = execute(call);
  if (!o.ok()) throw RpcFailure(o.kind, where + " (" + call.model + "." + call.method + ")", o);
  return std::move(o.result);
}

std::vector<RpcOutcome> JsonRpc::execute_many(const std::vector<KwCall>& calls) {
  std::vector<RpcOutcome> out(calls.size());
  std::vector<std::size_t> pending(calls.size());
  for (std::size_t i = 0; i < calls.size(); ++i) pending[i] = i;
  for (int attempt = 1; !pending.empty(); ++attempt) {
    std::vector<std::string> bodies;
    for (std::size_t i : pending) {
      bodies.push_back(kw_body(calls[i]));
      if (!is_write_method(calls[i].method)) continue;
      ++writes_;
      // Which records and fields, not the values (images would flood the log).
      if (log_) {
        std::string what = calls[i].model + "." + calls[i].method;
        const json& a = calls[i].args;
        if (calls[i].method == "write" && a.size() == 2 && a[1].is_object()) {
          what += " ids " + a[0].dump() + " fields";
          for (const auto& [k, v] : a[1].items()) what += " " + k;
        } else if (!a.empty() && a[0].is_array()) {
          what += " " + std::to_string(a[0].size()) + " record(s)";
        }
        log_->debug("odoo_rpc: " + what);
      }
    }
    std::vector<RpcOutcome> got = send(bodies);
    std::vector<std::size_t> again;
    for (std::size_t k = 0; k < pending.size(); ++k) {
      out[pending[k]] = std::move(got[k]);
      if (retryable(out[pending[k]], calls[pending[k]].idempotent)) again.push_back(pending[k]);
    }
    if (again.empty() || attempt >= opt_.attempts) break;
    if (log_)
      log_->warn("odoo_rpc: " + std::to_string(again.size()) + " call(s) failed transiently (" +
                 out[again[0]].error_name + "), retry " + std::to_string(attempt));
    if (!wait(attempt)) break;
    retries_ += static_cast<std::int64_t>(again.size());
    pending = std::move(again);
  }
  return out;
}

}  // namespace tecsync::odoo_rpc
