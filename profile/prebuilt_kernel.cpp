// Fetching Debian's prebuilt kernel: apt-cache to name it, apt-get download, dpkg-deb -x,
// depmod -b; the unpacked package is moved into place only when complete.
#include "profile/prebuilt_kernel.h"

#include "tree/kernel_tree.h"
#include "util/error.h"
#include "util/files.h"
#include "util/subprocess.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace fs = std::filesystem;

namespace kshrink::profile {
namespace {

/// Runs a command whose failure ends the fetch, with its output in `log`.
void must_run(util::Command command, const fs::path& log, const std::string& what) {
  command.output = log;
  util::CommandResult result = util::system_runner().run(command);
  if (!result.ok())
    throw util::EnvironmentError("cannot " + what + " (" + command.program + ": " +
                                 result.describe() + "): " + util::last_line_of_file(log));
}

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text)
    out += (c == '.' || c == '+') ? std::string("\\") + c : std::string(1, c);
  return out;
}

/// Orders names with their digit runs compared as numbers: 6.1.0-9 before 6.1.0-57.
bool natural_less(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) &&
        std::isdigit(static_cast<unsigned char>(b[j]))) {
      size_t i_end = a.find_first_not_of("0123456789", i),
             j_end = b.find_first_not_of("0123456789", j);
      unsigned long long x = std::stoull(a.substr(i, i_end - i)),
                         y = std::stoull(b.substr(j, j_end - j));
      if (x != y) return x < y;
      i = i_end == std::string::npos ? a.size() : i_end;
      j = j_end == std::string::npos ? b.size() : j_end;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i, ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

} // namespace

std::string debian_kernel_package(const std::string& tree_version, const fs::path& scratch) {
  std::string series = tree::kernel_series(tree_version);
  fs::path listing = scratch / "apt-cache-search.txt";
  must_run(
      {.program = "apt-cache",
       .args = {"search", "--names-only",
                // the generic flavour only (not -cloud-, -rt-)
                "^linux-image-" + escaped(series) + "[.-][0-9][^-]*(-[0-9]+)?-amd64-unsigned$"}},
      listing, "ask apt for Debian's prebuilt " + series + " kernel");
  std::vector<std::string> names;
  std::istringstream in(util::read_file(listing));
  for (std::string line; std::getline(in, line);)
    if (auto space = line.find(' '); space != std::string::npos)
      names.push_back(line.substr(0, space));
  if (names.empty())
    throw util::EnvironmentError("apt knows no Debian prebuilt kernel for Linux " + series +
                                 " (linux-image-" + series +
                                 "*-amd64-unsigned): run apt-get update, or "
                                 "give a profile with --profile FILE");
  // The newest package built from this very version (6.1.192-3 for a 6.1.192 tree), else
  // the newest of the series.
  std::sort(names.begin(), names.end(), natural_less);
  for (auto name = names.rbegin(); name != names.rend(); ++name) {
    fs::path shown = scratch / "apt-cache-show.txt";
    must_run({.program = "apt-cache", .args = {"show", "--no-all-versions", *name}}, shown,
             "read apt's record of " + *name);
    if (util::read_file(shown).find("\nVersion: " + tree_version + "-") != std::string::npos)
      return *name;
  }
  return names.back();
}

PrebuiltKernel fetch_prebuilt_kernel(const std::string& package, const util::WorkDir& workdir) try {
  fs::path home = workdir.prebuilt() / package;
  if (!fs::exists(home / "complete")) {
    fs::create_directories(workdir.prebuilt());
    util::FileLock lock(workdir.prebuilt() / (package + ".lock"));
    if (!fs::exists(home / "complete")) {
      util::ScratchDir scratch(workdir.prebuilt(), "fetch-");
      fs::path log = scratch.path() / "fetch.log";
      must_run({.program = "apt-get", .args = {"download", package}, .cwd = scratch.path()}, log,
               "fetch Debian's prebuilt kernel " + package + " with apt-get download");
      fs::path deb;
      for (const auto& entry : fs::directory_iterator(scratch.path()))
        if (entry.path().extension() == ".deb") deb = entry.path();
      if (deb.empty())
        throw util::EnvironmentError("apt-get download " + package + " left no .deb file");
      fs::path unpacked = scratch.path() / "unpacked";
      must_run({.program = "dpkg-deb", .args = {"-x", deb.string(), unpacked.string()}}, log,
               "unpack " + deb.filename().string());
      // The guest gets lib/modules only; the kernel image stays beside it.
      fs::path staged = scratch.path() / "staged";
      fs::create_directories(staged / "guest" / "lib");
      fs::path modules = unpacked / "lib" / "modules"; // usr/lib/modules in merged-/usr releases
      if (!fs::is_directory(modules)) modules = unpacked / "usr" / "lib" / "modules";
      if (!fs::is_directory(modules) || !fs::is_directory(unpacked / "boot"))
        throw util::EnvironmentError(package + " is not a kernel package: no lib/modules or boot/");
      fs::rename(modules, staged / "guest" / "lib" / "modules");
      fs::rename(unpacked / "boot", staged / "boot");
      for (const auto& entry : fs::directory_iterator(staged / "guest" / "lib" / "modules"))
        must_run({.program = "depmod",
                  .args = {"-b", (staged / "guest").string(), entry.path().filename().string()}},
                 log, "index the modules of " + package + " with depmod");
      util::write_file_atomic(staged / "complete", package + "\n");
      fs::remove_all(home);
      fs::rename(staged, home);
    }
  }
  PrebuiltKernel kernel{.package = package, .modules = home / "guest"};
  for (const auto& entry : fs::directory_iterator(home / "guest" / "lib" / "modules"))
    kernel.release = entry.path().filename().string();
  kernel.kernel = home / "boot" / ("vmlinuz-" + kernel.release);
  std::error_code ec;
  kernel.kernel_bytes = fs::file_size(kernel.kernel, ec);
  if (ec) throw util::EnvironmentError(package + " has no kernel image " + kernel.kernel.string());
  return kernel;
} catch (const fs::filesystem_error& e) { // a full disk, a work directory not ours...
  util::throw_system_error("cannot keep Debian's prebuilt kernel " + package + " under " +
                               workdir.prebuilt().string() + " (" + e.path1().string() + ")",
                           e.code());
}

} // namespace kshrink::profile
