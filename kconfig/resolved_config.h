// ResolvedConfig: a config as the tree's Kconfig resolved it. A value; the optimizer sees
// configs only in this form, without the tools that resolve them.
#pragma once

#include "kconfig/config_file.h"

#include <string>

namespace kshrink::kconfig {

/// A config as the tree's Kconfig resolved it, with its stable hash.
struct ResolvedConfig {
  ConfigFile config;
  std::string hash; ///< ConfigFile::hash() of `config`
};

} // namespace kshrink::kconfig
