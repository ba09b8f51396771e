// Small file helpers: whole-file reads, atomic writes, scratch directories and file locks.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace kshrink::util {

/// The whole content of a file; throws util::Error naming the path if it cannot be read.
std::string read_file(const std::filesystem::path& path);

/// Writes `content` to a temporary file beside `path`, syncs it, then renames it over `path`
/// and syncs the directory, so a reader never sees half a file and a crash or power cut
/// leaves the old file or the new one, never an empty one. Throws util::Error (e.g. on a
/// full disk) and leaves no temporary behind.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

/// The last `lines` lines of a text file (without the final newline), read from its end so a
/// long log costs little; "" if the file is missing or unreadable.
std::string tail_lines(const std::filesystem::path& path, size_t lines);

/// Bytes an unprivileged writer can still use on the file system of `path`; UINT64_MAX if it
/// cannot be asked.
uint64_t available_bytes(const std::filesystem::path& path);

/// A fresh directory under `parent` that is removed with everything in it on destruction.
class ScratchDir {
public:
  ScratchDir(const std::filesystem::path& parent, std::string_view prefix);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  /// The directory's path.
  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

/// An exclusive advisory lock (flock) on a lock file, held until destruction.
class FileLock {
public:
  /// Waits for the lock (noting once that it waits); throws util::Error if kshrink is
  /// interrupted meanwhile, so a cancelled run never hangs on another's lock.
  explicit FileLock(const std::filesystem::path& lock_file);
  /// The lock if nobody (no process, no other open of the file) holds it, else nullptr.
  static std::unique_ptr<FileLock> try_lock(const std::filesystem::path& lock_file);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

private:
  FileLock() = default;
  int fd_ = -1;
};

} // namespace kshrink::util
