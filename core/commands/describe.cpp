#include "commands/describe.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>

namespace tecsync::commands {

namespace {

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

std::string default_text(const config::KeySpec& k) {
  if (k.required()) return k.is_family() ? "required (≥ 1)" : "required";
  if (k.default_value->empty()) return "default empty";
  return "default " + *k.default_value;
}

void print_text(const plugins::LoadedPlugin& p, std::ostream& out) {
  out << "plugin: " << p.name << "\n"
      << "kind: " << to_string(p.kind) << "\n"
      << "version: " << p.version << "\n"
      << "description: " << p.description << "\n"
      << "file: " << p.file.string() << "\n"
      << "abi: " << p.abi.major << "." << p.abi.minor << "\n";
  if (p.kind == PluginKind::sink) out << "dry_run: " << ((p.flags & kPluginDryRun) ? "yes" : "no") << "\n";
  if (!p.keys_declared) {
    out << "keys: not declared (its [" << to_string(p.kind)
        << ".NAME] sections are not validated; see the plugin's README)\n";
    return;
  }
  out << "keys ([" << to_string(p.kind) << ".NAME], besides plugin = " << p.name << "):\n";
  std::size_t name_w = 4, type_w = 4, def_w = 7;
  for (const auto& k : p.keys) {
    name_w = std::max(name_w, k.name.size());
    type_w = std::max(type_w, std::string(to_string(k.type)).size());
    def_w = std::max(def_w, default_text(k).size());
  }
  auto pad = [](std::string s, std::size_t w) {
    // Byte width: ≥ is the only non-ASCII character a default text may hold.
    if (s.size() < w) s.append(w - s.size(), ' ');
    return s;
  };
  for (const auto& k : p.keys) {
    out << "  " << pad(k.name, name_w) << "  " << pad(to_string(k.type), type_w) << "  " << pad(default_text(k), def_w)
        << "  " << k.description;
    if (!k.choices.empty()) out << " (one of: " << join(k.choices, ", ") << ")";
    out << "\n";
  }
}

void print_json(const plugins::LoadedPlugin& p, std::ostream& out) {
  nlohmann::ordered_json j;
  j["name"] = p.name;
  j["kind"] = to_string(p.kind);
  j["version"] = p.version;
  j["description"] = p.description;
  j["file"] = p.file.string();
  j["abi"] = std::to_string(p.abi.major) + "." + std::to_string(p.abi.minor);
  j["dry_run"] = (p.flags & kPluginDryRun) != 0;
  if (!p.keys_declared) {
    j["keys"] = nullptr;
  } else {
    j["keys"] = nlohmann::ordered_json::array();
    for (const auto& k : p.keys) {
      nlohmann::ordered_json key;
      key["name"] = k.name;
      key["type"] = to_string(k.type);
      key["required"] = k.required();
      key["default"] = k.default_value ? nlohmann::ordered_json(*k.default_value) : nlohmann::ordered_json(nullptr);
      key["choices"] = k.choices;
      key["description"] = k.description;
      j["keys"].push_back(std::move(key));
    }
  }
  out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace

int describe_plugin(const plugins::Catalog& catalog, const std::string& name, bool json, std::ostream& out,
                    std::ostream& err) {
  const plugins::LoadedPlugin* p = catalog.find(name);
  if (!p) {
    if (const plugins::Refusal* r = catalog.refusal_for(name)) {
      err << "tecsync: plugin '" << name << "' was refused: " << r->error_class << ": " << r->reason << "\n";
      return 1;
    }
    std::vector<std::string> names;
    for (const auto& l : catalog.loaded) names.push_back(l.name);
    err << "tecsync: no plugin named '" << name << "' in " << catalog.dir.string()
        << " (loaded: " << (names.empty() ? "none" : join(names, ", ")) << ")\n";
    return 2;
  }
  if (json)
    print_json(*p, out);
  else
    print_text(*p, out);
  return 0;
}

}  // namespace tecsync::commands
