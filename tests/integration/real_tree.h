// Shared by the integration tests: Debian's real trees prepared once in the shared work
// directory, and the small bootable config the builder and boot tests build.
#pragma once

#include "builder/kernel_builder.h"
#include "kconfig/resolver.h"
#include "kconfig/symbol_table.h"
#include "optimizer/moves.h"
#include "tests/test_support.h"
#include "tree/kernel_tree.h"
#include "util/sha256.h"

#include <doctest/doctest.h>

#include <map>
#include <set>

namespace kshrink::test {

/// The kconfig tools of a tarball's tree, prepared once per test process.
inline const kconfig::KconfigTools& tools_for(const std::string& tarball) {
  static std::map<std::string, kconfig::KconfigTools> cache;
  auto it = cache.find(tarball);
  if (it == cache.end()) {
    auto tree = tree::prepare_tree(tarball, shared_workdir());
    it = cache.emplace(tarball, kconfig::KconfigTools::prepare(tree, shared_workdir())).first;
  }
  return it->second;
}

/// The default tree: Debian's linux-source-6.1.
inline const kconfig::KconfigTools& tools_61() {
  return tools_for(tree::default_tree);
}

/// tinyconfig plus configs/qemu-small.fragment, plus `extra` assignments, resolved.
/// Kept in the shared work directory by content, so each test process resolves it once.
inline kconfig::ResolvedConfig small_bootable_config(const std::string& extra = "") {
  std::string fragment = util::read_file(KSHRINK_CONFIGS "/qemu-small.fragment");
  std::filesystem::path kept =
      shared_workdir() / "configs" /
      (util::sha256_hex(tools_61().tree().key + fragment + extra) + ".config");
  if (std::filesystem::exists(kept)) {
    auto config = kconfig::ConfigFile::load(kept);
    std::string hash = config.hash();
    return {std::move(config), std::move(hash)};
  }
  auto config = kconfig::ConfigFile::parse(tools_61().make_config_target("tinyconfig"));
  config.merge(kconfig::ConfigFile::parse(fragment));
  config.merge(kconfig::ConfigFile::parse(extra));
  auto resolved = kconfig::Resolver(tools_61()).resolve(config);
  std::filesystem::create_directories(kept.parent_path());
  resolved.config.save(kept);
  return resolved;
}

/// The small config plus a virtio ext4 disk and a virtio NIC with TCP/IP.
inline kconfig::ResolvedConfig ext4_net_config() {
  return small_bootable_config("CONFIG_BLOCK=y\nCONFIG_BLK_DEV=y\nCONFIG_EXT4_FS=y\nCONFIG_PCI=y\n"
                               "CONFIG_VIRTIO_MENU=y\nCONFIG_VIRTIO_PCI=y\nCONFIG_VIRTIO_BLK=y\n"
                               "CONFIG_NET=y\nCONFIG_INET=y\nCONFIG_NETDEVICES=y\n"
                               "CONFIG_NET_CORE=y\nCONFIG_VIRTIO_NET=y\n");
}

/// A bzImage of `config`, built in pool worker `worker` once and kept in the shared work
/// directory under its config hash, so later tests (and test processes) reuse it.
inline std::filesystem::path built_kernel(const kconfig::ResolvedConfig& config, int worker) {
  std::filesystem::path kept = shared_workdir() / "kernels" / (config.hash + ".bzImage");
  if (std::filesystem::exists(kept)) return kept;
  builder::KernelBuilder builder(tools_61().tree(), shared_workdir(), {}, worker);
  auto result = builder.build(config.config);
  REQUIRE_MESSAGE(result.status == builder::BuildStatus::ok, result.error_excerpt);
  std::filesystem::create_directories(kept.parent_path());
  util::write_file_atomic(kept, util::read_file(result.kernel_image));
  return kept;
}

/// Every removal target and chosen choice member of `config` but `except`, comma-separated
/// for --keep: pinned, they leave a test's run only the options it is about.
inline std::string pins_except(const kconfig::ResolvedConfig& config,
                               const std::set<std::string>& except = {}) {
  std::string keep;
  auto table = kconfig::SymbolTable::load(tools_61(), config.config);
  std::set<std::string> pins;
  for (const auto& target : optimizer::removal_targets(table, {}, {}))
    pins.insert(target.symbol);
  for (const auto& choice : optimizer::choice_switches(table, {}))
    pins.insert(choice.current); // a choice switch is often a full rebuild: not in a test
  for (const auto& symbol : pins)
    if (!except.contains(symbol)) keep += (keep.empty() ? "" : ",") + symbol;
  return keep;
}

} // namespace kshrink::test
