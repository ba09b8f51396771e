// Fakes of the builder and boot seams (builder/builder.h, bootcheck/boot_checker.h): a worker
// whose build directory holds one file naming the config it built, a builder and a checker
// that answer from a script. For unit tests of what sits on the seams: the pool, the oracle.
#pragma once

#include "bootcheck/boot_checker.h"
#include "builder/builder.h"
#include "util/directory_mirror.h"
#include "util/files.h"

#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace kshrink::test {

/// A worker that "builds" by writing the config's hash into its build directory, so a copy of
/// the directory (a parked build) shows whose build it holds. Records what it did.
class FakeWorker : public builder::Worker {
public:
  FakeWorker(std::filesystem::path dir, int index, std::vector<std::string>& events)
      : dir_(std::move(dir)), index_(index), events_(events) {}

  builder::BuildResult build(const kconfig::ConfigFile& config, const std::atomic<bool>*) override {
    std::filesystem::create_directories(dir_);
    util::write_file_atomic(dir_ / "built", config.hash());
    last_ = config;
    record("w" + std::to_string(index_) + " built " + config.hash().substr(0, 8));
    return {.status = builder::BuildStatus::ok,
            .config_hash = config.hash(),
            .bzimage_bytes = 1000,
            .worker = index_};
  }
  int index() const override { return index_; }
  const std::filesystem::path& build_dir() const override { return dir_; }
  const kconfig::ConfigFile& last_config() const override { return last_; }
  void restore(const std::filesystem::path& parked, const kconfig::ConfigFile& config) override {
    util::mirror_directory(parked, dir_);
    last_ = config;
    record("w" + std::to_string(index_) + " restored " + config.hash().substr(0, 8));
  }

private:
  void record(const std::string& event) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    events_.push_back(event);
  }
  std::filesystem::path dir_;
  int index_;
  std::vector<std::string>& events_;
  kconfig::ConfigFile last_;
};

/// A builder whose every build gives `result` (a kernel image written where it says), and
/// that counts what it was asked to park.
class ScriptedBuilder : public builder::Builder {
public:
  builder::BuildResult result;
  std::vector<std::string> parked; ///< config hashes

  builder::BuildResult build(const kconfig::ConfigFile& config, const std::atomic<bool>*) override {
    builder::BuildResult built = result;
    built.config_hash = config.hash();
    if (!built.kernel_image.empty()) util::write_file_atomic(built.kernel_image, "bzImage");
    if (!built.log.empty()) util::write_file_atomic(built.log, "make: done\n");
    return built;
  }
  void park(const builder::BuildResult& built) override { parked.push_back(built.config_hash); }
};

/// A checker whose every boot gives `verdict`; records the kernels it was given and whether
/// each existed when it was booted.
class ScriptedChecker : public bootcheck::BootChecker {
public:
  bootcheck::BootVerdict verdict;
  std::vector<std::filesystem::path> kernels;
  std::vector<bool> existed;

  bootcheck::BootVerdict check(const std::filesystem::path& kernel, const std::atomic<bool>*,
                               const std::filesystem::path&) override {
    kernels.push_back(kernel);
    existed.push_back(std::filesystem::exists(kernel));
    return verdict;
  }
};

} // namespace kshrink::test
