// BaseConfig: the small config a run from a big start config begins with — the tree's
// tinyconfig, the gates on (EXPERT adds no code and unlocks removals), and the symbols
// wanted built in (harness requirements, the checks' features, a profile's modules) with
// the dependency closure the start config gives them. Every symbol it sets says why.
#pragma once

#include "kconfig/config_file.h"
#include "kconfig/symbol_table.h"

#include <map>
#include <string>
#include <vector>

namespace kshrink::run {

/// A symbol wanted built in, and why.
struct Wanted {
  std::string symbol;
  std::string why; ///< "harness: the console is QEMU's serial port", "profile: module ext4"
};

/// A base config and where each of its symbols came from.
struct BaseConfig {
  kconfig::ConfigFile config;
  std::map<std::string, std::string> origin; ///< symbol set to y -> why
  std::vector<std::string> skipped;          ///< wanted symbols left out, each with why
};

/// `tiny` with `gates` on and every wanted symbol set to y, with every symbol its `depends
/// on` and prompt condition name that `start` (the start config's symbol table) enables,
/// transitively. Wanted symbols `start` does not enable are skipped (a base stays within
/// the start config), and so are choice members (switching a choice is the search's move).
BaseConfig make_base(kconfig::ConfigFile tiny, const kconfig::SymbolTable& start,
                     const std::vector<Wanted>& wanted, const std::vector<std::string>& gates);

} // namespace kshrink::run
