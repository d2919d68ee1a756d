// Registration of the csv_feed source plugin; the work is in csv_source.cpp.
#include "csv_source.hpp"
#include "tecsync/export.hpp"

TECSYNC_SOURCE(tecsync::feeds::CsvFeedSource, "csv_feed", "0.1.0",
               "Any supplier's CSV/TSV price list, mapped column by column in config (flash)")
