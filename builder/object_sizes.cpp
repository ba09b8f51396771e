// Object map from the tree's kbuild files, ELF section sizes, thin archive members.
#include "builder/object_sizes.h"

#include <elf.h>

#include <cstring>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace kshrink::builder {
namespace {

/// Adds the assignments of one logical kbuild line: `PREFIX-$(CONFIG_X) [+:]= tokens`.
void parse_line(const std::string& line, const std::string& dir, ObjectMap& map) {
  static const std::string marker = "-$(CONFIG_";
  size_t at = line.find(marker);
  if (at == std::string::npos) return;
  size_t name_start = at + marker.size();
  size_t name_end = line.find(')', name_start);
  if (name_end == std::string::npos) return;
  size_t equals = line.find('=', name_end);
  if (equals == std::string::npos) return;
  std::string between = line.substr(name_end + 1, equals - name_end - 1);
  if (between.find_first_not_of(" \t+:") != std::string::npos) return; // not an assignment
  std::string symbol = line.substr(name_start, name_end - name_start);
  std::istringstream tokens(line.substr(equals + 1));
  for (std::string token; tokens >> token;) {
    if (token.starts_with("#")) break;
    if (token.find('$') != std::string::npos) continue;
    if (token.ends_with(".o") || token.ends_with("/"))
      map[symbol].push_back((fs::path(dir) / token).lexically_normal().string());
  }
}

void parse_makefile(const fs::path& file, const std::string& dir, ObjectMap& map) {
  std::ifstream in(file);
  std::string logical;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\\') {
      logical += line.substr(0, line.size() - 1) + " ";
      continue;
    }
    logical += line;
    parse_line(logical, dir, map);
    logical.clear();
  }
}

} // namespace

ObjectMap read_object_map(const fs::path& source) {
  ObjectMap map;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(source, ec), end; it != end; it.increment(ec)) {
    if (ec) break;
    std::string name = it->path().filename().string();
    if (it->is_directory() && name.starts_with(".")) {
      it.disable_recursion_pending();
      continue;
    }
    if ((name == "Makefile" || name == "Kbuild") && it->is_regular_file())
      parse_makefile(it->path(), it->path().parent_path().lexically_relative(source).string(), map);
  }
  return map;
}

uint64_t object_bytes(const fs::path& object) {
  std::ifstream in(object, std::ios::binary);
  Elf64_Ehdr header{};
  if (!in.read(reinterpret_cast<char*>(&header), sizeof header)) return 0;
  if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 || header.e_ident[EI_CLASS] != ELFCLASS64 ||
      header.e_shentsize != sizeof(Elf64_Shdr))
    return 0;
  uint64_t total = 0;
  in.seekg(std::streamoff(header.e_shoff));
  for (unsigned i = 0; i < header.e_shnum; ++i) {
    Elf64_Shdr section{};
    if (!in.read(reinterpret_cast<char*>(&section), sizeof section)) return total;
    if ((section.sh_flags & SHF_ALLOC) && section.sh_type != SHT_NOBITS) total += section.sh_size;
  }
  return total;
}

std::vector<std::string> thin_archive_members(const fs::path& archive) {
  std::ifstream in(archive, std::ios::binary);
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, "!<thin>\n", 8) != 0) return {};
  std::vector<std::string> members;
  std::string long_names;
  char header[60];
  while (in.read(header, 60)) {
    std::string name(header, 16);
    uint64_t size = std::strtoull(std::string(header + 48, 10).c_str(), nullptr, 10);
    name = name.substr(0, name.find_last_not_of(' ') + 1);
    if (name == "/" || name == "/SYM64/") { // symbol table: stored, skip it
      in.seekg(std::streamoff(size + size % 2), std::ios::cur);
    } else if (name == "//") { // long names: stored in thin archives too
      long_names.resize(size);
      in.read(long_names.data(), std::streamsize(size));
      if (size % 2) in.seekg(1, std::ios::cur);
    } else if (name.starts_with("/")) { // "/offset" into the long names; data not stored
      size_t offset = std::strtoull(name.c_str() + 1, nullptr, 10);
      if (offset >= long_names.size()) break;
      size_t end = long_names.find("/\n", offset);
      members.push_back(long_names.substr(offset, end - offset));
    } else {
      members.push_back(name.ends_with("/") ? name.substr(0, name.size() - 1) : name);
    }
  }
  return members;
}

uint64_t ObjectSizeEstimator::object(const fs::path& path) {
  auto [it, fresh] = objects_.try_emplace(path.string());
  if (fresh) it->second = object_bytes(path);
  return it->second;
}

uint64_t ObjectSizeEstimator::directory(const std::string& relative) {
  auto [it, fresh] = directories_.try_emplace(relative);
  if (!fresh) return it->second;
  fs::path archive = build_dir_ / relative / "built-in.a";
  uint64_t total = 0;
  for (const auto& member : thin_archive_members(archive)) {
    fs::path path =
        fs::path(member).is_absolute() ? fs::path(member) : archive.parent_path() / member;
    total += object(path.lexically_normal());
  }
  it->second = total;
  return total;
}

std::vector<std::string> ObjectSizeEstimator::symbols() const {
  std::vector<std::string> symbols;
  for (const auto& [symbol, items] : map_)
    symbols.push_back(symbol);
  return symbols;
}

uint64_t ObjectSizeEstimator::bytes(const std::string& symbol) {
  auto it = map_.find(symbol);
  if (it == map_.end()) return 0;
  uint64_t total = 0;
  for (const auto& item : it->second)
    total += item.ends_with("/") ? directory(item) : object(build_dir_ / item);
  return total;
}

} // namespace kshrink::builder
