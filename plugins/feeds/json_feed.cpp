// Registration of the json_feed source plugin; the work is in json_source.cpp.
#include "json_source.hpp"
#include "tecsync/export.hpp"

TECSYNC_SOURCE(tecsync::feeds::JsonFeedSource, "json_feed", "0.1.0",
               "Any supplier's paged JSON API, mapped field by field in config (flash)")
