// Initramfs layout: /init -> busybox (its init applet), /etc/inittab runs /etc/kshrink/run,
// /checks/<n> holds check n's script, /dev/console is a device node in the archive.
#include "bootcheck/initramfs.h"

#include "bootcheck/cpio_writer.h"
#include "util/error.h"
#include "util/files.h"

#include <algorithm>
#include <random>

namespace fs = std::filesystem;

namespace kshrink::bootcheck {

namespace {

/// Adds every directory, file and symlink under `root` to the archive, at the same path
/// below the archive's top, in a stable order. Throws util::Error if it cannot be read.
void add_tree(CpioWriter& cpio, const fs::path& root) try {
  std::vector<fs::path> entries;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    entries.push_back(entry.path());
  std::sort(entries.begin(), entries.end());
  for (const auto& path : entries) {
    std::string name = fs::relative(path, root).string();
    auto status = fs::symlink_status(path);
    if (fs::is_symlink(status))
      cpio.symlink(name, fs::read_symlink(path).string());
    else if (fs::is_directory(status))
      cpio.directory(name);
    else if (fs::is_regular_file(status))
      cpio.file(name, util::read_file(path), 0644);
  }
} catch (const fs::filesystem_error& e) {
  throw util::Error("cannot read " + root.string() + " for the initramfs: " + e.code().message());
}

} // namespace

std::string runner_script(const std::vector<Check>& checks, const GuestExtras& extras) {
  std::string script =
      "# kshrink check runner: markers go to the console with a nonce the checks never see.\n"
      "N=$(cat /etc/kshrink/nonce); rm -f /etc/kshrink/nonce\n"
      "KSHRINK_TOKEN=$(cat /etc/kshrink/token); export KSHRINK_TOKEN\n"
      "mark() { echo \"KSHRINK-$N $*\"; }\n"
      "run_check() {\n"
      "  if /bin/sh \"/checks/$1\" > /tmp/kshrink-check.log 2>&1 < /dev/null; then\n"
      "    mark CHECK \"$1\" PASS\n"
      "  else\n"
      "    mark CHECK \"$1\" FAIL\n"
      "    tail -n 20 /tmp/kshrink-check.log | sed 's/^/  | /'\n"
      "  fi\n"
      "}\n";
  script += extras.prelude;
  for (size_t i = 0; i < checks.size(); ++i)
    script += "run_check " + std::to_string(i) + "\n";
  return script + extras.epilogue + "mark END\nsync\n";
}

void write_base_initramfs(const std::vector<Check>& checks, const fs::path& path,
                          const GuestExtras& extras, const fs::path& busybox) {
  if (!fs::is_regular_file(busybox))
    throw util::EnvironmentError("busybox not found at " + busybox.string() +
                                 ": install busybox-static (scripts/setup does)");
  CpioWriter cpio;
  for (const char* dir :
       {"bin", "sbin", "dev", "etc", "etc/kshrink", "proc", "sys", "tmp", "mnt", "checks", "root"})
    cpio.directory(dir);
  cpio.char_device("dev/console", 5, 1);
  cpio.char_device("dev/null", 1, 3, 0666);
  cpio.file("bin/busybox", util::read_file(busybox), 0755);
  cpio.symlink("bin/sh", "busybox");
  cpio.symlink("init", "bin/busybox");
  cpio.file("etc/inittab", "::sysinit:/bin/busybox sh /etc/kshrink/setup\n");
  cpio.file("etc/kshrink/setup", "/bin/busybox --install -s /bin\nexport PATH=/bin\n"
                                 ". /etc/kshrink/run\n");
  cpio.file("etc/kshrink/run", runner_script(checks, extras));
  for (size_t i = 0; i < checks.size(); ++i)
    cpio.file("checks/" + std::to_string(i), checks[i].script, 0755);
  if (!extras.tree.empty()) add_tree(cpio, extras.tree);
  util::write_file_atomic(path, cpio.finish());
}

std::string boot_archive(const std::string& nonce, const std::string& token, const fs::path& tree) {
  CpioWriter cpio;
  cpio.file("etc/kshrink/nonce", nonce + "\n", 0600);
  cpio.file("etc/kshrink/token", token + "\n");
  if (!tree.empty()) add_tree(cpio, tree);
  return cpio.finish();
}

std::string random_hex128() {
  std::random_device device;
  std::string out;
  static const char digits[] = "0123456789abcdef";
  for (int i = 0; i < 4; ++i) {
    uint32_t word = device();
    for (int j = 0; j < 8; ++j, word >>= 4)
      out += digits[word & 15];
  }
  return out;
}

} // namespace kshrink::bootcheck
