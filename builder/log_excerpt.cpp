// Build log patterns: compiler, linker and make errors; disk, toolchain and ccache faults.
#include "builder/log_excerpt.h"

#include "util/error.h"

#include <array>
#include <sstream>
#include <string_view>
#include <vector>

namespace kshrink::builder {
namespace {

constexpr std::array error_markers = {std::string_view(": error:"),
                                      std::string_view(": fatal error:"),
                                      std::string_view("undefined reference to"),
                                      std::string_view("ld: "),
                                      std::string_view("No rule to make target"),
                                      std::string_view("*** ")};

/// Beside the errors util names the machine's (a full disk, no memory, a read-only or failing
/// file system): what the build's tools say when the machine lets them down.
constexpr std::array infra_markers = {
    std::string_view("virtual memory exhausted"), std::string_view("command not found"),
    // ccache itself failing (its directory, its temporary directory, its configuration):
    // "ccache: error: ..." since ccache 4, "ccache: FATAL: ..." before.
    std::string_view("ccache: error: "), std::string_view("ccache: FATAL: ")};

/// A program the build runs is missing ("/bin/sh: 1: gcc: not found", "make: gcc: No such
/// file or directory"): the machine lacks a tool, the config is not at fault.
bool is_missing_program(std::string_view line) {
  return (line.starts_with("/bin/sh: ") && line.ends_with(": not found")) ||
         (line.starts_with("make: ") && line.ends_with(": No such file or directory"));
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    lines.push_back(line.size() > 400 ? line.substr(0, 400) : line);
  return lines;
}

bool contains_any(std::string_view line, const auto& markers) {
  for (std::string_view marker : markers)
    if (line.find(marker) != std::string_view::npos) return true;
  return false;
}

} // namespace

std::string error_excerpt(const std::string& log, size_t max_lines) {
  std::vector<std::string> lines = split_lines(log);
  size_t first = lines.size() > max_lines ? lines.size() - max_lines : 0;
  for (size_t i = 0; i < lines.size(); ++i)
    if (contains_any(lines[i], error_markers)) {
      first = i;
      break;
    }
  std::string excerpt;
  for (size_t i = first; i < lines.size() && i < first + max_lines; ++i)
    excerpt += lines[i] + "\n";
  return excerpt;
}

bool is_infrastructure_failure(const std::string& log) {
  for (const std::string& line : split_lines(log))
    if (contains_any(line, infra_markers) || util::names_environment_error(line) ||
        is_missing_program(line))
      return true;
  return false;
}

} // namespace kshrink::builder
