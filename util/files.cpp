// File helpers: atomic writes by rename, scratch directories, flock-based locks.
#include "util/files.h"

#include "util/error.h"
#include "util/interrupt.h"
#include "util/log.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace kshrink::util {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path.string() + ": " + std::strerror(errno));
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) throw Error("error while reading " + path.string());
  return out.str();
}

namespace {

/// Writes all of `content` to `fd` and syncs it; 0, or the errno of the failure.
int write_and_sync(int fd, std::string_view content) {
  while (!content.empty()) {
    ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : EIO;
    content.remove_prefix(size_t(n));
  }
  return ::fsync(fd) == 0 ? 0 : errno;
}

/// Syncs the directory `dir` (its entries: a rename in it); failures only lose durability.
void sync_directory(const fs::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

} // namespace

void write_file_atomic(const fs::path& path, std::string_view content) {
  fs::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw_system_error("cannot write " + path.string(), errno);
  int error = write_and_sync(fd, content);
  if (::close(fd) != 0 && error == 0) error = errno;
  std::error_code ec;
  if (error == 0) fs::rename(tmp, path, ec);
  if (error != 0 || ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw_system_error("cannot write " + path.string(),
                       ec ? ec : std::error_code(error, std::generic_category()));
  }
  sync_directory(path.parent_path());
}

ScratchDir::ScratchDir(const fs::path& parent, std::string_view prefix) {
  std::error_code ec;
  fs::create_directories(parent, ec);
  std::string pattern = (parent / (std::string(prefix) + "XXXXXX")).string();
  if (ec || ::mkdtemp(pattern.data()) == nullptr)
    throw_system_error("cannot create a scratch directory in " + parent.string(),
                       ec ? ec : std::error_code(errno, std::generic_category()));
  path_ = pattern;
}

std::string tail_lines(const std::filesystem::path& path, size_t lines) {
  constexpr std::streamoff window = 64 * 1024; // enough for the last lines of any log
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return "";
  std::streamoff size = in.tellg();
  std::streamoff from = std::max<std::streamoff>(0, size - window);
  in.seekg(from);
  std::string text(size_t(size - from), '\0');
  in.read(text.data(), std::streamsize(text.size()));
  text.resize(size_t(in.gcount()));
  while (!text.empty() && text.back() == '\n')
    text.pop_back();
  // Back from the end, one newline per line; npos once the text holds fewer lines.
  size_t at = text.size();
  for (size_t i = 0; i < lines && at != std::string::npos; ++i)
    at = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
  return at == std::string::npos ? text : text.substr(at + 1);
}

uint64_t available_bytes(const fs::path& path) {
  struct statvfs info {};
  if (::statvfs(path.c_str(), &info) != 0) return UINT64_MAX;
  return uint64_t(info.f_bavail) * info.f_frsize;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

FileLock::FileLock(const fs::path& lock_file) {
  // Polled rather than a blocking flock: a termination signal may land on another thread
  // and leave a blocking flock waiting for the holder.
  constexpr auto poll = std::chrono::milliseconds(100);
  bool noted = false;
  for (;;) {
    auto lock = try_lock(lock_file);
    if (lock) {
      std::swap(fd_, lock->fd_);
      return;
    }
    if (interrupted()) throw Error("interrupted while waiting for the lock " + lock_file.string());
    if (!noted)
      note("waiting for the lock " + lock_file.string() + " (other kshrink work holds it)");
    noted = true;
    std::this_thread::sleep_for(poll);
  }
}

std::unique_ptr<FileLock> FileLock::try_lock(const fs::path& lock_file) {
  std::unique_ptr<FileLock> lock(new FileLock());
  lock->fd_ = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock->fd_ < 0) throw_system_error("cannot open lock file " + lock_file.string(), errno);
  while (::flock(lock->fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno == EWOULDBLOCK) return nullptr; // the destructor closes the file
    throw_system_error("cannot lock " + lock_file.string(), errno);
  }
  return lock;
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_); // closing releases the flock
}

} // namespace kshrink::util
