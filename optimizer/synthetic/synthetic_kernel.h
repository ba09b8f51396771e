// SyntheticKernel: a generated kernel model for unit tests and benchmarks at scale — a symbol
// graph with depends/select structure, sizes with a heavy tail, a hidden set of symbols the
// checks need, pairs needed together, pairs that fail to build apart, either-or pairs,
// choices (one member of each fails to boot) and a gate, EXPERT, whose prompts start hidden —
// behind the same resolver, symbol and oracle interfaces as the real kernel. Deterministic by
// seed. Never a substitute for the real path: integration tests build and boot real kernels.
#pragma once

#include "optimizer/search_space.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

namespace kshrink::optimizer {

/// The shape of a generated kernel. The defaults follow Debian's 6.1 amd64 config as the
/// tree's own Kconfig parser reads it (`kshrink symbols --config debian --json`): of its 4,841
/// settable y/m symbols 5% depend on no other of them, 81% have no dependents, the largest
/// fan-out is NET's 672 direct dependents, dependency chains run 1 to 10 deep (mostly 2 to 5),
/// 41% select another symbol; and a 1-minimal config that boots to a shell keeps 12 of them
/// (0.25%) with the ancestors they need.
struct SyntheticSpec {
  size_t symbols = 2000;
  uint64_t seed = 1;
  double needed_fraction = 0.005;  ///< of prompted symbols, needed by the checks
  double used_menu_fraction = 0.1; ///< top menus the checks use; 90% of the needs fall in them
  double root_fraction = 0.05;     ///< symbols that depend on no other
  double attachment = 0.35;        ///< lower: dependents crowd on fewer parents (heavier fan-out)
  double bus_fraction = 0.2;       ///< symbols that also depend on a bus (as drivers on PCI or I2C)
  double select_fraction = 0.4;    ///< prompted symbols that select a helper without a prompt
  size_t together_pairs = 8;       ///< a needs b at run time: a without b fails to boot
  size_t build_pairs = 4;          ///< a without b fails to build
  size_t either_pairs = 4;         ///< the checks need a or b
  size_t choices = 3;              ///< choices of 2 to 6 members, the first one on at start
  size_t gated = 12;               ///< symbols (default y) whose prompt shows only under EXPERT
};

/// A generated kernel: resolver, symbol source and oracle at once. Thread-safe.
class SyntheticKernel : public ConfigResolver, public SymbolSource, public Oracle {
public:
  explicit SyntheticKernel(SyntheticSpec spec);

  /// Every prompted symbol set to y, but EXPERT and the choice members after the first.
  kconfig::ConfigFile start_config() const;
  kconfig::ResolvedConfig resolve(const kconfig::ConfigFile& config) override;
  kconfig::SymbolTable symbols(const kconfig::ConfigFile& config) override;
  Outcome judge(const kconfig::ResolvedConfig& config, const std::atomic<bool>* cancel) override;

  /// The ground truth for a resolved config: what judge() would say, without counting it.
  Outcome truth(const kconfig::ConfigFile& resolved) const;
  /// Bytes a symbol brings (its own size), for ordering.
  uint64_t size_of(const std::string& name) const;
  /// How many times judge() ran, and the most times one config was judged.
  size_t judgements() const { return judgements_; }
  size_t most_judgements_of_one_config() const;
  /// The members of each choice, in order.
  std::vector<std::vector<std::string>> choice_members() const;
  /// True for the one member of each choice that fails to boot.
  bool fails_to_boot(const std::string& member) const;
  /// The symbols whose prompt only EXPERT shows.
  std::vector<std::string> gated() const;

private:
  struct Node {
    std::string name;
    std::vector<std::string> menu; ///< the chain of parents, outermost first
    bool prompt = true, default_y = false;
    bool gated = false; ///< prompt shown only under the gate; default y without it
    int choice = -1;    ///< index of its choice, or -1
    std::vector<size_t> depends, selects;
    uint64_t size = 0;
  };
  void add_gate_and_choices(const SyntheticSpec& spec, std::mt19937_64& random);
  std::vector<bool> enabled_set(const kconfig::ConfigFile& config) const;
  bool depends_met(const Node& node, const std::vector<bool>& enabled) const;

  std::vector<Node> nodes_;
  std::map<std::string, size_t> index_;
  std::vector<size_t> needed_;
  std::vector<std::pair<size_t, size_t>> together_, build_, either_;
  size_t gate_ = SIZE_MAX; ///< EXPERT, once added (after the needs are drawn)
  std::vector<std::vector<size_t>> choices_;
  std::vector<size_t> bad_members_;
  std::atomic<size_t> judgements_{0};
  mutable std::mutex mutex_;
  std::map<std::string, size_t> judged_; // hash -> times judged
};

} // namespace kshrink::optimizer
