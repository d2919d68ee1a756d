#include "plugins/elf_dynsym.hpp"

#include <elf.h>

#include <cstring>
#include <fstream>
#include <iterator>

namespace tecsync::plugins {

namespace {

constexpr std::size_t kMaxFile = 64u << 20;

// A bounds-checked view of the file's bytes.
struct Bytes {
  std::vector<char> data;
  bool has(std::uint64_t offset, std::uint64_t size) const {
    return offset <= data.size() && size <= data.size() - offset;
  }
  template <class T>
  bool read(std::uint64_t offset, T& out) const {
    if (!has(offset, sizeof(T))) return false;
    std::memcpy(&out, data.data() + offset, sizeof(T));
    return true;
  }
  // NUL-terminated string at `offset` inside [begin, begin + size).
  std::optional<std::string> string_at(std::uint64_t begin, std::uint64_t size, std::uint64_t offset) const {
    if (!has(begin, size) || offset >= size) return std::nullopt;
    const char* s = data.data() + begin + offset;
    const void* end = std::memchr(s, '\0', size - offset);
    if (!end) return std::nullopt;
    return std::string(s, static_cast<const char*>(end));
  }
};

template <class Ehdr, class Shdr, class Sym>
std::optional<std::vector<std::string>> scan(const Bytes& b, const std::string& wanted) {
  Ehdr eh;
  if (!b.read(0, eh) || eh.e_shentsize != sizeof(Shdr) || eh.e_shnum == 0 || eh.e_shstrndx >= eh.e_shnum)
    return std::nullopt;
  std::vector<Shdr> sh(eh.e_shnum);
  for (std::size_t i = 0; i < sh.size(); ++i)
    if (!b.read(eh.e_shoff + i * sizeof(Shdr), sh[i])) return std::nullopt;
  const Shdr& names = sh[eh.e_shstrndx];
  std::optional<std::size_t> target;
  const Shdr* dynsym = nullptr;
  for (std::size_t i = 0; i < sh.size(); ++i) {
    if (sh[i].sh_type == SHT_DYNSYM) dynsym = &sh[i];
    auto name = b.string_at(names.sh_offset, names.sh_size, sh[i].sh_name);
    if (name && *name == wanted) target = i;
  }
  std::vector<std::string> out;
  if (!target || !dynsym) return out;
  if (dynsym->sh_entsize != sizeof(Sym) || dynsym->sh_link >= sh.size()) return std::nullopt;
  const Shdr& strtab = sh[dynsym->sh_link];
  const std::uint64_t count = dynsym->sh_size / sizeof(Sym);
  if (!b.has(dynsym->sh_offset, count * sizeof(Sym))) return std::nullopt;
  for (std::uint64_t i = 1; i < count; ++i) {  // entry 0 is the null symbol
    Sym sym;
    if (!b.read(dynsym->sh_offset + i * sizeof(Sym), sym)) return std::nullopt;
    if (sym.st_shndx != *target) continue;
    auto name = b.string_at(strtab.sh_offset, strtab.sh_size, sym.st_name);
    if (!name) return std::nullopt;
    out.push_back(std::move(*name));
  }
  return out;
}

}  // namespace

std::optional<std::vector<std::string>> dynamic_symbols_in_section(const std::filesystem::path& file,
                                                                   const std::string& section) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || size < EI_NIDENT || size > kMaxFile) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  Bytes b;
  b.data.assign(std::istreambuf_iterator<char>(in), {});
  if (b.data.size() != size || std::memcmp(b.data.data(), ELFMAG, SELFMAG) != 0) return std::nullopt;
  const unsigned char klass = static_cast<unsigned char>(b.data[EI_CLASS]);
  const unsigned char order = static_cast<unsigned char>(b.data[EI_DATA]);
  const std::uint16_t probe = 1;
  const bool little = *reinterpret_cast<const unsigned char*>(&probe) == 1;
  if (order != (little ? ELFDATA2LSB : ELFDATA2MSB)) return std::nullopt;  // another machine's file
  if (klass == ELFCLASS64) return scan<Elf64_Ehdr, Elf64_Shdr, Elf64_Sym>(b, section);
  if (klass == ELFCLASS32) return scan<Elf32_Ehdr, Elf32_Shdr, Elf32_Sym>(b, section);
  return std::nullopt;
}

}  // namespace tecsync::plugins
