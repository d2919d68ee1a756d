#include "config/validate.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>

#include "config/host_keys.hpp"

namespace tecsync::config {

namespace {

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n";
  std::size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

constexpr const char* kInstancePrefixes[] = {"source", "transform", "sink"};

// "source.air" → {"source", "air"}; kind is empty for other shapes.
std::pair<std::string, std::string> split_section(const std::string& name) {
  std::size_t dot = name.find('.');
  if (dot == std::string::npos) return {name, {}};
  return {name.substr(0, dot), name.substr(dot + 1)};
}

// Only `${NAME}` references (and blanks) — no text of its own.
bool only_references(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size()) {
    if (v[i] == ' ' || v[i] == '\t') {
      ++i;
    } else if (v.substr(i, 2) == "${") {
      std::size_t close = v.find('}', i);
      if (close == std::string_view::npos) return false;
      i = close + 1;
    } else {
      return false;
    }
  }
  return true;
}

// The password part of a conninfo (`password=…`, maybe quoted) or of a URI
// (`postgresql://user:PASS@host`), as written; empty when there is none.
std::string_view dsn_password(std::string_view raw) {
  if (std::size_t scheme = raw.find("://"); scheme != std::string_view::npos) {
    std::size_t at = raw.find('@', scheme + 3), slash = raw.find('/', scheme + 3);
    if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at)) return {};
    std::string_view cred = raw.substr(scheme + 3, at - scheme - 3);
    std::size_t colon = cred.find(':');
    return colon == std::string_view::npos ? std::string_view{} : cred.substr(colon + 1);
  }
  std::size_t pos = 0;
  while ((pos = raw.find("password", pos)) != std::string_view::npos) {
    bool word_start = pos == 0 || raw[pos - 1] == ' ' || raw[pos - 1] == '\t';
    std::size_t i = pos + 8;
    while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t')) ++i;
    if (word_start && i < raw.size() && raw[i] == '=') {
      ++i;
      while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t')) ++i;
      if (i < raw.size() && raw[i] == '\'') ++i;
      std::size_t end = raw.find_first_of(" \t'", i);
      return raw.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    }
    pos += 8;
  }
  return {};
}

bool world_readable(const std::filesystem::path& file, unsigned& mode) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return false;
  mode = st.st_mode & 07777;
  return (st.st_mode & S_IROTH) != 0;
}

class Validator {
 public:
  Validator(const Config& cfg, const PluginLookup& plugins) : cfg_(cfg), plugins_(plugins) {}

  void section(const std::string& name) {
    const boost::property_tree::ptree* sec = cfg_.section(name);
    if (!sec) return;
    auto [kind, instance] = split_section(name);
    if (name == "tecsync") {
      keys(name, *sec, to_specs(tecsync_keys()), "");
    } else if (kind == "pipeline" && !instance.empty()) {
      keys(name, *sec, to_specs(pipeline_keys()), "");
      references(name);
    } else if (is_instance_kind(kind) && !instance.empty()) {
      instance_section(name, kind, *sec);
    } else {
      std::string msg = "unknown section [" + name +
                        "]; tecsync reads [tecsync], [pipeline.NAME], [source.NAME], [transform.NAME] and "
                        "[sink.NAME]";
      std::string near = suggest(kind, {"tecsync", "pipeline", "source", "transform", "sink"});
      if (!near.empty()) msg += "; did you mean [" + near + (instance.empty() ? "" : "." + instance) + "]?";
      error(cfg_.where(name), msg);
    }
  }

  Validation result;

 private:
  static bool is_instance_kind(const std::string& kind) {
    return std::any_of(std::begin(kInstancePrefixes), std::end(kInstancePrefixes),
                       [&](const char* p) { return kind == p; });
  }

  void error(std::string at, std::string message) { result.errors.push_back({std::move(at), std::move(message)}); }

  void instance_section(const std::string& name, const std::string& kind, const boost::property_tree::ptree& sec) {
    auto it = sec.find("plugin");
    std::string plugin = it == sec.not_found() ? "" : std::string(trim(it->second.data()));
    if (plugin.empty()) {
      keys(name, sec, to_specs(instance_keys()), "", /*only_declared=*/true);  // reports the missing plugin key
      return;
    }
    const PluginSchema* schema = plugins_.find ? plugins_.find(plugin) : nullptr;
    if (!schema) {
      if (plugins_.refused && plugins_.refused(plugin)) {
        result.notes.push_back("[" + name + "] (plugin " + plugin + "): the plugin was refused, keys not validated");
        return;
      }
      std::string names;
      for (const auto& n : plugins_.loaded) names += (names.empty() ? "" : ", ") + n;
      std::string msg = "[" + name + "] plugin: no plugin named '" + plugin + "' in " + plugins_.dir +
                        " (loaded: " + (names.empty() ? "none" : names) + ")";
      std::string near = suggest(plugin, plugins_.loaded);
      if (!near.empty()) msg += "; did you mean '" + near + "'?";
      error(cfg_.where(name, "plugin"), msg);
      return;
    }
    if (to_string(schema->kind) != kind) {
      error(cfg_.where(name, "plugin"), "[" + name + "] plugin: '" + plugin + "' is a " + to_string(schema->kind) +
                                            ", not a " + kind + " (use it in a [" + to_string(schema->kind) +
                                            ".NAME] section)");
      return;
    }
    std::vector<KeySpec> specs = to_specs(instance_keys());
    if (!schema->declared) {
      result.notes.push_back("[" + name + "] (plugin " + plugin + "): the plugin declares no keys, not validated");
      keys(name, sec, specs, " (plugin " + plugin + ")", /*only_declared=*/true);
      return;
    }
    specs.insert(specs.end(), schema->keys.begin(), schema->keys.end());
    keys(name, sec, specs, " (plugin " + plugin + ")");
  }

  // `[pipeline.P] source = air` needs a [source.air] section, and so on.
  void references(const std::string& name) {
    auto check = [&](const std::string& key, const std::string& kind, const std::string& instance) {
      std::string target = kind + "." + instance;
      if (cfg_.section(target)) return;
      std::vector<std::string> same_kind;
      for (const auto& [sec, unused] : cfg_.tree)
        if (split_section(sec).first == kind) same_kind.push_back(split_section(sec).second);
      std::string msg = "[" + name + "] " + key + ": no section [" + target + "] is configured";
      std::string near = suggest(instance, same_kind);
      if (!near.empty()) msg += "; did you mean '" + near + "'?";
      error(cfg_.where(name, key), msg);
    };
    if (auto v = cfg_.get(name, "source"); v && !trim(*v).empty()) check("source", "source", std::string(trim(*v)));
    if (auto v = cfg_.get(name, "sink"); v && !trim(*v).empty()) check("sink", "sink", std::string(trim(*v)));
    for (const auto& t : split_list(cfg_.get(name, "transforms").value_or(""))) check("transforms", "transform", t);
  }

  // Every key of `sec` declared and valid; every required key present.
  // only_declared: undeclared keys pass (a plugin without a declaration).
  void keys(const std::string& name, const boost::property_tree::ptree& sec, const std::vector<KeySpec>& specs,
            const std::string& owner, bool only_declared = false) {
    std::vector<std::string> candidates;
    for (const auto& s : specs) candidates.push_back(s.is_family() ? s.name.substr(0, s.name.size() - 1) : s.name);
    for (const auto& [key, node] : sec) {
      auto spec = std::find_if(specs.begin(), specs.end(), [&](const KeySpec& s) { return s.matches(key); });
      if (spec == specs.end()) {
        if (only_declared) continue;
        std::string msg = "unknown key '" + key + "' in [" + name + "]" + owner;
        std::size_t dot = key.find('.');
        std::string near = suggest(dot == std::string::npos ? key : key.substr(0, dot + 1), candidates);
        if (!near.empty()) msg += "; did you mean '" + near + (near.back() == '.' ? key.substr(dot + 1) : "") + "'?";
        error(cfg_.where(name, key), msg);
        continue;
      }
      std::string value(trim(node.data()));
      if (value.empty()) {
        if (spec->required())
          error(cfg_.where(name, key), "[" + name + "] " + key + owner + ": required key is empty");
        else
          ++result.keys_valid;
        continue;
      }
      if (auto why = check_value(*spec, value)) {
        error(cfg_.where(name, key), "[" + name + "] " + key + owner + ": " + *why);
        continue;
      }
      ++result.keys_valid;
      secrets(name, key, *spec);
    }
    for (const auto& spec : specs) {
      if (!spec.required()) continue;
      bool present = std::any_of(sec.begin(), sec.end(), [&](const auto& kv) { return spec.matches(kv.first); });
      if (present) continue;
      std::string shown = spec.is_family() ? spec.name.substr(0, spec.name.size() - 1) + "<NAME>" : spec.name;
      error(cfg_.where(name), "[" + name + "]" + owner + ": required key '" + shown + "' is missing (" +
                                  to_string(spec.type) + ": " + spec.description + ")");
    }
  }

  // A password written into a file every local user can read: warned, not
  // refused — the sync keeps running, and `tecsync check` shows it (README).
  void secrets(const std::string& name, const std::string& key, const KeySpec& spec) {
    auto origin = cfg_.key_origin.find({name, key});
    if (origin == cfg_.key_origin.end() || !literal_secret(spec.type, origin->second.raw)) return;
    unsigned mode = 0;
    const auto& file = origin->second.at.file;
    if (!world_readable(file, mode)) return;
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", mode);
    result.warnings.push_back(
        {origin->second.at.text(),
         "[" + name + "] " + key + " holds a literal password and " + file.string() +
             " is readable by every user (mode " + octal +
             "): write ${NAME} there and set NAME in /etc/tecsync/secrets.env (mode 0640), or chmod o-r " +
             file.string()});
  }

  const Config& cfg_;
  const PluginLookup& plugins_;
};

}  // namespace

std::string Validation::errors_text() const {
  std::string out;
  for (const auto& e : errors) out += (out.empty() ? "" : "\n") + e.text();
  return out;
}

std::vector<std::string> split_list(std::string_view list) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= list.size()) {
    std::size_t comma = list.find(',', pos);
    std::string_view item =
        trim(list.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

bool literal_secret(KeyType type, std::string_view raw) {
  if (type == KeyType::secret) return !only_references(trim(raw));
  if (type == KeyType::dsn) {
    std::string_view pw = dsn_password(raw);
    return !pw.empty() && !only_references(pw);
  }
  return false;
}

std::vector<std::string> pipeline_sections(const Config& cfg, const std::string& pipeline) {
  std::vector<std::string> out;
  if (cfg.section("tecsync")) out.push_back("tecsync");
  const std::string sec = "pipeline." + pipeline;
  if (!cfg.section(sec)) return out;
  out.push_back(sec);
  auto add = [&](const std::string& name) {
    if (cfg.section(name) && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  };
  add("source." + std::string(trim(cfg.get(sec, "source").value_or(""))));
  for (const auto& t : split_list(cfg.get(sec, "transforms").value_or(""))) add("transform." + t);
  add("sink." + std::string(trim(cfg.get(sec, "sink").value_or(""))));
  return out;
}

Validation validate(const Config& cfg, const PluginLookup& plugins, const std::vector<std::string>& sections) {
  Validator v(cfg, plugins);
  if (sections.empty()) {
    for (const auto& [name, unused] : cfg.tree) v.section(name);
  } else {
    for (const auto& name : sections) v.section(name);
  }
  return std::move(v.result);
}

}  // namespace tecsync::config
