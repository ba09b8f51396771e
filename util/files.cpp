// File helpers: atomic writes by rename, scratch directories, flock-based locks.
#include "util/files.h"

#include "util/error.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

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

void write_file_atomic(const fs::path& path, std::string_view content) {
  fs::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (out) out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (out) out.flush();
    if (!out) {
      int saved = errno;
      std::error_code ignored;
      fs::remove(tmp, ignored);
      throw_system_error("cannot write " + path.string(), saved ? saved : EIO);
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw_system_error("cannot write " + path.string(), ec);
  }
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
  fd_ = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw_system_error("cannot open lock file " + lock_file.string(), errno);
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int saved = errno;
    ::close(fd_);
    throw_system_error("cannot lock " + lock_file.string(), saved);
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
