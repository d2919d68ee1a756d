#include "plugins/loader.hpp"

#include "plugins/elf_dynsym.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <boost/dll/library_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <charconv>
#include <fstream>
#include <map>

namespace tecsync::plugins {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSection = "tecsync";
constexpr const char* kAbiPrefix = "tecsync_abi_";
constexpr const char* kInfoSymbol = "tecsync_plugin_info";
constexpr const char* kFactorySymbol = "tecsync_create";

std::string host_abi() { return std::to_string(kAbi.major) + "." + std::to_string(kAbi.minor); }

Refusal refuse(const fs::path& file, std::string cls, std::string reason) {
  return Refusal{file, "PluginLoadError." + std::move(cls), std::move(reason), {}};
}

bool world_writable(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return false;
  return (st.st_mode & S_IWOTH) != 0;
}

// `tecsync_abi_1_0` → {1, 0}.
std::optional<AbiVersion> parse_abi(const std::string& symbol) {
  std::string_view rest(symbol);
  rest.remove_prefix(std::string_view(kAbiPrefix).size());
  std::size_t sep = rest.find('_');
  if (sep == std::string_view::npos) return std::nullopt;
  AbiVersion v;
  auto a = std::from_chars(rest.data(), rest.data() + sep, v.major);
  auto b = std::from_chars(rest.data() + sep + 1, rest.data() + rest.size(), v.minor);
  if (a.ec != std::errc{} || a.ptr != rest.data() + sep || b.ec != std::errc{} || b.ptr != rest.data() + rest.size())
    return std::nullopt;
  return v;
}

// Why Boost.DLL could not read a file's section table, in the words the
// dynamic loader would use. Its own exception text is often a bare stream
// error ("basic_ios::clear"), and dlopen is not an option: nothing is loaded
// before the checks pass.
std::string not_elf_reason(const fs::path& file, const std::exception& e) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return "cannot be read (" + std::string(e.what()) + ")";
  char head[24] = {};
  in.read(head, sizeof head);
  auto n = static_cast<std::size_t>(in.gcount());
  if (n >= 4 && std::string_view(head, 4) == "\177ELF") return "a damaged ELF file (" + std::string(e.what()) + ")";
  std::string start;
  for (std::size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(head[i]);
    start += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '.';
  }
  return n == 0 ? "invalid ELF header (the file is empty)"
                : "invalid ELF header (not an ELF file; it starts with \"" + start + "\")";
}

// Step 2: what the file exports, read from its section table without loading it.
std::optional<Refusal> check_exports(const fs::path& file, AbiVersion& abi_out) {
  std::vector<std::string> section_symbols;
  std::vector<std::string> all_symbols;
  try {
    boost::dll::library_info info(boost::dll::fs::path(file.string()));
    std::vector<std::string> sections = info.sections();
    if (std::find(sections.begin(), sections.end(), kSection) != sections.end())
      section_symbols = info.symbols(kSection);
    all_symbols = info.symbols();
  } catch (const std::exception& e) {
    return refuse(file, "NotALibrary",
                  "plugin " + file.string() + " is not a loadable library: " + not_elf_reason(file, e));
  }
  // Boost.DLL 1.74 lists only .symtab, which `strip` removes: read a stripped
  // plugin's exports from its dynamic symbol table instead (still unloaded).
  if (section_symbols.empty())
    if (auto dyn = dynamic_symbols_in_section(file, kSection)) section_symbols = std::move(*dyn);
  auto has = [&](const std::string& s) {
    return std::find(section_symbols.begin(), section_symbols.end(), s) != section_symbols.end();
  };
  std::optional<AbiVersion> abi;
  std::string abi_symbol;
  for (const std::string& s : section_symbols) {
    if (s.rfind(kAbiPrefix, 0) == 0) {
      abi_symbol = s;
      abi = parse_abi(s);
    }
  }
  // A factory exported under its C++ (mangled) name instead of the alias.
  std::string hint;
  for (const std::string& s : all_symbols) {
    if (s.find("tecsync_create") != std::string::npos && s != kFactorySymbol) {
      hint = "; a symbol with a similar name exists (" + s + "): declared without the SDK's TECSYNC_* macro?";
      break;
    }
  }
  if (section_symbols.empty()) {
    return refuse(file, "MissingSymbol",
                  "plugin " + file.string() + " exports no ABI version or factory in section '" + kSection +
                      "': not a tecsync plugin" + hint);
  }
  if (!abi_symbol.empty() && !abi) {
    return refuse(file, "AbiMismatch",
                  "plugin " + file.string() + " exports an unreadable ABI tag '" + abi_symbol + "'; this host speaks " +
                      host_abi());
  }
  if (!abi) {
    return refuse(file, "AbiMismatch",
                  "plugin " + file.string() + ": no ABI version exported (expected tecsync_abi_" +
                      std::to_string(kAbi.major) + "_<minor> in section tecsync); this host speaks " + host_abi() +
                      ": rebuild against tecsync SDK " + std::to_string(kAbi.major));
  }
  std::string built = std::to_string(abi->major) + "." + std::to_string(abi->minor);
  std::string needs = " (needs major " + std::to_string(kAbi.major) + ", minor ≤ " + std::to_string(kAbi.minor) + ")";
  if (abi->major != kAbi.major) {
    return refuse(file, "AbiMismatch",
                  "plugin " + file.string() + " was built for tecsync ABI " + built + "; this host speaks " +
                      host_abi() + needs + ": rebuild against tecsync SDK " + std::to_string(kAbi.major));
  }
  if (abi->minor > kAbi.minor) {
    return refuse(file, "AbiMismatch",
                  "plugin " + file.string() + " was built for tecsync ABI " + built + "; this host speaks " +
                      host_abi() + needs + ": upgrade tecsync to run it");
  }
  for (const char* needed : {kInfoSymbol, kFactorySymbol}) {
    if (!has(needed)) {
      return refuse(
          file, "MissingSymbol",
          "plugin " + file.string() + " does not export '" + needed +
              "' (Boost.DLL alias in section tecsync): was the TECSYNC_SOURCE/TRANSFORM/SINK macro left out?" + hint);
    }
  }
  abi_out = *abi;
  return std::nullopt;
}

template <class T>
std::shared_ptr<T> keep_library(std::unique_ptr<T> object, std::shared_ptr<boost::dll::shared_library> library) {
  // Members are destroyed in reverse order: the object (whose code lives in the
  // library) goes first, then the last reference to the library.
  struct Holder {
    std::shared_ptr<boost::dll::shared_library> library;
    std::unique_ptr<T> object;
  };
  auto holder = std::make_shared<Holder>(Holder{std::move(library), std::move(object)});
  T* raw = holder->object.get();
  return std::shared_ptr<T>(std::move(holder), raw);
}

}  // namespace

std::variant<LoadedPlugin, Refusal> load_file(const fs::path& file) {
  std::error_code ec;
  fs::path real = fs::weakly_canonical(file, ec);
  if (ec) real = file;
  for (const fs::path& dir : {file.parent_path(), real.parent_path()}) {
    if (world_writable(dir.empty() ? fs::path(".") : dir))
      return refuse(file, "Insecure",
                    "plugin " + file.string() + " is in a world-writable directory (" + dir.string() +
                        "): anyone could replace it; fix the permissions (chmod o-w)");
  }
  if (world_writable(real))
    return refuse(file, "Insecure", "plugin " + file.string() + " is world-writable: fix the permissions (chmod o-w)");

  LoadedPlugin p;
  p.file = file;
  if (auto r = check_exports(file, p.abi)) return *r;

  try {
    p.library = std::make_shared<boost::dll::shared_library>(
        boost::dll::fs::path(file.string()), boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    std::string why = e.what();
    bool unresolved = why.find("undefined symbol") != std::string::npos;
    return refuse(file, unresolved ? "MissingSymbol" : "NotALibrary",
                  "plugin " + file.string() + " failed to load: " + why);
  }
  for (const char* needed : {kInfoSymbol, kFactorySymbol}) {
    if (!p.library->has(needed))
      return refuse(file, "MissingSymbol", "plugin " + file.string() + " has no symbol '" + needed + "' once loaded");
  }
  PluginInfo info{};
  try {
    info = p.library->get_alias<PluginInfoFn>(kInfoSymbol)();
  } catch (...) {
    return refuse(file, "BadInfo", "plugin " + file.string() + ": tecsync_plugin_info() threw");
  }
  if (info.name == nullptr || *info.name == '\0')
    return refuse(file, "BadInfo", "plugin " + file.string() + " reports no name");
  if (info.kind != PluginKind::source && info.kind != PluginKind::transform && info.kind != PluginKind::sink)
    return refuse(file, "BadInfo", "plugin " + file.string() + " reports an unknown kind");
  // Copy the strings now: their storage belongs to the library.
  p.name = info.name;
  p.kind = info.kind;
  p.version = info.version ? info.version : "";
  p.description = info.description ? info.description : "";
  if (info.keys.declared()) {
    p.keys_declared = true;
    p.keys = config::to_specs({info.keys.keys, info.keys.count});
    for (const auto& k : p.keys)
      if (k.name.empty()) return refuse(file, "BadInfo", "plugin " + file.string() + " declares a key without a name");
  }
  p.flags = info.flags;
  p.factory = &p.library->get_alias<PluginFactory>(kFactorySymbol);
  return p;
}

Catalog scan(const fs::path& dir) {
  Catalog catalog;
  catalog.dir = dir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw PluginDirError("plugin_path " + dir.string() + " is not a directory");
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".so" && !it->is_directory()) files.push_back(it->path());
  }
  if (ec) throw PluginDirError("plugin_path " + dir.string() + " cannot be listed: " + ec.message());
  std::sort(files.begin(), files.end());

  std::vector<LoadedPlugin> loaded;
  for (const fs::path& f : files) {
    auto r = load_file(f);
    if (auto* p = std::get_if<LoadedPlugin>(&r))
      loaded.push_back(std::move(*p));
    else
      catalog.refused.push_back(std::move(std::get<Refusal>(r)));
  }
  // Two files with one name: config could mean either, so neither loads.
  std::map<std::string, std::vector<std::size_t>> by_name;
  for (std::size_t i = 0; i < loaded.size(); ++i) by_name[loaded[i].name].push_back(i);
  for (std::size_t i = 0; i < loaded.size(); ++i) {
    const auto& same = by_name[loaded[i].name];
    if (same.size() == 1) {
      catalog.loaded.push_back(std::move(loaded[i]));
      continue;
    }
    std::string files_list;
    for (std::size_t j : same) files_list += (files_list.empty() ? "" : " and ") + loaded[j].file.string();
    Refusal r = refuse(loaded[i].file, "Duplicate",
                       "plugin name '" + loaded[i].name + "' is exported by " + files_list + ": remove all but one");
    r.name = loaded[i].name;
    catalog.refused.push_back(std::move(r));
  }
  return catalog;
}

const LoadedPlugin* Catalog::find(const std::string& name) const {
  for (const LoadedPlugin& p : loaded)
    if (p.name == name) return &p;
  return nullptr;
}

const Refusal* Catalog::refusal_for(const std::string& name) const {
  for (const Refusal& r : refused)
    if (r.name == name || r.file.stem() == "tecsync_" + name || r.file.stem() == "lib" + name || r.file.stem() == name)
      return &r;
  return nullptr;
}

Status instantiate(const LoadedPlugin& plugin, const HostServices& host, Instance& out) {
  out = Instance{};
  PluginInstance raw;
  Status s;
  try {
    s = plugin.factory(host, raw);
  } catch (...) {
    // The SDK's factory is noexcept; a hand-written one might not be.
    return Status::failed(FailureArea::plugin, "PluginRuntimeError",
                          "plugin '" + plugin.name + "' threw from its factory (" + plugin.file.string() + ")");
  }
  if (raw.source) out.source = keep_library(std::move(raw.source), plugin.library);
  if (raw.transform) out.transform = keep_library(std::move(raw.transform), plugin.library);
  if (raw.sink) out.sink = keep_library(std::move(raw.sink), plugin.library);
  if (!s.is_ok()) {
    out = Instance{};
    if (s.error_class.empty()) s.error_class = "PluginConfigError";
    return s;
  }
  bool built = (plugin.kind == PluginKind::source && out.source) ||
               (plugin.kind == PluginKind::transform && out.transform) || (plugin.kind == PluginKind::sink && out.sink);
  if (!built) {
    out = Instance{};
    return Status::failed(FailureArea::plugin, "PluginRuntimeError",
                          "plugin '" + plugin.name + "' factory returned ok but built no " + to_string(plugin.kind));
  }
  return s;
}

}  // namespace tecsync::plugins
