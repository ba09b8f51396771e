// Unit tests of the moves beyond plain removal: choice switches, gates such as EXPERT, and
// size estimates corrected by what candidates measured.
#include "optimizer/engine.h"
#include "optimizer/strategies/steps/chunks.h"
#include "optimizer/strategy.h"
#include "optimizer/synthetic/synthetic_kernel.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using namespace kshrink::optimizer;
using kshrink::kconfig::Symbol;
using kshrink::kconfig::SymbolTable;

namespace {

EngineSettings sized_by(const SyntheticKernel& kernel) {
  EngineSettings settings;
  settings.estimate = [&kernel](const Symbol& s) { return kernel.size_of(s.name); };
  return settings;
}

/// A bool symbol with a visible prompt, on.
Symbol enabled(const std::string& name, std::vector<std::string> depends = {},
               std::vector<std::string> menu = {}) {
  Symbol s;
  s.name = name;
  s.type = "bool";
  s.value = "y";
  s.has_prompt = true;
  s.visible = "y";
  s.depends_symbols = std::move(depends);
  s.menu = std::move(menu);
  return s;
}

Symbol choice_member(const std::string& name, const std::string& value) {
  Symbol s = enabled(name);
  s.value = value;
  s.choice = "Kernel compression mode";
  s.choice_id = "init/Kconfig:250";
  return s;
}

} // namespace

TEST_CASE("each choice ends on its smallest member that boots") {
  SyntheticKernel kernel({.symbols = 400, .seed = 21, .choices = 4});
  Engine engine(kernel, kernel, kernel, sized_by(kernel));
  engine.start(kernel.start_config());
  make_strategy("ddmin")->run(engine);
  size_t switched = 0;
  for (const auto& members : kernel.choice_members()) {
    std::string on;
    for (const auto& member : members)
      if (engine.best().config.value(member) == "y") on = member;
    REQUIRE_FALSE(on.empty());
    CHECK_FALSE(kernel.fails_to_boot(on));
    for (const auto& member : members)
      if (!kernel.fails_to_boot(member)) CHECK(kernel.size_of(on) <= kernel.size_of(member));
    switched += on != members.front();
  }
  CHECK(switched > 0); // the start members are not all the smallest: the phase did something
}

TEST_CASE("a gate is turned on only together with the removals it opens") {
  SyntheticKernel kernel({.symbols = 400, .seed = 22, .gated = 30});
  Engine engine(kernel, kernel, kernel, sized_by(kernel));
  engine.start(kernel.start_config());
  CHECK(engine.best().config.value("EXPERT").value_or("n") == "n");
  make_strategy("ddmin")->run(engine);
  CHECK(engine.best().config.value("EXPERT") == "y");
  for (const auto& target : engine.targets()) // on, a gate is never a removal
    CHECK(target.symbol != "EXPERT");
  size_t removed = 0;
  for (const auto& name : kernel.gated())
    removed += engine.best().config.value(name).value_or("n") == "n";
  CHECK(removed > 0);
  for (const auto& step : engine.accepted()) {
    size_t removals = 0;
    for (const auto& mutation : step.mutations)
      removals += mutation.value == "n";
    CHECK(removals > 0);
  }
}

TEST_CASE("removal chunks turn a target's gate on once per candidate") {
  std::vector<Target> targets = {{"A", 0, "EXPERT"}, {"B", 0, "EXPERT"}, {"C", 0, ""}};
  auto chunks = removal_chunks(targets, 2);
  REQUIRE(chunks.size() == 2);
  REQUIRE(chunks[0].size() == 3);
  CHECK(chunks[0][0].symbol == "EXPERT");
  CHECK(chunks[0][0].value == "y");
  CHECK(chunks[0][2].symbol == "B");
  CHECK(chunks[1].size() == 1);
  CHECK(chunks[1][0].value == "n");
}

TEST_CASE("a chunk counts what its removals take away: a symbol and what depends on it") {
  std::vector<Target> targets = {{.symbol = "NET"},
                                 {.symbol = "INET", .depends = {"NET"}},
                                 {.symbol = "IPV6", .depends = {"INET"}},
                                 {.symbol = "SOUND"},
                                 {.symbol = "SND_HDA", .depends = {"SOUND"}},
                                 {.symbol = "USB"}};
  auto chunks = removal_chunks(targets, 2);
  REQUIRE(chunks.size() == 4);
  CHECK(removed_symbols(chunks[0]) == std::vector<std::string>{"NET"}); // 3: more than 2, alone
  CHECK(removed_symbols(chunks[1]) == std::vector<std::string>{"INET", "IPV6"});
  CHECK(removed_symbols(chunks[2]) == std::vector<std::string>{"SOUND", "SND_HDA"});
  CHECK(removed_symbols(chunks[3]) == std::vector<std::string>{"USB"});
  CHECK(removal_chunks(targets, 3).size() == 2); // NET's three, then SOUND's two and USB
  CHECK(removal_chunks(targets, 1).size() == targets.size());
}

TEST_CASE("targets keep a menu and the menus inside it together, the largest first") {
  auto in_menu = [](const std::string& name, std::vector<std::string> menu) {
    return enabled(name, {}, std::move(menu));
  };
  // "Networking" holds little itself but a large submenu; "Sound" is larger than the first.
  auto table = SymbolTable::from_symbols({in_menu("NET", {"Networking"}),
                                          in_menu("WLAN_DRIVER", {"Networking", "Wireless"}),
                                          in_menu("SND_DRIVER", {"Sound"})});
  SizeEstimate bytes = [](const Symbol& s) -> uint64_t {
    return s.name == "NET" ? 10 : s.name == "WLAN_DRIVER" ? 100 : 50;
  };
  std::vector<std::string> order;
  for (const auto& target : removal_targets(table, {}, bytes))
    order.push_back(target.symbol);
  CHECK(order == std::vector<std::string>{"NET", "WLAN_DRIVER", "SND_DRIVER"});
}

TEST_CASE("choice switches list the visible other members, none when the current is kept") {
  auto hidden = choice_member("KERNEL_LZ4", "n");
  hidden.visible = "n";
  auto table = SymbolTable::from_symbols(
      {choice_member("KERNEL_GZIP", "y"), choice_member("KERNEL_XZ", "n"), hidden});
  auto switches = choice_switches(table, {});
  REQUIRE(switches.size() == 1);
  CHECK(switches[0].current == "KERNEL_GZIP");
  CHECK(switches[0].member == "KERNEL_XZ");
  CHECK(switches[0].mutations().size() == 2);
  CHECK(choice_switches(table, {"KERNEL_GZIP"}).empty());
}

TEST_CASE("wide targets, marked through what depends on them, never share a chunk with narrow") {
  auto symbol = [](const std::string& name, std::vector<std::string> depends = {}) {
    return enabled(name, std::move(depends));
  };
  // FUTEX is in struct task_struct; DEBUG only gates SCHED_DEBUG, which is in many headers;
  // PROC_SYSCTL alone selects SYSCTL (no prompt), CRC32 is selected by two drivers.
  auto sysctl = symbol("SYSCTL");
  sysctl.has_prompt = false;
  auto crc = symbol("CRC32");
  auto driver_a = symbol("DRIVER_A"), driver_b = symbol("DRIVER_B");
  driver_a.selects = driver_b.selects = {"CRC32"};
  auto proc_sysctl = symbol("PROC_SYSCTL");
  proc_sysctl.selects = {"SYSCTL"};
  auto table = SymbolTable::from_symbols({driver_a, symbol("FUTEX"), driver_b, symbol("DEBUG"),
                                          symbol("SCHED_DEBUG", {"DEBUG"}), symbol("DRIVER_C"),
                                          proc_sysctl, sysctl, crc});
  RebuildEstimate rebuild = [](const Symbol& s) {
    return s.name == "FUTEX"                         ? 0.8
           : s.name == "SCHED_DEBUG"                 ? 0.5
           : s.name == "SYSCTL" || s.name == "CRC32" ? 0.7
                                                     : 0.002;
  };
  auto targets = removal_targets(table, {}, {}, rebuild);
  std::set<std::string> wide;
  for (const auto& target : targets)
    if (target.wide) wide.insert(target.symbol);
  CHECK(wide == std::set<std::string>{"FUTEX", "DEBUG", "SCHED_DEBUG", "PROC_SYSCTL", "CRC32"});

  auto chunks = removal_chunks(targets, 5);
  REQUIRE(chunks.size() == 2); // 3 narrow, 5 wide: one candidate each, narrow first
  for (const auto& mutation : chunks[0])
    CHECK_FALSE(wide.contains(mutation.symbol));
  for (const auto& mutation : chunks[1])
    CHECK(wide.contains(mutation.symbol));
  CHECK(removal_targets(table, {}, {}).front().wide == false); // no estimate: all narrow
}

TEST_CASE("choice switches come cheapest rebuild first") {
  auto level = [](const std::string& name, const std::string& value) {
    auto s = choice_member(name, value);
    s.choice_id = "init/Kconfig:1400";
    return s;
  };
  auto table = SymbolTable::from_symbols(
      {level("CC_OPTIMIZE_FOR_PERFORMANCE", "y"), level("CC_OPTIMIZE_FOR_SIZE", "n"),
       choice_member("KERNEL_GZIP", "y"), choice_member("KERNEL_XZ", "n")});
  SwitchPrice price = [](const ChoiceSwitch& s) {
    return s.member.starts_with("CC_OPTIMIZE") ? 1.0 : 0.0;
  };
  auto switches = choice_switches(table, {}, price);
  REQUIRE(switches.size() == 2);
  CHECK(switches[0].member == "KERNEL_XZ");
  CHECK(switches[1].member == "CC_OPTIMIZE_FOR_SIZE");
  CHECK(switches[1].rebuild_share == 1.0);
  CHECK(choice_switches(table, {}).front().member == "CC_OPTIMIZE_FOR_SIZE"); // menu order
}

TEST_CASE("the engine prices a choice switch by the derived symbols it changes, once") {
  // HZ_100 itself is tested by a handful of objects; HZ, the int Kconfig derives from the
  // member, by nearly all of them. Compression changes nothing the compiler sees.
  struct TimerKernel : ConfigResolver, SymbolSource, Oracle {
    size_t resolves = 0; // each an olddefconfig of seconds on a real tree
    kshrink::kconfig::ResolvedConfig resolve(const kshrink::kconfig::ConfigFile& input) override {
      ++resolves;
      auto config = input;
      config.set("HZ", config.value("HZ_100") == "y" ? "100" : "250");
      return {config, config.hash()};
    }
    SymbolTable symbols(const kshrink::kconfig::ConfigFile& config) override {
      auto member = [&](const std::string& name, const std::string& choice) {
        auto s = choice_member(name, config.value(name).value_or("n"));
        s.choice_id = choice;
        return s;
      };
      Symbol hz;
      hz.name = "HZ";
      hz.type = "int";
      hz.value = config.value("HZ").value_or("250");
      return SymbolTable::from_symbols({member("HZ_250", "timer"), member("HZ_100", "timer"), hz,
                                        member("KERNEL_GZIP", "compression"),
                                        member("KERNEL_XZ", "compression")});
    }
    Outcome judge(const kshrink::kconfig::ResolvedConfig&, const std::atomic<bool>*) override {
      return {.verdict = Verdict::pass, .bytes = 1000, .computed = true};
    }
  } kernel;
  EngineSettings settings;
  settings.rebuild = [](const Symbol& s) { return s.name == "HZ" ? 0.9 : 0.01; };
  Engine engine(kernel, kernel, kernel, settings);
  engine.start(kshrink::kconfig::ConfigFile::parse("CONFIG_HZ_250=y\nCONFIG_KERNEL_GZIP=y\n"));
  auto switches = engine.choice_switches();
  REQUIRE(switches.size() == 2);
  CHECK(switches[0].member == "KERNEL_XZ");
  CHECK(switches[0].rebuild_share == doctest::Approx(0.01));
  CHECK(switches[1].member == "HZ_100");
  CHECK(switches[1].rebuild_share == doctest::Approx(0.9));
  // Asked again (a choice phase does after every switch it accepts): priced from memory.
  size_t resolves = kernel.resolves;
  CHECK(engine.choice_switches().size() == 2);
  CHECK(kernel.resolves == resolves);
}

TEST_CASE("ddmin switches choices that rebuild the kernel only once the result is 1-minimal") {
  SyntheticKernel kernel({.symbols = 400, .seed = 21, .choices = 3});
  auto settings = sized_by(kernel);
  settings.rebuild = [](const Symbol& s) { return s.name.starts_with("C0_") ? 0.6 : 0.001; };
  struct Order : EngineObserver {
    std::vector<std::string> events; // phase names, and "C0" / "C1" for choice switches
    void on_phase(const Phase& phase) override { events.push_back(phase.name); }
    void on_trial(const Trial& trial) override {
      for (const auto& mutation : trial.mutations)
        if (mutation.value == "y" && mutation.symbol.starts_with("C"))
          events.push_back(mutation.symbol.substr(0, 2));
    }
  } order;
  Engine engine(kernel, kernel, kernel, settings, &order);
  engine.start(kernel.start_config());
  make_strategy("ddmin")->run(engine);
  auto first = [&](const std::string& event) {
    return std::find(order.events.begin(), order.events.end(), event) - order.events.begin();
  };
  auto one_symbol = first("1-minimality: one symbol at a time");
  REQUIRE(one_symbol < long(order.events.size()));
  CHECK(first("C1") < one_symbol); // narrow: before the 1-minimality rounds
  CHECK(first("C0") > one_symbol); // wide: after them
  CHECK(first("C0") > first("choice switches that rebuild the kernel"));
}

TEST_CASE("sizes measured by built candidates reorder the targets") {
  SyntheticKernel kernel({.symbols = 300, .seed = 23});
  // Every candidate builds (its bytes are real) and fails: nothing is accepted, all is measured.
  struct Failing : Oracle {
    SyntheticKernel& kernel;
    std::string start;
    explicit Failing(SyntheticKernel& k) : kernel(k) {}
    Outcome judge(const kshrink::kconfig::ResolvedConfig& config,
                  const std::atomic<bool>*) override {
      Outcome outcome = kernel.truth(config.config);
      if (!start.empty() && config.hash != start) outcome.verdict = Verdict::boot_failed;
      return outcome;
    }
  } oracle(kernel);
  oracle.start = kernel.resolve(kernel.start_config()).hash;
  Engine engine(kernel, kernel, oracle, {}); // no estimate: every menu weighs 0, menu order
  engine.start(kernel.start_config());
  auto before = engine.targets();
  REQUIRE(before.size() > 2);
  const Target last = before.back();
  CHECK(before.front().estimated_bytes == 0);
  auto removed = last.symbol;
  auto config = engine.best().config;
  config.set(removed, "n");
  uint64_t saved = engine.start_bytes() - kernel.truth(kernel.resolve(config).config).bytes;
  REQUIRE(saved > 0);
  CHECK_FALSE(engine.try_in_order({{{removed, "n"}}}));
  auto after = engine.targets();
  const Target* measured = nullptr;
  for (const auto& target : after)
    if (target.symbol == removed) measured = &target;
  REQUIRE(measured);
  CHECK(measured->estimated_bytes == saved);
  // Its menu now weighs the most: the menu comes first, the symbol with it.
  auto table = kernel.symbols(engine.best().config);
  CHECK(table.find(after.front().symbol)->menu == table.find(removed)->menu);
}
