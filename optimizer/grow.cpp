// Grow: prefix doubling with in-order speculation, then a sequential binary search, so the
// result does not depend on the number of workers.
#include "optimizer/grow.h"

#include "kconfig/enabling_closure.h"

#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace kshrink::optimizer {
namespace {

bool enabled(const std::optional<std::string>& value) {
  return value && kconfig::enabled(*value);
}

/// Sets `name` to y in `config` with its enabling closure within the start config (an
/// option alone would be dropped by Kconfig). Returns what it turned on.
std::vector<std::string> add_option(kconfig::ConfigFile& config, const kconfig::SymbolTable& start,
                                    const std::string& name) {
  std::vector<std::string> set;
  for (const auto& step : kconfig::enabling_closure(start, name))
    if (!enabled(config.value(step.symbol))) {
      config.set(step.symbol, "y");
      set.push_back(step.symbol);
    }
  return set;
}

/// The candidate that adds the first `count` options of `order` to `base`.
kconfig::ConfigFile with_prefix(const kconfig::ConfigFile& base, const kconfig::SymbolTable& start,
                                const std::vector<std::string>& order, size_t count) {
  kconfig::ConfigFile config = base;
  for (size_t i = 0; i < count; ++i)
    add_option(config, start, order[i]);
  return config;
}

/// Needed options found one at a time before the rest of a passing prefix is kept whole.
constexpr size_t max_witnesses = 16;

/// Judges candidates through the oracle, each resolved config once.
class Judge {
public:
  Judge(ConfigResolver& resolver, Oracle& oracle, const std::atomic<bool>* stop)
      : resolver_(resolver), oracle_(oracle), stop_(stop) {}

  /// Judges the prefixes `counts` (W at a time); returns the index of the first that passes.
  std::optional<size_t> first_passing(const kconfig::ConfigFile& base,
                                      const kconfig::SymbolTable& start,
                                      const std::vector<std::string>& order,
                                      const std::vector<size_t>& counts, int workers) {
    for (size_t from = 0; from < counts.size(); from += size_t(workers)) {
      size_t to = std::min(counts.size(), from + size_t(workers));
      std::vector<std::optional<Outcome>> outcomes(to - from);
      std::vector<std::exception_ptr> errors(to - from);
      std::vector<std::thread> threads;
      for (size_t i = from; i < to; ++i)
        threads.emplace_back([&, i] {
          try {
            outcomes[i - from] = judge(with_prefix(base, start, order, counts[i]));
          } catch (...) {
            errors[i - from] = std::current_exception();
          }
        });
      for (auto& thread : threads)
        thread.join();
      for (size_t i = from; i < to; ++i) {
        if (errors[i - from]) std::rethrow_exception(errors[i - from]);
        if (outcomes[i - from] && outcomes[i - from]->verdict == Verdict::pass) return i;
      }
      if (stopped()) return std::nullopt;
    }
    return std::nullopt;
  }

  bool passes(const kconfig::ConfigFile& config) {
    auto outcome = judge(config);
    return outcome && outcome->verdict == Verdict::pass;
  }

  bool stopped() const { return (stop_ && *stop_) || infra_; }
  /// Why a candidate could not be judged (kshrink's or the machine's fault), if one could not.
  std::optional<std::string> infra_error() {
    std::lock_guard lock(mutex_);
    return infra_ ? std::optional(infra_detail_) : std::nullopt;
  }
  size_t judged() {
    std::lock_guard lock(mutex_);
    return judged_;
  }

private:
  std::optional<Outcome> judge(const kconfig::ConfigFile& config) {
    if (stopped()) return std::nullopt;
    kconfig::ResolvedConfig resolved = resolver_.resolve(config);
    {
      std::lock_guard lock(mutex_);
      if (auto it = seen_.find(resolved.hash); it != seen_.end()) return it->second;
    }
    Outcome outcome = oracle_.judge(resolved, stop_);
    if (stopped() || outcome.verdict == Verdict::cancelled) return std::nullopt;
    std::lock_guard lock(mutex_);
    if (outcome.verdict == Verdict::infra_error) { // not the candidate's fault: no answer
      infra_detail_ = outcome.detail;
      infra_ = true;
      return std::nullopt;
    }
    ++judged_;
    return seen_[resolved.hash] = outcome;
  }

  ConfigResolver& resolver_;
  Oracle& oracle_;
  const std::atomic<bool>* stop_;
  std::mutex mutex_;
  std::map<std::string, Outcome> seen_;
  size_t judged_ = 0;
  std::atomic<bool> infra_ = false;
  std::string infra_detail_;
};

} // namespace

std::vector<std::string> grow_order(const kconfig::SymbolTable& start,
                                    const kconfig::ConfigFile& config) {
  std::set<std::vector<std::string>> used_menus;
  for (const auto& symbol : start.symbols())
    if (enabled(config.value(symbol.name))) used_menus.insert(symbol.menu);
  std::vector<std::string> near, far;
  for (const auto& symbol : start.symbols()) {
    if (!kconfig::settable(symbol) || symbol.choice || !kconfig::enabled(symbol.value) ||
        enabled(config.value(symbol.name)))
      continue;
    (used_menus.contains(symbol.menu) ? near : far).push_back(symbol.name);
  }
  near.insert(near.end(), far.begin(), far.end());
  return near;
}

GrowResult grow(ConfigResolver& resolver, Oracle& oracle, const kconfig::ResolvedConfig& base,
                const Outcome& base_outcome, const kconfig::SymbolTable& start,
                const GrowSettings& settings) {
  GrowResult result;
  result.base_failure = std::string(to_string(base_outcome.verdict)) +
                        (base_outcome.detail.empty() ? "" : ": " + base_outcome.detail);
  std::vector<std::string> order = grow_order(start, base.config);
  std::erase_if(order, [&](const std::string& symbol) { return settings.never.contains(symbol); });
  Judge judge(resolver, oracle, settings.stop);
  auto stopped = [&](GrowResult& r) {
    r.judged = judge.judged();
    auto infra = judge.infra_error();
    r.no_answer = infra;
    r.reason = infra ? "a candidate could not be judged (not the config's fault): " + *infra
                     : "stopped while growing the base";
    return r;
  };

  std::vector<size_t> counts; // k, 2k, 4k, ... and all of them last
  for (size_t count = std::max<size_t>(1, settings.first_step); count < order.size(); count *= 2)
    counts.push_back(count);
  counts.push_back(order.size());
  std::optional<size_t> first =
      judge.first_passing(base.config, start, order, counts, std::max(1, settings.workers));
  if (judge.stopped()) return stopped(result);
  if (!first) {
    result.judged = judge.judged();
    result.reason = "the base with every one of the start config's " +
                    std::to_string(order.size()) + " options it lacks still fails";
    return result;
  }
  // `current` plus the first `high` options of `order` passes, and with `low` it fails.
  kconfig::ConfigFile current = base.config;
  size_t low = *first == 0 ? 0 : counts[*first - 1], high = counts[*first];
  for (size_t witnesses = 0;; ++witnesses) {
    while (high - low > 1 && !judge.stopped()) {
      size_t middle = low + (high - low) / 2;
      (judge.passes(with_prefix(current, start, order, middle)) ? high : low) = middle;
    }
    if (judge.stopped()) return stopped(result);
    if (witnesses == max_witnesses) { // many options are missing: keep the whole prefix
      for (size_t i = 0; i < high; ++i)
        for (const auto& symbol : add_option(current, start, order[i]))
          result.added.push_back(symbol);
      break;
    }
    // The last option of the shortest passing prefix is needed: add it alone, and if that
    // is not enough, look for the next one among the options before it.
    for (const auto& symbol : add_option(current, start, order[high - 1]))
      result.added.push_back(symbol);
    order.erase(order.begin() + long(high - 1));
    if (judge.passes(current)) break;
    if (judge.stopped()) return stopped(result);
    low = 0;
    high -= 1;
  }
  result.judged = judge.judged();
  result.passing = resolver.resolve(current);
  return result;
}

} // namespace kshrink::optimizer
