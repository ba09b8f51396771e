// KvmProbe: one short QEMU run under KVM with a boot sector that prints a marker on COM1.
#include "bootcheck/kvm_probe.h"

#include "util/files.h"
#include "util/log.h"
#include "util/subprocess.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace kshrink::bootcheck {
namespace {

constexpr const char* probe_marker = "kshrink-kvm-probe-ok";

/// True once the guest has written the marker (false while the file does not exist yet).
bool marker_seen(const std::filesystem::path& serial) {
  std::ifstream in(serial, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.find(probe_marker) != std::string::npos;
}

KvmProbe run_probe() {
  if (const char* accel = std::getenv("KSHRINK_ACCEL")) {
    if (std::string(accel) == "tcg") return {false, "KSHRINK_ACCEL=tcg"};
    if (std::string(accel) == "kvm") return {true, "KSHRINK_ACCEL=kvm"};
  }
  int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (fd < 0) return {false, "/dev/kvm cannot be opened"};
  ::close(fd);
  std::string why;
  if (probe_guest_runs("kvm", why)) return {true, "a probe guest ran under KVM"};
  return {false, "a probe guest did not run under KVM (" + why + ")"};
}

} // namespace

std::string probe_boot_sector(const std::string& marker) {
  // Real mode at 0000:7C00: DS=0, print the zero-terminated marker on port 0x3F8, halt.
  std::string code = {
      '\x31', '\xC0',         // xor ax, ax
      '\x8E', '\xD8',         // mov ds, ax
      '\xFC',                 // cld
      '\xBE', '\x16', '\x7C', // mov si, 0x7C16 (the marker, below)
      '\xBA', '\xF8', '\x03', // mov dx, 0x3F8
      '\xAC',                 // next: lodsb
      '\x84', '\xC0',         // test al, al
      '\x74', '\x03',         // jz done
      '\xEE',                 // out dx, al
      '\xEB', '\xF8',         // jmp next
      '\xF4',                 // done: hlt
      '\xEB', '\xFD',         // jmp done
  };
  std::string sector = code + marker + "\n";
  sector.resize(510, '\0'); // the marker's terminating zero included
  return sector + "\x55\xAA";
}

bool probe_guest_runs(const std::string& accel, std::string& why) {
  util::ScratchDir dir(std::filesystem::temp_directory_path(), "kshrink-kvm-probe");
  util::write_file_atomic(dir.path() / "boot.img", probe_boot_sector(probe_marker));
  auto serial = dir.path() / "serial.log";
  std::vector<std::string> args = {
      "-nodefaults",
      "-no-user-config",
      "-display",
      "none",
      "-machine",
      "pc",
      "-accel",
      accel,
      "-m",
      "16M",
      "-serial",
      "file:" + serial.string(),
      "-drive",
      "file=" + (dir.path() / "boot.img").string() + ",format=raw,if=ide,snapshot=on"};
  if (accel == "kvm") args.insert(args.end(), {"-cpu", "host"}); // as the boots run it
  auto result = util::system_runner().run({.program = "qemu-system-x86_64",
                                           .args = args,
                                           .output = dir.path() / "qemu.log",
                                           .timeout = std::chrono::seconds(10),
                                           .stop_when = [&] { return marker_seen(serial); },
                                           .kill_grace = std::chrono::milliseconds(500)});
  if (marker_seen(serial)) return true;
  why = util::tail_of_file(dir.path() / "qemu.log", 1);
  while (!why.empty() && why.back() == '\n')
    why.pop_back();
  if (why.empty()) why = "QEMU: " + result.describe() + ", no output from the guest";
  return false;
}

namespace {
std::atomic<bool> kvm_distrusted{false};
}

bool kvm_usable() {
  return kvm_probe().usable && !kvm_distrusted;
}

void distrust_kvm(const std::string& why) {
  if (!kvm_distrusted.exchange(true)) util::note("boots use TCG from now on: " + why);
}

const KvmProbe& kvm_probe() {
  static const KvmProbe probe = [] {
    KvmProbe found = run_probe();
    util::note(std::string("boots use ") + (found.usable ? "KVM" : "TCG") + ": " + found.reason);
    return found;
  }();
  return probe;
}

} // namespace kshrink::bootcheck
