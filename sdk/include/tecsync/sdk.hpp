#pragma once
/// @file
/// Everything a plugin author needs: records, host services, plugin kinds and
/// the registration macros.

#include "tecsync/abi.hpp"
#include "tecsync/config_keys.hpp"
#include "tecsync/decimal.hpp"
#include "tecsync/export.hpp"
#include "tecsync/host.hpp"
#include "tecsync/plugin.hpp"
#include "tecsync/records.hpp"
#include "tecsync/status.hpp"
