#include "config/config.hpp"

#include <boost/property_tree/ini_parser.hpp>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace tecsync::config {

namespace pt = boost::property_tree;

std::optional<std::string> process_env(const std::string& name) {
  if (const char* v = std::getenv(name.c_str())) return std::string(v);
  return std::nullopt;
}

namespace {

std::string where(const std::string& file, const std::string& section, const std::string& key) {
  return "config " + file + ": [" + section + "] " + key;
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Boost's INI reader keeps `; comment` that follows a value as part of it; the
// configuration contract documents keys with such trailing comments, so drop
// them: a `;` or `#` preceded by whitespace starts a comment.
std::string strip_trailing_comments(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t eol = text.find('\n', pos);
    std::string_view line = text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    std::size_t cut = std::string_view::npos;
    for (std::size_t i = 1; i < line.size(); ++i) {
      if ((line[i] == ';' || line[i] == '#') && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
        cut = i;
        break;
      }
    }
    out.append(line.substr(0, cut));
    if (eol == std::string_view::npos) break;
    out.push_back('\n');
    pos = eol + 1;
  }
  return out;
}

}  // namespace

std::string expand_env(std::string_view value, const std::string& file, const std::string& section,
                       const std::string& key, const EnvLookup& env) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '$' || i + 1 >= value.size() || value[i + 1] != '{') {
      out.push_back(value[i]);
      continue;
    }
    std::size_t close = value.find('}', i + 2);
    if (close == std::string_view::npos) throw ConfigError(where(file, section, key) + ": unterminated ${ in value");
    std::string name(value.substr(i + 2, close - i - 2));
    bool valid = !name.empty();
    for (char c : name) valid = valid && is_name_char(c);
    if (!valid) throw ConfigError(where(file, section, key) + ": bad variable name in ${…}");
    std::optional<std::string> v = env(name);
    if (!v) throw ConfigError(where(file, section, key) + ": environment variable " + name + " is not set");
    out += *v;
    i = close;
  }
  return out;
}

Config parse(std::string_view text, const std::filesystem::path& file, const EnvLookup& env) {
  Config cfg;
  cfg.file = file;
  std::istringstream in(strip_trailing_comments(text));
  try {
    pt::read_ini(in, cfg.tree);
  } catch (const pt::ini_parser_error& e) {
    throw ConfigError("config " + file.string() + " line " + std::to_string(e.line()) + ": " + e.message());
  }
  for (auto& [section_name, section] : cfg.tree) {
    if (section.empty()) {
      // A key outside any section: keep the contract simple and refuse it.
      if (!section.data().empty())
        throw ConfigError("config " + file.string() + ": key '" + section_name + "' is outside any [section]");
      continue;
    }
    for (auto& [key, node] : section) {
      node.data() = expand_env(node.data(), file.string(), section_name, key, env);
    }
  }
  return cfg;
}

Config load(const std::filesystem::path& file, const EnvLookup& env) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError("config " + file.string() + ": cannot be read");
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse(buf.str(), file, env);
}

const pt::ptree* Config::section(const std::string& name) const {
  auto it = tree.find(name);
  if (it == tree.not_found()) return nullptr;
  return &it->second;
}

std::optional<std::string> Config::get(const std::string& section_name, const std::string& key) const {
  const pt::ptree* s = section(section_name);
  if (!s) return std::nullopt;
  auto it = s->find(key);
  if (it == s->not_found()) return std::nullopt;
  return it->second.data();
}

std::string Config::require(const std::string& section_name, const std::string& key) const {
  if (!section(section_name))
    throw ConfigError("config " + file.string() + ": section [" + section_name + "] is missing");
  std::optional<std::string> v = get(section_name, key);
  if (!v || v->empty())
    throw ConfigError(where(file.string(), section_name, key) + ": required key is missing or empty");
  return *v;
}

long long Config::get_int(const std::string& section_name, const std::string& key, long long fallback) const {
  std::optional<std::string> v = get(section_name, key);
  if (!v || v->empty()) return fallback;
  try {
    std::size_t used = 0;
    long long n = std::stoll(*v, &used);
    if (used == v->size()) return n;
  } catch (const std::exception&) {
  }
  throw ConfigError(where(file.string(), section_name, key) + ": expected an integer");
}

double Config::get_double(const std::string& section_name, const std::string& key, double fallback) const {
  std::optional<std::string> v = get(section_name, key);
  if (!v || v->empty()) return fallback;
  try {
    std::size_t used = 0;
    double n = std::stod(*v, &used);
    if (used == v->size()) return n;
  } catch (const std::exception&) {
  }
  throw ConfigError(where(file.string(), section_name, key) + ": expected a number");
}

}  // namespace tecsync::config
