// mirror_directory: make one directory an exact copy of another — files, symlinks, modes and
// modification times — copying only what differs, so a build directory can be parked and
// restored in a second while make still sees every timestamp it left.
#pragma once

#include <cstddef>
#include <filesystem>

namespace kshrink::util {

/// What a mirror did.
struct MirrorStats {
  size_t copied = 0;  ///< files and symlinks written
  size_t removed = 0; ///< entries of `to` that `from` does not have
  size_t kept = 0;    ///< files already equal (same size and modification time)
};

/// Makes `to` an exact copy of `from` (created if missing). A file whose size and modification
/// time already match is left alone; every other file is copied with its permissions and its
/// modification time; entries only `to` has are removed. Throws util::Error naming the path on
/// failure (e.g. a full disk); `to` is then a partial copy that the next mirror completes.
MirrorStats mirror_directory(const std::filesystem::path& from, const std::filesystem::path& to);

} // namespace kshrink::util
