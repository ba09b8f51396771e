// Base config: each wanted symbol with its enabling closure within the start config.
#include "run/base_config.h"

#include "kconfig/enabling_closure.h"

namespace kshrink::run {

BaseConfig make_base(kconfig::ConfigFile tiny, const kconfig::SymbolTable& start,
                     const std::vector<Wanted>& wanted, const std::vector<std::string>& gates) {
  BaseConfig base{std::move(tiny), {}, {}};
  for (const auto& gate : gates)
    if (const auto* symbol = start.find(gate); symbol && symbol->has_prompt) {
      base.config.set(gate, "y");
      base.origin[gate] = "gate: makes prompts settable, adds no code";
    }
  std::vector<const Wanted*> kept;
  for (const auto& w : wanted) {
    const kconfig::Symbol* symbol = start.find(w.symbol);
    std::string skipped = !symbol                            ? "no such symbol in this tree"
                          : !kconfig::enabled(symbol->value) ? "off in the start config"
                          : symbol->choice                   ? "a choice member, left to the choice"
                                                             : "";
    if (!skipped.empty())
      base.skipped.push_back(w.symbol + ": " + skipped + " (" + w.why + ")");
    else
      kept.push_back(&w);
  }
  // A symbol wanted for itself says so, even if another one's closure reaches it first.
  for (const Wanted* w : kept)
    if (kconfig::settable(*start.find(w->symbol))) base.origin.try_emplace(w->symbol, w->why);
  for (const Wanted* w : kept)
    for (const auto& step : kconfig::enabling_closure(start, w->symbol)) {
      base.origin.try_emplace(step.symbol, "dependency of " + step.needed_by);
      base.config.set(step.symbol, "y");
    }
  return base;
}

} // namespace kshrink::run
