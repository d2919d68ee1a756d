// Registration only: the Odoo RPC deep sink as plugin `odoo_rpc`.
#include "odoo_rpc_sink.hpp"
#include "tecsync/export.hpp"

TECSYNC_SINK(tecsync::odoo_rpc::OdooRpcSink, "odoo_rpc", "0.1.0",
             "Odoo 17/18 product content over JSON-RPC: create, enrich, images; content hashes in schema tecsync")
