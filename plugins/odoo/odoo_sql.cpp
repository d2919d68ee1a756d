// Registration only: the Odoo SQL flash sink as plugin `odoo_sql`.
#include "odoo_sql_sink.hpp"
#include "tecsync/export.hpp"

TECSYNC_SINK(tecsync::odoo::OdooSqlSink, "odoo_sql", "0.1.0",
             "Odoo 17/18 price + stock over SQL: COPY staging, one set-based transaction per cycle")
