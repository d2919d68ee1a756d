#pragma once
/// @file
/// `tecsync plugins --describe NAME [--json]`: a plugin's facts and every
/// configuration key it declares (name, type, default or `required`, choices,
/// meaning) — the same declaration the host validates configs against.

#include <iosfwd>
#include <string>

#include "plugins/loader.hpp"

namespace tecsync::commands {

/// Prints plugin `name` of `catalog` to `out`. Text, one key per line:
///   `  margin_percent  decimal  default 0  margin over cost, in percent …`
/// or with `json` one object
///   `{"name","kind","version","description","file","abi","dry_run",
///     "keys":[{"name","type","required","default","choices","description"}] | null}`
/// (`keys` null when the plugin declares none). Returns 0, or 2 with a message
/// on `err` naming the loaded plugins when there is no plugin `name` (1 when a
/// file of that name was refused, with the refusal).
int describe_plugin(const plugins::Catalog& catalog, const std::string& name, bool json, std::ostream& out,
                    std::ostream& err);

}  // namespace tecsync::commands
