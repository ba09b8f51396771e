// Integration tests of profiles on the real tree and in real QEMU: `kshrink probe` here, a
// hand-written profile's base, Debian's prebuilt kernel profiled with its modules loaded as
// a distro loads them, and the clear errors of a garbage profile or a kernel that does not
// boot.
#include "bootcheck/check_registry.h"
#include "builder/object_sizes.h"
#include "profile/prebuilt_kernel.h"
#include "profile/prebuilt_profile.h"
#include "run/prepare.h"
#include "run/profiled_start.h"
#include "tests/integration/real_tree.h"
#include "util/error.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace fs = std::filesystem;
using namespace kshrink;

namespace {

bool loaded(const profile::Profile& p, const std::string& name) {
  return std::any_of(p.modules.begin(), p.modules.end(),
                     [&](const auto& m) { return m.name == name; });
}

} // namespace

TEST_CASE("kshrink probe writes a valid profile of this machine and says what it cannot see") {
  auto dir = test::temp_dir();
  fs::path file = dir.path() / "here.json";
  auto run = test::run_kshrink({"probe", "-o", file.string()});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  profile::Profile p = profile::read_profile(file);
  CHECK(p.source.starts_with("kshrink probe on "));
  CHECK_FALSE(p.release.empty());
  CHECK_FALSE(p.mounted.empty());
  CHECK_FALSE(p.filesystems.empty());
  // A container has no module index, no USB...: each gap is a line of its own, also printed.
  for (const auto& line : p.unseen)
    CHECK(run.out.find("not seen: " + line) != std::string::npos);
  if (!fs::exists("/proc/modules")) CHECK_FALSE(p.unseen.empty());
}

TEST_CASE("a hand-written profile naming e1000 and ahci gives a base with both built in") {
  auto dir = test::temp_dir();
  fs::path file = dir.path() / "board.json";
  util::write_file_atomic(file, R"({"modules": ["e1000", "ahci", "floppy"]})");
  run::RunSettings settings{.config = "debian",
                            .checks = "boot",
                            .keep = "CONFIG_USB_STORAGE", // a module in Debian's config
                            .drop = "BLK_DEV_FD",         // floppy's symbol
                            .profile = file.string()};
  auto prepared = run::prepare_config("", "debian", test::shared_workdir());
  auto objects = builder::read_object_map(prepared.tools.tree().source);
  auto start = run::profiled_start(settings, prepared.tools, prepared.resolved.config,
                                   bootcheck::parse_checks("boot,net"), objects, {"EXPERT"},
                                   util::RunFiles(dir.path()));
  CHECK(start.base.origin.at("E1000") == "profile: module e1000");
  CHECK(start.base.origin.at("SATA_AHCI") == "profile: module ahci");
  auto resolved = kconfig::Resolver(prepared.tools).resolve(start.base.config);
  CHECK(resolved.config.value("E1000") == "y");
  CHECK(resolved.config.value("SATA_AHCI") == "y");
  CHECK(resolved.config.value("MODULES").value_or("n") == "n");
  CHECK(resolved.config.value("SOUND").value_or("n") == "n");
  CHECK(resolved.config.count_enabled() < 700);   // tinyconfig's kind, not Debian's 6,440
  CHECK(fs::exists(dir.path() / "profile.json")); // kept with the run
  CHECK(start.base.origin.at("INET") == "check net");
  CHECK(start.base.origin.at("USB_STORAGE") == "--keep");
  CHECK(resolved.config.value("USB_STORAGE") == "y");
  CHECK_FALSE(start.base.origin.contains("BLK_DEV_FD"));
  CHECK(resolved.config.value("BLK_DEV_FD").value_or("n") == "n");

  // The reference: exactly the harness's, the checks' and QEMU's devices' options, all else
  // off (IPV6 defaults to y under INET, and stays off here).
  const auto& reference = start.reference.config;
  for (const char* symbol : {"EXPERT", "INET", "VIRTIO_NET", "VIRTIO_PCI", "SERIAL_8250_CONSOLE"})
    CHECK_MESSAGE(reference.value(symbol) == "y", symbol);
  for (const char* symbol : {"IPV6", "E1000", "SATA_AHCI", "MODULES"})
    CHECK_MESSAGE(reference.value(symbol).value_or("n") == "n", symbol);
}

TEST_CASE("a garbage profile is refused with one line before any build") {
  auto dir = test::temp_dir();
  fs::path file = dir.path() / "garbage.json";
  util::write_file_atomic(file, "\x7f"
                                "ELF garbage");
  auto run =
      test::run_kshrink({"run", "--config", "debian", "--profile", file.string(), "--workdir",
                         test::shared_workdir().string(), "--db", (dir.path() / "k.db").string()});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("kshrink: error: profile " + file.string() + " is not a profile") !=
        std::string::npos);
  CHECK(run.err.find("sanity check") == std::string::npos); // refused before any build
}

TEST_CASE("Debian's prebuilt kernel passes boot, ext4 and net once its modules load") {
  auto tree = test::tools_61().tree();
  auto scratch = test::temp_dir();
  std::string package = profile::debian_kernel_package(tree.version, scratch.path());
  CHECK(package.ends_with("-amd64-unsigned"));
  auto kernel = profile::fetch_prebuilt_kernel(package, test::shared_workdir());
  CHECK(kernel.kernel_bytes > 4'000'000);
  auto p = profile::profile_prebuilt_kernel(kernel, bootcheck::parse_checks("boot,ext4,net"),
                                            scratch.path() / "boot", std::chrono::seconds(600));
  for (const char* module : {"ext4", "virtio_blk", "virtio_net", "virtio_pci"})
    CHECK_MESSAGE(loaded(p, module), module);
  auto ext4 = std::find_if(p.modules.begin(), p.modules.end(),
                           [](const auto& m) { return m.name == "ext4"; });
  REQUIRE(ext4 != p.modules.end());
  CHECK(ext4->path == "kernel/fs/ext4/ext4.ko");
  CHECK_FALSE(p.drivers.empty());
  CHECK(p.release == kernel.release);
}

TEST_CASE("a prebuilt kernel that does not boot is a clear error, not a profile") {
  auto dir = test::temp_dir();
  profile::PrebuiltKernel broken{.package = "broken",
                                 .release = "0.0",
                                 .kernel = dir.path() / "vmlinuz",
                                 .modules = dir.path() / "modules"};
  util::write_file_atomic(broken.kernel, std::string(4096, 'x'));
  fs::create_directories(broken.modules / "lib" / "modules" / "0.0");
  try {
    profile::profile_prebuilt_kernel(broken, bootcheck::parse_checks("boot"), dir.path() / "boot",
                                     std::chrono::seconds(60));
    FAIL("a kernel that does not boot gave a profile");
  } catch (const util::Error& e) {
    std::string what = e.what();
    CHECK(what.find("prebuilt kernel 0.0") != std::string::npos);
    CHECK(what.find("cannot pass these checks") != std::string::npos);
  }
}

TEST_CASE("no prebuilt kernel for a series apt does not know is a clear error") {
  auto dir = test::temp_dir();
  try {
    profile::debian_kernel_package("9.99.1", dir.path());
    FAIL("a package was named");
  } catch (const util::Error& e) {
    CHECK(std::string(e.what()).find("apt knows no Debian prebuilt kernel for Linux 9.99") !=
          std::string::npos);
  }
}

TEST_CASE("a base that fails a user's script grows toward the start config, then shrinks") {
  // The script needs /proc/config.gz; the profile names no module and the script declares no
  // feature, so the base (tinyconfig, EXPERT, harness) fails it and must grow. The start
  // config sets exactly the small config's options and those two (allnoconfig), so the base
  // lacks few options and every candidate is a small incremental build.
  auto dir = test::temp_dir();
  auto allconfig = kconfig::ConfigFile::parse(test::tools_61().make_config_target("tinyconfig"));
  allconfig.merge(
      kconfig::ConfigFile::parse(util::read_file(KSHRINK_CONFIGS "/qemu-small.fragment") +
                                 "CONFIG_IKCONFIG=y\nCONFIG_IKCONFIG_PROC=y\n"));
  allconfig.save(dir.path() / "allconfig");
  auto start = kconfig::Resolver(test::tools_61())
                   .resolve(kconfig::ConfigFile::parse(test::tools_61().make_config_target(
                       "allnoconfig", dir.path() / "allconfig")));
  fs::path config = dir.path() / "start.config", profile = dir.path() / "none.json";
  start.config.save(config);
  util::write_file_atomic(profile, R"({"modules": []})");
  std::string checks = "boot,script:" KSHRINK_FIXTURES "/needs-config-gz.sh";
  auto run = test::run_kshrink({"run", "--config", config.string(), "--profile", profile.string(),
                                "--checks", checks, "--budget", "2builds", "--db",
                                (dir.path() / "k.db").string(), "--workdir",
                                test::shared_workdir().string(), "--json"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(run.err.find("growing it toward the start config") != std::string::npos);
  auto summary = nlohmann::json::parse(run.out);
  auto best = kconfig::ConfigFile::load(summary["best_config"].get<std::string>());
  CHECK(best.value("IKCONFIG_PROC") == "y");
  CHECK(best.value("PROC_FS") == "y");
  fs::path run_dir = fs::path(summary["best_config"].get<std::string>()).parent_path();
  std::string origins = util::read_file(run_dir / "base.origins");
  CHECK(origins.find("IKCONFIG_PROC\tgrow: the base failed without it") != std::string::npos);
  // Grown options come from the start config only.
  for (const auto& line : {std::string("IKCONFIG"), std::string("PROC_FS")})
    CHECK(start.config.value(line) == "y");
}
