// Check registry: the table of built-in checks and the --checks parser.
#include "bootcheck/check_registry.h"

#include "bootcheck/checks/builtin_checks.h"
#include "util/error.h"

#include <algorithm>
#include <functional>
#include <sstream>
#include <string_view>

namespace kshrink::bootcheck {
namespace {

/// A check named "script:PATH" runs the user's script at PATH.
constexpr std::string_view script_prefix = "script:";

struct Factory {
  const char* name;
  std::function<Check()> make;
};

const std::vector<Factory>& factories() {
  static const std::vector<Factory> table = {
      {"boot", checks::boot},         {"proc", checks::proc},   {"sysfs", checks::sysfs},
      {"devtmpfs", checks::devtmpfs}, {"tmpfs", checks::tmpfs}, {"ext4", checks::ext4},
      {"net", checks::net},           {"wifi", checks::wifi},
  };
  return table;
}

std::string valid_names() {
  std::string names;
  for (const auto& entry : check_entries())
    names += (names.empty() ? "" : ", ") + entry.name;
  return names;
}

} // namespace

const std::vector<CheckEntry>& check_entries() {
  static const std::vector<CheckEntry> entries = [] {
    std::vector<CheckEntry> list;
    for (const auto& factory : factories()) {
      Check check = factory.make();
      list.push_back({check.name, check.description});
    }
    list.push_back({"script:PATH", "your shell script, run in the guest; exit 0 passes"});
    return list;
  }();
  return entries;
}

std::vector<std::string> check_script_paths(const std::string& list) {
  std::vector<std::string> paths;
  std::istringstream in(list);
  for (std::string name; std::getline(in, name, ',');)
    if (name.starts_with(script_prefix)) paths.push_back(name.substr(script_prefix.size()));
  return paths;
}

std::vector<Check> parse_checks(const std::string& list) {
  std::vector<Check> checks = {checks::boot()};
  std::istringstream in(list);
  std::string name;
  while (std::getline(in, name, ',')) {
    if (name.empty()) continue;
    auto known = [&](const Check& c) { return c.name == name; };
    if (std::any_of(checks.begin(), checks.end(), known)) continue;
    if (name.starts_with(script_prefix)) {
      checks.push_back(checks::user_script(name.substr(script_prefix.size())));
      continue;
    }
    auto it = std::find_if(factories().begin(), factories().end(),
                           [&](const Factory& f) { return name == f.name; });
    if (it == factories().end())
      throw util::Error("unknown check '" + name + "': valid checks are " + valid_names());
    checks.push_back(it->make());
  }
  return checks;
}

} // namespace kshrink::bootcheck
