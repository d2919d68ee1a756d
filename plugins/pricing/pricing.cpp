// Registration only: the pricing transform as plugin `pricing`.
#include "pricing_transform.hpp"
#include "tecsync/export.hpp"

TECSYNC_TRANSFORM(tecsync::pricing::PricingTransform, "pricing", "0.1.0",
                  "list_price = cost x (1 + margin) x fx, rounded half-up, in the Odoo company currency")
