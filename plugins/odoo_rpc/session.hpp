#pragma once
/// @file
/// Opening a conversation with Odoo: `common.version` (→ profile),
/// `common.authenticate` (→ uid), and the read-only facts every entry point
/// needs (custom fields, supplier partner, product.image). Shared by the cycle,
/// `check` and `provision`.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config.hpp"
#include "json_rpc.hpp"
#include "writer.hpp"

namespace tecsync::odoo_rpc {

/// The custom fields tecsync needs on product.template (created by `tecsync odoo setup`).
inline const std::vector<std::string> kCustomFields = {"x_tecsync_pulse", "x_tecsync_mpn"};

/// A JsonRpc for `config` (url, timeout, attempts, backoff, max_in_flight).
std::unique_ptr<JsonRpc> make_rpc(HttpClient& http, const RpcConfig& config, const Cancellation* cancel, Logger* log);

/// version + authenticate; sets the rpc's auth. Throws RpcFailure (authenticate
/// answering false is `access_denied`) or std::runtime_error (unsupported version).
Target open_session(JsonRpc& rpc, const RpcConfig& config);

/// Which of `kCustomFields` exist on product.template (one search_read of ir.model.fields).
std::vector<std::string> missing_custom_fields(JsonRpc& rpc);
/// The supplier's res.partner id (companies first), 0 when there is none.
std::int64_t find_partner(JsonRpc& rpc, const std::string& name);
/// Whether model `model` is installed (ir.model).
bool model_exists(JsonRpc& rpc, const std::string& model);

/// A failed call as the cycle's Status: AccessDenied → `RpcAccessDenied`,
/// retries used up → `RpcRetryExhausted`, else `RpcError`; area api.
Status status_of(const RpcFailure& f);

/// What to run to create the missing pieces, for messages.
std::string setup_hint(const std::string& instance);

}  // namespace tecsync::odoo_rpc
