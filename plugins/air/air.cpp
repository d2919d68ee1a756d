// Registration of the Air Computers source plugin; the work is in source.cpp.
#include "source.hpp"
#include "tecsync/export.hpp"

TECSYNC_SOURCE(tecsync::air::AirSource, "air", "0.1.0",
               "Air Computers catalog: JSON API v2, reseller sheet or portal export (flash); item metas or "
               "characteristics CSV (deep)")
