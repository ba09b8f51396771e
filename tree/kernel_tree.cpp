// Tree preparation: validate a source directory, or unpack a tarball atomically into the cache.
#include "tree/kernel_tree.h"

#include "util/error.h"
#include "util/files.h"
#include "util/log.h"
#include "util/sha256.h"
#include "util/stopwatch.h"
#include "util/subprocess.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <map>

#include <fstream>
#include <regex>

namespace fs = std::filesystem;
using kshrink::util::Error;

namespace kshrink::tree {
namespace {

bool looks_like_kernel(const fs::path& dir) {
  return fs::is_regular_file(dir / "Makefile") && fs::is_regular_file(dir / "Kconfig") &&
         fs::is_regular_file(dir / "scripts/kconfig/conf.c") &&
         fs::is_regular_file(dir / "arch/x86/Kconfig");
}

/// kbuild refuses O= builds from a source tree that was configured in place.
void require_clean(const fs::path& dir) {
  for (const char* marker : {".config", "include/config/auto.conf"})
    if (fs::exists(dir / marker))
      throw Error("kernel tree " + dir.string() + " is not clean (it has " + marker +
                  "); kshrink builds out of tree: run 'make mrproper' there, or pass a tarball");
}

/// The directory inside an unpacked tarball that holds the kernel: the top or its only subdir.
fs::path find_unpacked_root(const fs::path& unpacked) {
  if (looks_like_kernel(unpacked)) return unpacked;
  fs::path only;
  for (const auto& entry : fs::directory_iterator(unpacked)) {
    if (!only.empty()) return {};
    only = entry.path();
  }
  return !only.empty() && fs::is_directory(only) && looks_like_kernel(only) ? only : fs::path();
}

/// Removes partial unpacks left by processes that no longer exist.
void remove_stale_partials(const fs::path& trees) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(trees, ec)) {
    std::string name = entry.path().filename().string();
    auto at = name.find(".partial.");
    if (at == std::string::npos) continue;
    pid_t pid = std::atoi(name.c_str() + at + 9);
    if (pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH) fs::remove_all(entry.path(), ec);
  }
}

fs::path unpack_tarball(const fs::path& tarball, const util::WorkDir& workdir) {
  util::Stopwatch clock;
  std::string sha = util::sha256_file_hex(tarball);
  fs::path trees = workdir.trees();
  fs::path final_dir = trees / sha.substr(0, 16);
  if (fs::exists(final_dir)) return final_dir;

  std::error_code ec;
  fs::create_directories(trees, ec);
  if (ec) util::throw_system_error("cannot create " + trees.string(), ec);
  remove_stale_partials(trees);
  fs::path partial = trees / (sha.substr(0, 16) + ".partial." + std::to_string(::getpid()));
  fs::remove_all(partial, ec);
  fs::create_directories(partial);
  util::note("unpacking " + tarball.string() + " into " + final_dir.string() + " (once)");

  // tar's messages go beside the system's temporary files, not where it unpacks: a full work
  // directory must not cost the message that says so.
  util::ScratchDir messages(fs::temp_directory_path(), "kshrink-unpack-");
  util::Command tar{.program = "tar",
                    .args = {"-xf", fs::absolute(tarball).string(), "-C", partial.string()},
                    .output = messages.path() / "tar.log"};
  util::CommandResult result = util::system_runner().run(tar);
  fs::path root = result.ok() ? find_unpacked_root(partial) : fs::path();
  if (root.empty()) {
    std::string log = util::tail_of_file(tar.output, 3);
    fs::remove_all(partial, ec);
    if (!result.ok()) {
      std::string message = "cannot unpack " + tarball.string() + " into " + trees.string() +
                            " (tar: " + result.describe() + "): " + log.substr(0, log.find('\n'));
      if (util::names_environment_error(log)) throw util::EnvironmentError(message);
      throw Error(message);
    }
    throw Error(tarball.string() + " is not a kernel source tarball (no Makefile, Kconfig and " +
                "scripts/kconfig inside)");
  }
  // The rename is the commit point: a directory at final_dir is always complete.
  fs::rename(root, final_dir, ec);
  if (ec && !fs::exists(final_dir))
    util::throw_system_error("cannot move the unpacked tree to " + final_dir.string(), ec);
  fs::remove_all(partial, ec);
  util::note("unpacked in " + util::seconds_text(clock.seconds()));
  return final_dir;
}

} // namespace

std::string kernel_series(const std::string& version) {
  auto first = version.find('.');
  if (first == std::string::npos) return version;
  auto second = version.find_first_not_of("0123456789", first + 1);
  return version.substr(0, second);
}

std::string read_kernel_version(const fs::path& source) {
  std::ifstream makefile(source / "Makefile");
  if (!makefile) throw Error(source.string() + " is not a kernel tree (no Makefile)");
  std::map<std::string, std::string> fields;
  std::regex assignment(R"(^(VERSION|PATCHLEVEL|SUBLEVEL|EXTRAVERSION)\s*=\s*(\S*)\s*$)");
  std::string line;
  for (int i = 0; i < 20 && std::getline(makefile, line); ++i) {
    std::smatch match;
    if (std::regex_match(line, match, assignment)) fields[match[1]] = match[2];
  }
  if (fields["VERSION"].empty() || fields["PATCHLEVEL"].empty())
    throw Error(source.string() + " is not a kernel tree (its Makefile names no VERSION)");
  std::string version = fields["VERSION"] + "." + fields["PATCHLEVEL"];
  if (!fields["SUBLEVEL"].empty()) version += "." + fields["SUBLEVEL"];
  return version + fields["EXTRAVERSION"];
}

KernelTree prepare_tree(const std::string& spec, const util::WorkDir& workdir) {
  fs::path path(spec);
  if (!fs::exists(path)) throw Error("kernel tree not found: " + spec);
  KernelTree tree;
  if (fs::is_directory(path)) {
    path = fs::canonical(path);
    if (!looks_like_kernel(path))
      throw Error(spec + " is not a kernel source tree (no Makefile, Kconfig and scripts/kconfig)");
    tree.key = "dir-" + util::sha256_hex(path.string()).substr(0, 16);
  } else if (fs::is_regular_file(path)) {
    path = unpack_tarball(fs::canonical(path), workdir);
    tree.key = path.filename().string();
  } else {
    throw Error(spec + " is neither a directory nor a tarball");
  }
  require_clean(path);
  tree.source = path;
  tree.version = read_kernel_version(path);
  return tree;
}

} // namespace kshrink::tree
