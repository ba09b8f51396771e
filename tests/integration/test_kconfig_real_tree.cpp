// Integration tests of the Kconfig model on Debian's real kernel trees: facts anyone can check
// in the tree's Kconfig files, exact round trips, and resolution that leaves the tree alone.
#include "kconfig/resolver.h"
#include "kconfig/sanitizer.h"
#include "kconfig/start_config.h"
#include "kconfig/symbol_table.h"
#include "optimizer/moves.h"
#include "tests/integration/real_tree.h"
#include "util/error.h"
#include "util/files.h"
#include "util/subprocess.h"

#include <doctest/doctest.h>

#include <algorithm>

namespace fs = std::filesystem;
using namespace kshrink;

namespace {

using test::tools_61;
using test::tools_for;

const kconfig::SymbolTable& debian_symbols() {
  static const kconfig::SymbolTable table = [] {
    auto config = kconfig::load_start_config("debian", tools_61()).config;
    kconfig::sanitize(config, tools_61().tree().source, kconfig::HostFacts::detect());
    auto resolved = kconfig::Resolver(tools_61()).resolve(config);
    return kconfig::SymbolTable::load(tools_61(), resolved.config);
  }();
  return table;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

/// Every path under `dir` with its modification time, to prove nothing was written there.
std::map<std::string, fs::file_time_type> snapshot(const fs::path& dir) {
  std::map<std::string, fs::file_time_type> files;
  files[dir.string()] = fs::last_write_time(dir);
  for (const char* sub : {"scripts/kconfig", "include", "arch/x86"})
    for (const auto& entry : fs::recursive_directory_iterator(dir / sub))
      files[entry.path().string()] = entry.last_write_time();
  return files;
}

} // namespace

TEST_CASE("EXT4_FS: tristate, prompted, defined in fs/ext4/Kconfig, selects JBD2 and CRC16") {
  const auto* ext4 = debian_symbols().find("EXT4_FS");
  REQUIRE(ext4);
  CHECK(ext4->type == "tristate");
  CHECK(ext4->has_prompt);
  CHECK(ext4->file == "fs/ext4/Kconfig");
  CHECK(contains(ext4->selects, "JBD2"));
  CHECK(contains(ext4->selects, "CRC16"));
  CHECK(contains(ext4->depends_symbols, "BLOCK"));
  CHECK(contains(ext4->menu, "File systems"));
  CHECK(contains(debian_symbols().find("JBD2")->selected_by, "EXT4_FS"));
}

TEST_CASE("KERNEL_XZ and KERNEL_GZIP are members of the same choice and Debian picks XZ") {
  const auto* xz = debian_symbols().find("KERNEL_XZ");
  const auto* gzip = debian_symbols().find("KERNEL_GZIP");
  REQUIRE((xz && gzip));
  REQUIRE(xz->choice_id);
  CHECK(xz->choice_id == gzip->choice_id);
  CHECK(xz->choice == "Kernel compression mode");
  CHECK(xz->value == "y");
  CHECK(gzip->value == "n");
  CHECK_FALSE(debian_symbols().find("EXT4_FS")->choice_id);
}

TEST_CASE("def_bool helpers have no prompt and EXPERT gates prompts such as MULTIUSER") {
  const auto* cc_is_gcc = debian_symbols().find("CC_IS_GCC");
  REQUIRE(cc_is_gcc);
  CHECK_FALSE(cc_is_gcc->has_prompt);
  CHECK(cc_is_gcc->value == "y");
  const auto* multiuser = debian_symbols().find("MULTIUSER");
  REQUIRE(multiuser);
  CHECK(multiuser->has_prompt);
  CHECK(contains(multiuser->visibility_symbols, "EXPERT"));
  CHECK(multiuser->visible == "y"); // Debian has EXPERT=y
}

TEST_CASE("the search's moves on 6.1: EXPERT opens removals in defconfig, choices switch") {
  auto defconfig = kconfig::Resolver(tools_61())
                       .resolve(kconfig::load_start_config("defconfig", tools_61()).config);
  auto table = kconfig::SymbolTable::load(tools_61(), defconfig.config);
  REQUIRE(optimizer::gate_closed(table, "EXPERT"));
  auto opened_config = defconfig.config;
  opened_config.set("EXPERT", "y");
  auto targets = optimizer::removal_targets(table, {}, {});
  auto merged = optimizer::with_gate(
      targets,
      optimizer::removal_targets(kconfig::SymbolTable::load(tools_61(), opened_config), {}, {}),
      "EXPERT");
  size_t gated = 0;
  bool multiuser = false;
  for (const auto& target : merged) {
    gated += target.gate == "EXPERT";
    multiuser |= target.symbol == "MULTIUSER" && target.gate == "EXPERT";
  }
  MESSAGE("defconfig: " << targets.size() << " removal targets, " << gated
                        << " more with EXPERT on");
  CHECK(multiuser);
  CHECK(gated >= 20);

  auto switches = optimizer::choice_switches(debian_symbols(), {});
  bool xz_to_gzip = std::any_of(switches.begin(), switches.end(), [](const auto& s) {
    return s.current == "KERNEL_XZ" && s.member == "KERNEL_GZIP";
  });
  CHECK(xz_to_gzip);
  CHECK(optimizer::choice_switches(debian_symbols(), {"KERNEL_XZ"}).size() < switches.size());
}

TEST_CASE("the symbol table covers the whole tree") {
  auto summary = debian_symbols().summary();
  CHECK(summary.symbols > 15000);
  CHECK(summary.with_prompt > 13000);
  CHECK(summary.by_value.at("y") > 2000);
  CHECK(summary.by_value.at("m") > 3000);
}

TEST_CASE("Debian's config and tinyconfig round-trip byte for byte") {
  auto dir = test::temp_dir();
  auto xz = util::system_runner().run(
      {.program = "xz",
       .args = {"-dc", kconfig::debian_config_path(tools_61().tree().version).string()},
       .output = dir.path() / "config"});
  REQUIRE(xz.ok());
  std::string debian = util::read_file(dir.path() / "config");
  CHECK(kconfig::ConfigFile::parse(debian).text() == debian);
  std::string tiny = tools_61().make_config_target("tinyconfig");
  CHECK(kconfig::ConfigFile::parse(tiny).text() == tiny);
  CHECK(kconfig::ConfigFile::parse(tiny).value("BLOCK") == "n");
  CHECK(kconfig::ConfigFile::parse(tiny).value("PRINTK") == "n");
}

TEST_CASE("a start config may be gzip- or xz-compressed, or the running kernel's") {
  auto dir = test::temp_dir();
  std::string tiny = tools_61().make_config_target("tinyconfig");
  util::write_file_atomic(dir.path() / "tiny.config", tiny);
  for (const char* program : {"gzip", "xz"}) {
    CAPTURE(program);
    auto packed = util::system_runner().run({.program = program,
                                             .args = {"-c", (dir.path() / "tiny.config").string()},
                                             .output = dir.path() / "packed"});
    REQUIRE(packed.ok());
    auto loaded = kconfig::load_start_config((dir.path() / "packed").string(), tools_61());
    CHECK(loaded.config.text() == tiny);
  }
  // A file that claims gzip but is not: bad input naming the file.
  util::write_file_atomic(dir.path() / "broken.gz", std::string("\x1f\x8b garbage"));
  std::string broken = (dir.path() / "broken.gz").string();
  try {
    kconfig::load_start_config(broken, tools_61());
    FAIL("a broken gzip file was read");
  } catch (const util::Error& e) {
    CHECK(std::string(e.what()).starts_with("cannot decompress " + broken + " with gzip"));
    CHECK(e.exit_code() == util::exit_codes::bad_input);
  }

  // `running`: /proc/config.gz or /boot/config-$(uname -r) where the machine has one (this one
  // has /proc/config.gz), else the environment's error naming both.
  try {
    fs::path path = kconfig::running_config_path();
    auto running = kconfig::load_start_config("running", tools_61()).config;
    CHECK(running.text() == kconfig::load_start_config(path.string(), tools_61()).config.text());
    CHECK(running.count_enabled() > 0);
  } catch (const util::EnvironmentError& e) {
    CHECK(std::string(e.what()).find("/proc/config.gz") != std::string::npos);
  }
}

TEST_CASE("resolving never writes into the source tree, and savedefconfig resolves back") {
  fs::path source = tools_61().tree().source;
  auto before = snapshot(source);
  kconfig::Resolver resolver(tools_61());
  auto resolved = resolver.resolve(kconfig::ConfigFile::parse("CONFIG_EXT4_FS=y\n"));
  CHECK(resolved.config.value("EXT4_FS") == "y");
  CHECK(resolved.config.value("JBD2") == "y"); // selected by EXT4_FS
  CHECK(resolved.config.value("BLOCK") == "y");

  std::string defconfig = resolver.savedefconfig(resolved.config);
  CHECK(defconfig.find("CONFIG_EXT4_FS=y") != std::string::npos);
  CHECK(defconfig.find("CONFIG_JBD2") == std::string::npos); // implied, not stated
  CHECK(resolver.resolve(kconfig::ConfigFile::parse(defconfig)).hash == resolved.hash);

  CHECK(snapshot(source) == before);
  CHECK_FALSE(fs::exists(source / ".config"));
}

TEST_CASE("a selected symbol cannot be removed: resolution brings it back") {
  kconfig::Resolver resolver(tools_61());
  auto resolved = resolver.resolve(kconfig::ConfigFile::parse("CONFIG_EXT4_FS=y\n"));
  auto without = resolved.config;
  without.set("JBD2", "n");
  CHECK(resolver.resolve(without).hash == resolved.hash);
}

TEST_CASE("the Linux 6.12 tree's Kconfig is read the same way") {
  auto& tools = tools_for("/usr/src/linux-source-6.12.tar.xz");
  CHECK(tools.tree().version.starts_with("6.12."));
  auto resolved =
      kconfig::Resolver(tools).resolve(kconfig::ConfigFile::parse("CONFIG_EXT4_FS=y\n"));
  auto table = kconfig::SymbolTable::load(tools, resolved.config);
  const auto* ext4 = table.find("EXT4_FS");
  REQUIRE(ext4);
  CHECK(ext4->type == "tristate");
  CHECK(ext4->file == "fs/ext4/Kconfig");
  CHECK(contains(ext4->selects, "JBD2"));
  const auto* xz = table.find("KERNEL_XZ");
  const auto* gzip = table.find("KERNEL_GZIP");
  REQUIRE((xz && gzip && xz->choice_id));
  CHECK(xz->choice_id == gzip->choice_id);
  CHECK_FALSE(table.find("CC_IS_GCC")->has_prompt);
}

TEST_CASE("a choice member depends on what its choice depends on, as the tree's conf shows") {
  for (const char* tarball :
       {"/usr/src/linux-source-6.1.tar.xz", "/usr/src/linux-source-6.12.tar.xz"}) {
    CAPTURE(tarball);
    auto& tools = tools_for(tarball);
    kconfig::Resolver resolver(tools);
    auto resolved = resolver.resolve(
        kconfig::ConfigFile::parse("CONFIG_DEBUG_KERNEL=y\nCONFIG_DEBUG_INFO_DWARF5=y\n"));
    REQUIRE(resolved.config.value("DEBUG_INFO_DWARF5") == "y");
    auto table = kconfig::SymbolTable::load(tools, resolved.config);
    // "Debug information" is a choice that depends on DEBUG_KERNEL: so do its members,
    const auto* dwarf5 = table.find("DEBUG_INFO_DWARF5");
    REQUIRE(dwarf5);
    CHECK(dwarf5->choice_id);
    CHECK_MESSAGE(contains(dwarf5->depends_symbols, "DEBUG_KERNEL"), dwarf5->depends);
    CHECK(contains(table.find("DEBUG_KERNEL")->depended_on_by, "DEBUG_INFO_DWARF5"));
    // as conf shows: without DEBUG_KERNEL the member is gone.
    auto without = resolved.config;
    without.set("DEBUG_KERNEL", "n");
    CHECK(resolver.resolve(without).config.value("DEBUG_INFO_DWARF5").value_or("n") == "n");
    // 6.12's real-time preemption is a member of "Preemption Model" that needs EXPERT: one
    // of the symbols a gate move opens.
    if (const auto* rt = table.find("PREEMPT_RT"); rt && rt->choice_id)
      CHECK(contains(table.find("EXPERT")->depended_on_by, "PREEMPT_RT"));
    // Every member with a prompt that conf can hide has a dependency to say why (6.12's table
    // once had none for all 307 members), and numbers in expressions are not symbols.
    size_t members = 0, hidden_without_reason = 0, numbers = 0;
    for (const auto& symbol : table.symbols()) {
      for (const auto& name : symbol.depends_symbols)
        numbers += name.find_first_not_of("0123456789") == std::string::npos;
      if (!symbol.choice_id) continue;
      ++members;
      if (symbol.visible == "n" && symbol.depends.empty() && symbol.visibility.empty())
        ++hidden_without_reason;
    }
    CHECK(members > 100);
    CHECK_MESSAGE(hidden_without_reason == 0, hidden_without_reason << " of " << members);
    CHECK(numbers == 0);
  }
}

TEST_CASE("a fragment means what the tree's merge_config.sh and olddefconfig make of it") {
  // A choice member, an "is not set" line with a trailing space, CRLF line ends: each once
  // read differently from the kernel's own tools.
  const auto& tools = tools_61();
  auto dir = test::temp_dir();
  fs::path base = dir.path() / "base.config", fragment = dir.path() / "board.cfg";
  util::write_file_atomic(base, tools.make_config_target("defconfig"));
  util::write_file_atomic(fragment, "CONFIG_HZ_100=y\r\n# CONFIG_EXT4_FS is not set \r\n"
                                    "CONFIG_NOT_A_SYMBOL=y\r\n");
  auto ours = kconfig::Resolver(tools).resolve(
      kconfig::load_start_config(base.string() + "+" + fragment.string(), tools).config);

  fs::path out = dir.path() / "out";
  fs::create_directories(out);
  auto merged = util::system_runner().run(
      {.program = "bash",
       .args = {(tools.tree().source / "scripts/kconfig/merge_config.sh").string(), "-m", "-O",
                out.string(), base.string(), fragment.string()},
       .cwd = dir.path(),
       .output = dir.path() / "merge.log"});
  REQUIRE_MESSAGE(merged.ok(), util::read_file(dir.path() / "merge.log"));
  REQUIRE(tools.run_conf(out, {"--olddefconfig"}, dir.path() / "conf.log").ok());
  auto theirs = kconfig::ConfigFile::load(out / ".config");

  CHECK(ours.config.value("HZ_100") == "y");
  CHECK(ours.config.value("EXT4_FS") == "n");
  CHECK(ours.hash == theirs.hash());
  auto unmet = kconfig::unmet_requests(
      kconfig::load_start_config(base.string() + "+" + fragment.string(), tools).requested,
      kconfig::SymbolTable::load(tools, ours.config));
  REQUIRE(unmet.size() == 1);
  CHECK(unmet.front().find("no symbol NOT_A_SYMBOL") != std::string::npos);
}
