// Every key of a `[transform.<name>]` section of the pricing plugin, for the
// host's validation and `tecsync plugins --describe pricing`. Defaults are the
// ones config.cpp applies; README.md explains each key.
#include "pricing_transform.hpp"

namespace tecsync::pricing {
namespace {

using K = KeyType;

constexpr ConfigKey kKeys[] = {
    {"margin_percent", K::decimal, "0", "margin over cost in percent (30 = +30 %); > -100"},
    {"rounding", K::decimal, "0.01", "step the price is rounded to, half up (0.01, 1, 10); > 0"},
    {"company_currency", K::string, "ARS",
     "ISO code prices are computed in (rate = odoo: the database's company currency wins)"},
    {"rate", K::string, "air",
     "where fx comes from: air (the supplier's quote), odoo (Odoo's res_currency_rate) or fixed:<company units per "
     "USD>"},
    {"dsn", K::dsn, "", "rate = odoo only (required then): the Odoo database's libpq connection string; use ${ENV}"},
    {"company", K::string, "", "rate = odoo only: res_company name whose currency and rates to use; empty = the first"},
    {"odoo_rate_ttl", K::integer, "60", "rate = odoo only: seconds the rates read from Odoo are reused"},
};

}  // namespace

std::span<const ConfigKey> PricingTransform::config_keys() { return kKeys; }

}  // namespace tecsync::pricing
