// BootHarness: per-boot directory and nonce, a watcher that feeds the console scanner while
// the guest runs and stops it at the end marker, and the verdict.
#include "bootcheck/boot_harness.h"

#include "bootcheck/initramfs.h"
#include "util/error.h"
#include "util/files.h"

#include <unistd.h>

#include <fstream>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace kshrink::bootcheck {
namespace {

void make_disk_image(util::CommandRunner& runner, const fs::path& image) {
  fs::path log = image.string() + ".log";
  auto result = runner.run({.program = "mke2fs",
                            .args = {"-q", "-F", "-t", "ext4", image.string(), "16M"},
                            .output = log});
  if (!result.ok()) {
    std::string output = fs::exists(log) ? util::tail_of_file(log, 3) : "";
    throw util::EnvironmentError("cannot make the ext4 disk image with mke2fs (" +
                                 result.describe() + ")" + (output.empty() ? "" : ": " + output));
  }
}

/// Reads what was appended to a file since the last call, a bounded amount at a time.
class FileFollower {
public:
  explicit FileFollower(fs::path path) : path_(std::move(path)) {}
  /// Feeds new bytes to `scanner`; returns the total read so far.
  size_t follow(ConsoleScanner& scanner) {
    if (!in_.is_open()) {
      in_.open(path_, std::ios::binary);
      if (!in_.is_open()) return offset_;
    }
    char buffer[1 << 16];
    for (int round = 0; round < 16; ++round) { // at most 1 MiB per poll
      in_.clear();
      in_.seekg(std::streamoff(offset_));
      in_.read(buffer, sizeof buffer);
      std::streamsize got = in_.gcount();
      if (got <= 0) break;
      scanner.feed(std::string_view(buffer, size_t(got)));
      offset_ += size_t(got);
    }
    return offset_;
  }

private:
  fs::path path_;
  std::ifstream in_;
  size_t offset_ = 0;
};

} // namespace

BootHarness::BootHarness(std::vector<Check> checks, fs::path dir, BootSettings settings,
                         util::CommandRunner& runner)
    : checks_(std::move(checks)), dir_(std::move(dir)), settings_(settings), runner_(runner) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) util::throw_system_error("cannot create " + dir_.string(), ec);
  base_initramfs_ = dir_ / "initramfs-base.cpio";
  write_base_initramfs(checks_, base_initramfs_, settings_.extras);
  bool needs_disk = false;
  for (const auto& check : checks_) {
    needs_disk |= check.needs_disk;
    needs_nic_ |= check.needs_nic;
  }
  if (needs_disk) {
    disk_ = dir_ / "disk.ext4";
    make_disk_image(runner_, disk_);
  }
}

BootVerdict BootHarness::boot(const fs::path& kernel, const fs::path& modules,
                              const Launcher& launcher, SilentFailure silent_failure,
                              const std::atomic<bool>* cancel,
                              std::optional<std::chrono::seconds> silent_limit) {
  auto started = Clock::now();
  BootFiles files{.kernel = fs::absolute(kernel),
                  .disk = disk_,
                  .needs_nic = needs_nic_,
                  .append = "console=ttyS0 panic=-1",
                  .dir = dir_ / "boots" /
                         (std::to_string(::getpid()) + "-" + std::to_string(++boots_))};
  BootVerdict verdict;
  std::string nonce = random_hex128();
  try {
    fs::remove_all(files.dir);
    fs::create_directories(files.dir);
    files.initrd = files.dir / "initrd.cpio";
    files.console = files.dir / "console.log";
    util::write_file_atomic(files.initrd, util::read_file(base_initramfs_) +
                                              boot_archive(nonce, random_hex128(), modules));
  } catch (const std::exception& e) {
    verdict.reason = std::string("cannot prepare the boot: ") + e.what();
    return verdict; // infra_error
  }

  ConsoleScanner console(nonce, checks_.size());
  FileFollower follower(files.console);
  std::optional<double> boot_seconds;
  bool flooded = false;
  util::Command command = launcher(files);
  command.timeout = settings_.timeout;
  command.cancel = cancel;
  command.stop_when = [&] {
    size_t read = follower.follow(console);
    if (console.init_ran() && !boot_seconds)
      boot_seconds = std::chrono::duration<double>(Clock::now() - started).count();
    flooded = read > settings_.max_console_bytes;
    if (silent_limit && !console.kernel_spoke() && !console.init_ran() &&
        Clock::now() - started > *silent_limit)
      return true;
    // The guest is done once init says so, or the kernel has died: stop it, whatever it does.
    return console.ended() || flooded || console.failure_pattern().has_value();
  };
  util::CommandResult ran = runner_.run(command);
  size_t console_bytes = follower.follow(console);

  using Status = util::CommandResult::Status;
  if (ran.status == Status::failed_to_start) {
    verdict.reason = ran.describe();
    verdict.console_log = files.console;
    return verdict; // infra_error
  }
  if (ran.status == Status::exited && ran.exit_code != 0 && console_bytes == 0) {
    verdict.reason = command.program + " failed before any console output (" + ran.describe() + ")";
    verdict.excerpt = util::tail_of_file(command.output, 10);
    verdict.console_log = files.console;
    if (silent_failure == SilentFailure::infra) return verdict; // infra_error
    verdict.status = BootStatus::boot_failed;
    verdict.failed_check = "boot";
    return verdict;
  }
  BootEnding ending = flooded                           ? BootEnding::console_flood
                      : console.ended()                 ? BootEnding::end_marker
                      : ran.status == Status::timed_out ? BootEnding::timed_out
                      : ran.status == Status::cancelled ? BootEnding::cancelled
                                                        : BootEnding::guest_exited;
  verdict = judge_boot(console, checks_, ending);
  verdict.boot_seconds = boot_seconds;
  verdict.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  verdict.console_log = files.console;
  std::error_code ec;
  fs::remove(files.initrd, ec); // the console stays; the initrd is rebuilt for every boot
  return verdict;
}

} // namespace kshrink::bootcheck
