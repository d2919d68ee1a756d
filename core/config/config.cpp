#include "config/config.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace tecsync::config {

namespace pt = boost::property_tree;
namespace fs = std::filesystem;

std::optional<std::string> process_env(const std::string& name) {
  if (const char* v = std::getenv(name.c_str())) return std::string(v);
  return std::nullopt;
}

namespace {

std::string where(const std::string& file, const std::string& section, const std::string& key) {
  return "config " + file + ": [" + section + "] " + key;
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n";
  std::size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

// The configuration contract documents keys with trailing comments, so a `;`
// or `#` preceded by whitespace starts a comment (Boost's INI reader would keep
// it as part of the value).
std::string_view strip_trailing_comment(std::string_view line) {
  for (std::size_t i = 1; i < line.size(); ++i)
    if ((line[i] == ';' || line[i] == '#') && (line[i - 1] == ' ' || line[i - 1] == '\t')) return line.substr(0, i);
  return line;
}

// Section names are plain ptree keys: never split them at a dot.
pt::ptree::path_type literal(const std::string& name) { return pt::ptree::path_type(name, '\0'); }

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

// The INI dialect of Boost.PropertyTree (sections, `key = value`, whole-line
// `;`/`#` comments), read by hand because tecsync needs the line of every key
// and a merge across files that read_ini cannot give.
void merge_text(Config& cfg, std::string_view text, const fs::path& file, const EnvLookup& env) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM from a Windows editor
  cfg.files.push_back(file);
  std::string section;
  bool in_section = false;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    std::string_view raw = text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? text.size() : eol + 1;
    ++line_no;
    const Origin at{file, line_no};
    std::string_view line = trim(strip_trailing_comment(raw));
    if (line.empty() || line.front() == ';' || line.front() == '#') continue;
    if (line.front() == '[') {
      if (line.back() != ']') throw ConfigError(at.text() + ": a section header must end with ']'");
      section = std::string(trim(line.substr(1, line.size() - 2)));
      if (section.empty()) throw ConfigError(at.text() + ": empty section name '[]'");
      in_section = true;
      if (!cfg.tree.get_child_optional(literal(section))) {
        cfg.tree.push_back({section, pt::ptree()});
        cfg.section_origin.emplace(section, at);
      }
      continue;
    }
    std::size_t eq = line.find('=');
    if (eq == std::string_view::npos)
      throw ConfigError(at.text() + ": expected 'key = value' or '[section]', found a line without '='");
    std::string key(trim(line.substr(0, eq)));
    std::string value(trim(line.substr(eq + 1)));
    if (key.empty()) throw ConfigError(at.text() + ": a line starts with '=' (no key name)");
    if (!in_section) throw ConfigError(at.text() + ": key '" + key + "' is outside any [section]");
    auto [it, fresh] = cfg.key_origin.emplace(std::pair{section, key}, KeyOrigin{at, value});
    if (!fresh)
      throw ConfigError(at.text() + ": key '" + key + "' in [" + section + "] is already set at " +
                        it->second.at.text() +
                        "; a key is set in one place only (change it there, or remove one of the two)");
    std::string expanded = expand_env(value, at.text(), section, key, env);
    cfg.tree.get_child(literal(section)).push_back({key, pt::ptree(expanded)});
  }
}

Config parse(std::string_view text, const fs::path& file, const EnvLookup& env) {
  Config cfg;
  cfg.file = file;
  merge_text(cfg, text, file, env);
  return cfg;
}

fs::path default_config_path(const EnvLookup& env) {
  if (auto v = env("TECSYNC_CONFIG"); v && !v->empty()) return *v;
  return "/etc/tecsync/tecsync.conf";
}

std::vector<fs::path> conf_d_files(const fs::path& main) {
  std::vector<fs::path> out;
  fs::path dir = (main.has_parent_path() ? main.parent_path() : fs::path(".")) / "conf.d";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    // dpkg leaves `x.conf.dpkg-old`/`.dpkg-dist` beside a conffile; editors
    // leave `.x.conf.swp`: only `*.conf` not hidden counts (as in /etc/*.d).
    if (p.extension() != ".conf" || name.front() == '.' || it->is_directory(ec)) continue;
    out.push_back(p);
  }
  if (ec) throw ConfigError("config " + dir.string() + ": cannot be listed: " + ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

namespace {
std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError("config " + file.string() + ": cannot be read");
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}
}  // namespace

Config load(const fs::path& file, const EnvLookup& env) {
  Config cfg;
  cfg.file = file;
  merge_text(cfg, read_file(file), file, env);
  for (const fs::path& extra : conf_d_files(file)) merge_text(cfg, read_file(extra), extra, env);
  return cfg;
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

std::string Config::where(const std::string& section_name, const std::string& key) const {
  if (!key.empty())
    if (auto it = key_origin.find({section_name, key}); it != key_origin.end()) return it->second.at.text();
  if (auto it = section_origin.find(section_name); it != section_origin.end()) return it->second.text();
  return file.string();
}

std::string Config::require(const std::string& section_name, const std::string& key) const {
  if (!section(section_name))
    throw ConfigError("config " + file.string() + ": section [" + section_name + "] is missing");
  std::optional<std::string> v = get(section_name, key);
  if (!v || v->empty())
    throw ConfigError("config " + where(section_name, key) + ": [" + section_name + "] " + key +
                      ": required key is missing or empty");
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
  throw ConfigError("config " + where(section_name, key) + ": [" + section_name + "] " + key + ": expected an integer");
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
  throw ConfigError("config " + where(section_name, key) + ": [" + section_name + "] " + key + ": expected a number");
}

}  // namespace tecsync::config
