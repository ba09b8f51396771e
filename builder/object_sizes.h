// Estimated bytes per Kconfig symbol: the tree's kbuild lines `obj-$(CONFIG_X) += foo.o dir/`
// (and composite parts such as `ext4-$(CONFIG_X) += acl.o`) map each symbol to objects and
// directories; a build directory gives their sizes (allocated, initialized ELF sections; a
// directory counts the members of its built-in.a). Symbols that only change code through
// #ifdef have no objects of their own and are estimated at 0.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kshrink::builder {

/// CONFIG_ symbol (without the prefix) -> objects ("fs/ext4/acl.o") and directories
/// ("drivers/net/") it adds, relative to the top of the tree.
using ObjectMap = std::map<std::string, std::vector<std::string>>;

/// Reads every Makefile and Kbuild file under `source`.
ObjectMap read_object_map(const std::filesystem::path& source);

/// Bytes of the allocated sections with contents (code, data) of an ELF object; 0 if it is
/// missing or not an ELF file.
uint64_t object_bytes(const std::filesystem::path& object);

/// Member paths of a GNU thin archive (kbuild's built-in.a), as stored; empty if it is not one.
std::vector<std::string> thin_archive_members(const std::filesystem::path& archive);

/// Estimates symbols' bytes from one build directory; results are cached.
class ObjectSizeEstimator {
public:
  ObjectSizeEstimator(ObjectMap map, std::filesystem::path build_dir)
      : map_(std::move(map)), build_dir_(std::move(build_dir)) {}

  /// Bytes the objects and directories of `symbol` take in the build directory.
  uint64_t bytes(const std::string& symbol);
  /// Every symbol with objects or directories in the map.
  std::vector<std::string> symbols() const;

private:
  uint64_t object(const std::filesystem::path& path);
  uint64_t directory(const std::string& relative);
  ObjectMap map_;
  std::filesystem::path build_dir_;
  std::map<std::string, uint64_t> objects_, directories_;
};

} // namespace kshrink::builder
