// SyntheticKernel: generation from a seed, Kconfig-like resolution (depends, select), and
// judging against the hidden needs.
#include "optimizer/synthetic/synthetic_kernel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace kshrink::optimizer {
namespace {
constexpr uint64_t base_bytes = 200'000;
}

SyntheticKernel::SyntheticKernel(SyntheticSpec spec) {
  std::mt19937_64 random(spec.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto below = [&](size_t n) { return std::min(n - 1, size_t(unit(random) * double(n))); };
  nodes_.resize(spec.symbols);
  std::vector<size_t> prompted, roots, root_of(spec.symbols);
  // A dependency forest grown by preferential attachment, as Kconfig's is: a new symbol
  // depends on an earlier one with odds that grow with that one's dependents (NET, PCI and
  // I2C gather hundreds), so most symbols are leaves and chains stay a few deep. Its menu is
  // the chain of parents above it (menuconfig X / if X ... endif).
  std::vector<size_t> edges;   // one entry per dependent: a parent drawn from here is drawn
                               // in proportion to its dependents
  std::vector<size_t> helpers; // no prompt: library code and arch flags, parents of nothing
  for (size_t i = 0; i < spec.symbols; ++i) {
    Node& node = nodes_[i];
    char name[32];
    std::snprintf(name, sizeof name, "S%05zu", i);
    node.name = name;
    index_[node.name] = i;
    if (prompted.empty() || unit(random) < spec.root_fraction) {
      roots.push_back(root_of[i] = i);
    } else {
      double uniform_weight = spec.attachment * double(prompted.size());
      size_t parent = unit(random) * (uniform_weight + double(edges.size())) < uniform_weight
                          ? prompted[below(prompted.size())]
                          : edges[below(edges.size())];
      edges.push_back(parent);
      node.depends.push_back(parent);
      node.menu = nodes_[parent].menu;
      node.menu.push_back(nodes_[parent].name);
      root_of[i] = root_of[parent];
      node.prompt = unit(random) < 0.85;
      // Buses: the first few top-level symbols, on which drivers all over the tree depend.
      size_t bus = roots[below(std::min<size_t>(3, roots.size()))];
      if (bus != parent && bus != root_of[i] && unit(random) < spec.bus_fraction)
        node.depends.push_back(bus);
    }
    node.default_y = !node.prompt && unit(random) < 0.3;
    // Heavy tail: a few symbols bring most of the bytes.
    node.size =
        uint64_t(std::min(2e6, 80.0 * std::pow(1.0 / std::max(unit(random), 1e-9), 1.0 / 1.1)));
    (node.prompt ? prompted : helpers).push_back(i);
  }
  // Prompted symbols select helpers (library code), as EXT4_FS selects JBD2.
  for (size_t i : prompted)
    if (!helpers.empty() && unit(random) < spec.select_fraction)
      nodes_[i].selects.push_back(helpers[below(helpers.size())]);
  // The checks only need what the start config has (a start config must pass), and what they
  // need clusters in the few subsystems they use, as a boot needs the console and block
  // layers but no sound or GPU driver.
  std::vector<bool> start = enabled_set(start_config());
  std::set<size_t> used_roots;
  for (size_t r : roots)
    if (unit(random) < spec.used_menu_fraction) used_roots.insert(r);
  std::vector<size_t> candidates, in_used_menus;
  for (size_t i : prompted)
    if (start[i]) {
      candidates.push_back(i);
      if (used_roots.contains(root_of[i])) in_used_menus.push_back(i);
    }
  if (in_used_menus.empty()) in_used_menus = candidates;
  auto pick = [&] {
    const auto& from = unit(random) < 0.9 ? in_used_menus : candidates;
    return from[below(from.size())];
  };
  for (size_t n = 0; n < size_t(std::lround(spec.needed_fraction * double(candidates.size()))); ++n)
    needed_.push_back(pick());
  for (size_t n = 0; n < spec.together_pairs; ++n)
    together_.push_back({pick(), pick()});
  for (size_t n = 0; n < spec.build_pairs; ++n)
    build_.push_back({pick(), pick()});
  for (size_t n = 0; n < spec.either_pairs; ++n)
    either_.push_back({pick(), pick()});
  add_gate_and_choices(spec, random);
}

void SyntheticKernel::add_gate_and_choices(const SyntheticSpec& spec, std::mt19937_64& random) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto add = [&](const std::string& name, const std::vector<std::string>& menu) -> Node& {
    index_[name] = nodes_.size();
    Node& node = nodes_.emplace_back();
    node.name = name;
    node.menu = menu;
    return node;
  };
  gate_ = nodes_.size();
  add("EXPERT", {}); // no code of its own
  std::vector<size_t> prompted;
  for (size_t i = 0; i < gate_; ++i)
    if (nodes_[i].prompt) prompted.push_back(i);
  for (size_t n = 0; n < spec.gated && !prompted.empty(); ++n)
    nodes_[prompted[size_t(unit(random) * double(prompted.size()))]].gated = true;
  for (size_t c = 0; c < spec.choices; ++c) {
    std::vector<size_t> members;
    size_t count = 2 + size_t(unit(random) * 5);
    for (size_t m = 0; m < count; ++m) {
      members.push_back(nodes_.size());
      Node& node =
          add("C" + std::to_string(c) + "_M" + std::to_string(m), {"choice " + std::to_string(c)});
      node.choice = int(c);
      node.size = 2000 + uint64_t(unit(random) * 60000);
    }
    bad_members_.push_back(members[1 + size_t(unit(random) * double(count - 1))]);
    choices_.push_back(std::move(members));
  }
}

bool SyntheticKernel::depends_met(const Node& node, const std::vector<bool>& enabled) const {
  return std::all_of(node.depends.begin(), node.depends.end(),
                     [&](size_t d) { return enabled[d]; });
}

std::vector<bool> SyntheticKernel::enabled_set(const kconfig::ConfigFile& config) const {
  std::vector<bool> wanted(nodes_.size()), selected(nodes_.size()), enabled(nodes_.size());
  auto set = [&](size_t i) { return config.value(nodes_[i].name).value_or("n") != "n"; };
  bool gate_on = gate_ < nodes_.size() && set(gate_);
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const Node& node = nodes_[i];
    if (node.choice >= 0) continue;
    wanted[i] = !node.prompt ? node.default_y : node.gated && !gate_on ? true : set(i);
  }
  for (const auto& members : choices_) { // the first member set to y, else the default
    auto chosen = std::find_if(members.begin(), members.end(), set);
    wanted[chosen == members.end() ? members.front() : *chosen] = true;
  }
  // select only turns symbols on, so this reaches a fixed point.
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < nodes_.size(); ++i) {
      bool on = selected[i] || (wanted[i] && depends_met(nodes_[i], enabled));
      if (on != enabled[i]) enabled[i] = on, changed = true;
      if (on)
        for (size_t s : nodes_[i].selects)
          if (!selected[s]) selected[s] = true, changed = true;
    }
  }
  return enabled;
}

kconfig::ConfigFile SyntheticKernel::start_config() const {
  std::string text;
  for (size_t i = 0; i < nodes_.size(); ++i)
    if (nodes_[i].prompt && i != gate_ &&
        (nodes_[i].choice < 0 || choices_[size_t(nodes_[i].choice)].front() == i))
      text += "CONFIG_" + nodes_[i].name + "=y\n";
  return kconfig::ConfigFile::parse(text, "synthetic");
}

kconfig::ResolvedConfig SyntheticKernel::resolve(const kconfig::ConfigFile& config) {
  std::vector<bool> enabled = enabled_set(config);
  std::string text;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (enabled[i])
      text += "CONFIG_" + nodes_[i].name + "=y\n";
    else if (nodes_[i].prompt && depends_met(nodes_[i], enabled))
      text += "# CONFIG_" + nodes_[i].name + " is not set\n";
  }
  auto resolved = kconfig::ConfigFile::parse(text, "synthetic");
  std::string hash = resolved.hash();
  return {std::move(resolved), std::move(hash)};
}

kconfig::SymbolTable SyntheticKernel::symbols(const kconfig::ConfigFile& config) {
  std::vector<bool> enabled = enabled_set(config);
  bool gate_on = enabled[gate_];
  std::vector<kconfig::Symbol> symbols;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const Node& node = nodes_[i];
    kconfig::Symbol s;
    s.name = node.name;
    s.type = "bool";
    s.value = enabled[i] ? "y" : "n";
    s.has_prompt = node.prompt;
    bool shown = node.prompt && depends_met(node, enabled) && (!node.gated || gate_on);
    s.visible = shown ? "y" : "n";
    s.file = "synthetic/Kconfig";
    s.menu = node.menu;
    if (node.choice >= 0) {
      s.choice = node.menu.back();
      s.choice_id = "synthetic/Kconfig:" + node.menu.back();
    }
    for (size_t d : node.depends)
      s.depends_symbols.push_back(nodes_[d].name);
    for (size_t t : node.selects)
      s.selects.push_back(nodes_[t].name);
    symbols.push_back(std::move(s));
  }
  return kconfig::SymbolTable::from_symbols(std::move(symbols));
}

Outcome SyntheticKernel::truth(const kconfig::ConfigFile& resolved) const {
  auto on = [&](size_t i) { return resolved.value(nodes_[i].name).value_or("n") == "y"; };
  Outcome outcome{.verdict = Verdict::pass, .computed = true};
  for (auto [a, b] : build_)
    if (on(a) && !on(b))
      return {.verdict = Verdict::build_failed,
              .computed = true,
              .detail = nodes_[a].name + " needs " + nodes_[b].name + " to link"};
  for (size_t i = 0; i < nodes_.size(); ++i)
    if (on(i)) outcome.bytes += nodes_[i].size;
  outcome.bytes += base_bytes;
  outcome.tiebreak = outcome.bytes;
  for (size_t member : bad_members_)
    if (on(member))
      return {.verdict = Verdict::boot_failed,
              .computed = true,
              .detail = nodes_[member].name + " is not supported"};
  for (size_t n : needed_)
    if (!on(n))
      return {
          .verdict = Verdict::boot_failed, .computed = true, .detail = "needs " + nodes_[n].name};
  for (auto [a, b] : together_)
    if (on(a) && !on(b))
      return {.verdict = Verdict::boot_failed,
              .computed = true,
              .detail = nodes_[a].name + " needs " + nodes_[b].name};
  for (auto [a, b] : either_)
    if (!on(a) && !on(b))
      return {.verdict = Verdict::boot_failed,
              .computed = true,
              .detail = "needs " + nodes_[a].name + " or " + nodes_[b].name};
  return outcome;
}

Outcome SyntheticKernel::judge(const kconfig::ResolvedConfig& config, const std::atomic<bool>*) {
  ++judgements_;
  {
    std::lock_guard lock(mutex_);
    ++judged_[config.hash];
  }
  return truth(config.config);
}

uint64_t SyntheticKernel::size_of(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? 0 : nodes_[it->second].size;
}

std::vector<std::vector<std::string>> SyntheticKernel::choice_members() const {
  std::vector<std::vector<std::string>> names;
  for (const auto& members : choices_) {
    names.emplace_back();
    for (size_t member : members)
      names.back().push_back(nodes_[member].name);
  }
  return names;
}

bool SyntheticKernel::fails_to_boot(const std::string& member) const {
  auto it = index_.find(member);
  return it != index_.end() &&
         std::find(bad_members_.begin(), bad_members_.end(), it->second) != bad_members_.end();
}

std::vector<std::string> SyntheticKernel::gated() const {
  std::vector<std::string> names;
  for (const auto& node : nodes_)
    if (node.gated) names.push_back(node.name);
  return names;
}

size_t SyntheticKernel::most_judgements_of_one_config() const {
  std::lock_guard lock(mutex_);
  size_t most = 0;
  for (const auto& [hash, times] : judged_)
    most = std::max(most, times);
  return most;
}

} // namespace kshrink::optimizer
