#pragma once
/// @file
/// Feed-text utilities for source plugins: bytes → UTF-8, CSV records with
/// line numbers (RFC 4180 and Air's unescaped-quote portal dialect), HTML sniffing, header matching, and the number,
/// stock, SKU and date rules of `cases/README.md`. Header-only; every function reports bad data as a code in its result
/// and never throws on it (only `std::bad_alloc` can escape).

#include "tecsync/text/csv.hpp"
#include "tecsync/text/datetime.hpp"
#include "tecsync/text/encoding.hpp"
#include "tecsync/text/header.hpp"
#include "tecsync/text/markup.hpp"
#include "tecsync/text/message.hpp"
#include "tecsync/text/number.hpp"
#include "tecsync/text/portal_csv.hpp"
#include "tecsync/text/sku.hpp"
#include "tecsync/text/stock.hpp"
#include "tecsync/text/trim.hpp"
