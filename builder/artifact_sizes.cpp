// Artifact measurement through binutils' size and the file system.
#include "builder/artifact_sizes.h"

#include "util/files.h"
#include "util/subprocess.h"

#include <sstream>

namespace fs = std::filesystem;

namespace kshrink::builder {

std::optional<VmlinuxSize> parse_size_output(const std::string& output) {
  std::istringstream in(output);
  std::string header, numbers;
  if (!std::getline(in, header) || header.find("text") == std::string::npos ||
      !std::getline(in, numbers))
    return std::nullopt;
  std::istringstream fields(numbers);
  VmlinuxSize size;
  if (!(fields >> size.text >> size.data >> size.bss)) return std::nullopt;
  return size;
}

std::optional<VmlinuxSize> measure_vmlinux(const fs::path& vmlinux, util::CommandRunner& runner) {
  if (!fs::exists(vmlinux)) return std::nullopt;
  util::ScratchDir scratch(vmlinux.parent_path(), ".kshrink-size-");
  fs::path output = scratch.path() / "size.txt";
  auto result = runner.run({.program = "size",
                            .args = {vmlinux.string()},
                            .output = output,
                            .error_output = output.string() + ".err"});
  if (!result.ok()) return std::nullopt;
  return parse_size_output(util::read_file(output));
}

uint64_t total_module_bytes(const fs::path& out_dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(out_dir, ec); !ec && it != fs::end(it);
       it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".ko") total += it->file_size();
  return total;
}

} // namespace kshrink::builder
