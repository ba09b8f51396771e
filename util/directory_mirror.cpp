// mirror_directory: one walk of the source copying what differs, one walk of the copy
// removing what the source lacks.
#include "util/directory_mirror.h"

#include "util/error.h"

#include <vector>

namespace fs = std::filesystem;

namespace kshrink::util {
namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& path, std::error_code ec) {
  throw_system_error("cannot " + what + " " + path.string(), ec);
}

/// True if `target` (whose status is known) is a regular file of `source`'s size and time.
bool same_file(const fs::directory_entry& source, const fs::path& target,
               fs::file_status target_status) {
  std::error_code ec;
  if (!fs::is_regular_file(target_status)) return false;
  return fs::file_size(target, ec) == source.file_size() && !ec &&
         fs::last_write_time(target, ec) == source.last_write_time() && !ec;
}

void copy_entry(const fs::directory_entry& source, const fs::path& target, MirrorStats& stats) {
  std::error_code ec;
  auto target_status = fs::symlink_status(target, ec);
  if (source.is_symlink()) {
    fs::path link = fs::read_symlink(source.path(), ec);
    if (ec) fail("read link", source.path(), ec);
    if (fs::is_symlink(target_status) && fs::read_symlink(target, ec) == link) {
      ++stats.kept;
      return;
    }
    fs::remove_all(target, ec);
    fs::create_symlink(link, target, ec);
    if (ec) fail("create link", target, ec);
    ++stats.copied;
    return;
  }
  if (source.is_directory()) {
    if (fs::exists(target_status) && !fs::is_directory(target_status)) fs::remove(target, ec);
    fs::create_directories(target, ec);
    if (ec) fail("create directory", target, ec);
    return;
  }
  if (same_file(source, target, target_status)) {
    ++stats.kept;
    return;
  }
  if (fs::is_directory(target_status) || fs::is_symlink(target_status)) fs::remove_all(target, ec);
  fs::copy_file(source.path(), target, fs::copy_options::overwrite_existing, ec);
  if (ec) fail("copy to", target, ec);
  fs::last_write_time(target, source.last_write_time(), ec);
  if (ec) fail("set the time of", target, ec);
  ++stats.copied;
}

} // namespace

MirrorStats mirror_directory(const fs::path& from, const fs::path& to) {
  MirrorStats stats;
  std::error_code ec;
  if (!fs::is_directory(from, ec)) fail("mirror missing directory", from, ec);
  fs::create_directories(to, ec);
  if (ec) fail("create directory", to, ec);
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::end(it);
       it.increment(ec))
    copy_entry(*it, to / it->path().lexically_relative(from), stats);
  if (ec) fail("read", from, ec);
  std::vector<fs::path> extra; // collected first: removing while iterating is undefined
  for (auto it = fs::recursive_directory_iterator(to, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::error_code missing;
    if (!fs::exists(fs::symlink_status(from / it->path().lexically_relative(to), missing))) {
      extra.push_back(it->path());
      if (it->is_directory() && !it->is_symlink()) it.disable_recursion_pending();
    }
  }
  if (ec) fail("read", to, ec);
  for (const auto& path : extra) {
    fs::remove_all(path, ec);
    if (ec) fail("remove", path, ec);
    ++stats.removed;
  }
  return stats;
}

} // namespace kshrink::util
