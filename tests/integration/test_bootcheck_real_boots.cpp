// Integration tests of the boot checker: kernels built from the real 6.1 tree, booted in real
// QEMU (TCG here), judged from their console; the command backend driving QEMU through a
// script; a kernel's own modules packed into its boot; a guest's network that reaches only
// QEMU's echo.
#include "bootcheck/check_registry.h"
#include "bootcheck/command_boot_checker.h"
#include "bootcheck/harness_requirements.h"
#include "bootcheck/kvm_probe.h"
#include "bootcheck/qemu_boot_checker.h"
#include "profile/guest_probe.h"
#include "tests/integration/real_tree.h"
#include "tests/process_table.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

namespace fs = std::filesystem;
using namespace kshrink;
using bootcheck::BootStatus;

namespace {

fs::path small_kernel() {
  return test::built_kernel(test::small_bootable_config(), 0);
}

bootcheck::BootVerdict boot_in_qemu(const fs::path& kernel, const std::string& checks,
                                    const fs::path& dir, int timeout = 60) {
  bootcheck::QemuBootChecker checker(bootcheck::parse_checks(checks), dir,
                                     {.timeout = std::chrono::seconds(timeout)});
  return checker.check(kernel);
}

} // namespace

TEST_CASE("every harness requirement is set in the small bootable config") {
  auto config = test::small_bootable_config();
  REQUIRE_FALSE(bootcheck::harness_requirements().empty());
  for (const auto& requirement : bootcheck::harness_requirements())
    CHECK_MESSAGE(config.config.value(requirement.symbol) == "y", requirement.symbol);
}

TEST_CASE("the KVM probe's guest runs under TCG, and the probe says why it chose") {
  std::string why;
  CHECK_MESSAGE(bootcheck::probe_guest_runs("tcg", why), why);
  // Here KVM may be absent, usable, or present but unable to run a plain guest (a PVM host):
  // whichever, the probe decides without hanging and gives its reason.
  const auto& probe = bootcheck::kvm_probe();
  MESSAGE("KVM usable: " << probe.usable << " (" << probe.reason << ")");
  CHECK_FALSE(probe.reason.empty());
  if (!std::filesystem::exists("/dev/kvm")) CHECK_FALSE(probe.usable);
}

TEST_CASE("a minimal kernel passes boot") {
  auto dir = test::temp_dir();
  auto verdict = boot_in_qemu(small_kernel(), "boot", dir.path());
  CHECK_MESSAGE(verdict.status == BootStatus::pass, verdict.reason, "\n", verdict.excerpt);
  REQUIRE(verdict.boot_seconds);
  MESSAGE("boot check: init after " << *verdict.boot_seconds << " s, whole check "
                                    << verdict.seconds << " s");
  CHECK(fs::exists(verdict.console_log));
  CHECK(test::no_process_mentions(dir.path()));
}

TEST_CASE("the minimal kernel fails ext4 and the verdict names that check") {
  auto dir = test::temp_dir();
  auto verdict = boot_in_qemu(small_kernel(), "ext4", dir.path());
  CHECK(verdict.status == BootStatus::boot_failed);
  CHECK(verdict.failed_check == "ext4");
  REQUIRE(verdict.checks.size() == 2);
  CHECK(verdict.checks[0].passed == true);
  CHECK(verdict.checks[1].passed == false);
}

TEST_CASE("a kernel with ext4 and virtio options passes boot, ext4 and net") {
  auto kernel = test::built_kernel(test::ext4_net_config(), 1);
  auto dir = test::temp_dir();
  auto verdict = boot_in_qemu(kernel, "boot,ext4,net", dir.path());
  CHECK_MESSAGE(verdict.status == BootStatus::pass, verdict.failed_check, ": ", verdict.reason,
                "\n", verdict.excerpt);
  MESSAGE("boot,ext4,net check: " << verdict.seconds << " s");
}

TEST_CASE("the guest reaches its echo and nothing else: not the host, QEMU's DNS, other ports") {
  // A listener on the host's loopback: QEMU user networking without restrict=on forwards the
  // guest's connections to the host address (192.0.2.2) there.
  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::listen(listener, 4) == 0);
  socklen_t length = sizeof address;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  std::string port = std::to_string(ntohs(address.sin_port));

  auto dir = test::temp_dir();
  fs::path script = dir.path() / "isolated.sh";
  // Run after `net` (which brought eth0 up and did its echo): every other target must fail.
  util::write_file_atomic(script, "for target in 192.0.2.2:" + port +
                                      " 192.0.2.2:22 192.0.2.3:53 192.0.2.100:7778 "
                                      "192.0.2.200:80; do\n"
                                      "  if echo probe | nc -w 2 ${target%:*} ${target#*:}; then\n"
                                      "    echo \"reached $target\"; exit 1\n"
                                      "  fi\n"
                                      "done\n");
  auto kernel = test::built_kernel(test::ext4_net_config(), 1);
  auto verdict = boot_in_qemu(kernel, "net,script:" + script.string(), dir.path(), 120);
  CHECK_MESSAGE(verdict.status == BootStatus::pass, verdict.failed_check, ": ", verdict.reason,
                "\n", verdict.excerpt);
  CHECK(::accept(listener, nullptr, nullptr) < 0); // nobody came
  CHECK(errno == EAGAIN);
  ::close(listener);
}

TEST_CASE("a kernel without initramfs support panics: boot_failed with the panic excerpt") {
  auto kernel =
      test::built_kernel(test::small_bootable_config("# CONFIG_BLK_DEV_INITRD is not set\n"), 0);
  auto dir = test::temp_dir();
  auto verdict = boot_in_qemu(kernel, "boot", dir.path());
  CHECK(verdict.status == BootStatus::boot_failed);
  CHECK(verdict.failed_check == "boot");
  CHECK(verdict.excerpt.find("Kernel panic - not syncing") != std::string::npos);
  CHECK(test::no_process_mentions(dir.path()));
}

TEST_CASE("a guest that hangs is a timeout and leaves no QEMU process behind") {
  auto dir = test::temp_dir();
  util::write_file_atomic(dir.path() / "hang.sh", "sleep 1000\n");
  auto verdict = boot_in_qemu(small_kernel(), "script:" + (dir.path() / "hang.sh").string(),
                              dir.path() / "boot", 15);
  CHECK(verdict.status == BootStatus::timeout);
  CHECK(verdict.failed_check == "script:" + (dir.path() / "hang.sh").string());
  CHECK(verdict.seconds < 30);
  CHECK(test::no_process_mentions(dir.path()));
}

TEST_CASE("the command backend boots through a user's script that runs QEMU itself") {
  auto dir = test::temp_dir();
  bootcheck::CommandBootChecker checker(KSHRINK_FIXTURES "/boot-with-qemu.sh",
                                        bootcheck::parse_checks("ext4"), dir.path(),
                                        {.timeout = std::chrono::seconds(60)});
  auto verdict = checker.check(test::built_kernel(test::ext4_net_config(), 1));
  CHECK_MESSAGE(verdict.status == BootStatus::pass, verdict.reason, "\n", verdict.excerpt);
  auto failing = checker.check(small_kernel());
  CHECK(failing.status == BootStatus::boot_failed);
  CHECK(failing.failed_check == "ext4");
  CHECK(test::no_process_mentions(dir.path()));
}

TEST_CASE("kshrink boot --json prints the verdict per check") {
  auto run =
      test::run_kshrink({"boot", "--kernel", small_kernel().string(), "--checks", "boot,proc,sysfs",
                         "--workdir", test::shared_workdir().string(), "--json"});
  CHECK(run.exit_code == 0);
  auto verdict = nlohmann::json::parse(run.out);
  CHECK(verdict["status"] == "pass");
  CHECK(verdict["checks"].size() == 3);
  CHECK(verdict["checks"][1]["name"] == "proc");
  CHECK(verdict["checks"][1]["result"] == "pass");
  CHECK(fs::exists(verdict["console_log"].get<std::string>()));
}

TEST_CASE("a kernel whose disk and ext4 drivers are modules passes ext4 once they are packed") {
  // What --objective bzimage+modules boots: the modules modules_install wrote, in the boot's
  // initramfs, loaded by coldplug (virtio_blk) and on demand (mount asks for fs-ext4).
  auto config = test::small_bootable_config(
      "CONFIG_MODULES=y\nCONFIG_BLOCK=y\nCONFIG_BLK_DEV=y\nCONFIG_EXT4_FS=m\nCONFIG_PCI=y\n"
      "CONFIG_VIRTIO_MENU=y\nCONFIG_VIRTIO_PCI=y\nCONFIG_VIRTIO_BLK=m\n");
  REQUIRE(config.config.value("EXT4_FS") == "m");
  builder::KernelBuilder builder(test::tools_61().tree(), test::shared_workdir(),
                                 {.with_modules = true}, 1);
  auto built = builder.build(config.config);
  REQUIRE_MESSAGE(built.status == builder::BuildStatus::ok, built.error_excerpt);
  REQUIRE(!built.modules_tree.empty());
  CHECK(built.modules_bytes.value_or(0) > 0);
  bool ext4_installed = false, dep_written = false;
  for (const auto& entry : fs::recursive_directory_iterator(built.modules_tree)) {
    ext4_installed |= entry.path().filename() == "ext4.ko";
    dep_written |= entry.path().filename() == "modules.dep";
  }
  CHECK(ext4_installed);
  CHECK(dep_written);
  auto dir = test::temp_dir();
  bootcheck::QemuBootChecker checker(bootcheck::parse_checks("ext4"), dir.path(),
                                     {.extras = {.prelude = profile::coldplug_script()}});
  auto with_modules = checker.check(built.kernel_image, nullptr, built.modules_tree);
  CHECK_MESSAGE(with_modules.status == BootStatus::pass, with_modules.failed_check, ": ",
                with_modules.reason, "\n", with_modules.excerpt);
  auto without = checker.check(built.kernel_image);
  CHECK(without.status == BootStatus::boot_failed);
  CHECK(without.failed_check == "ext4");

  // A config without MODULES has no modules to build or count: no failure, zero bytes.
  builder::KernelBuilder small(test::tools_61().tree(), test::shared_workdir(),
                               {.with_modules = true}, 0);
  auto none = small.build(test::small_bootable_config().config);
  REQUIRE_MESSAGE(none.status == builder::BuildStatus::ok, none.error_excerpt);
  CHECK(none.modules_bytes.value_or(1) == 0);
  CHECK(none.modules_tree.empty());
}
