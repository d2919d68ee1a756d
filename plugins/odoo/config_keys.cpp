// Every key of a `[sink.<name>]` section of the odoo_sql plugin, for the host's
// validation and `tecsync plugins --describe odoo_sql`. Defaults are the ones
// config.cpp applies; README.md explains each key.
#include "odoo_sql_sink.hpp"

namespace tecsync::odoo {
namespace {

using K = KeyType;

constexpr ConfigKey kKeys[] = {
    {"dsn", K::dsn, nullptr,
     "the Odoo database's libpq connection string (host=… dbname=… user=… password=${ENV}); taken verbatim"},
    {"supplier", K::string, nullptr, "res.partner name of the vendor that owns the products (Air Computers)"},
    {"location.*", K::string, nullptr,
     "stock.location complete_name for the tecsync warehouse code after the dot (location.S_CBA = WH/Air Córdoba)"},
    {"lock_timeout", K::seconds, "5", "SET LOCAL lock_timeout of the cycle transaction, > 0"},
    {"attempts", K::integer, "3", "tries of the whole cycle transaction on lock timeout, serialization or deadlock"},
    {"backoff", K::seconds, "2", "wait before the 2nd try; doubles each try"},
    {"statement_timeout", K::seconds, "0", "SET LOCAL statement_timeout of the cycle transaction; 0 = off"},
    {"odoo_user", K::string, "admin", "res_users.login written as create_uid/write_uid"},
    {"absent_min_coverage", K::decimal, "0.5",
     "share 0..1 of the supplier's active products the feed must cover before absent SKUs are zeroed"},
    {"pulse_field", K::string, "x_tecsync_pulse",
     "product_template Char column for the per-product pulse; skipped if absent"},
};

}  // namespace

std::span<const ConfigKey> OdooSqlSink::config_keys() { return kKeys; }

}  // namespace tecsync::odoo
