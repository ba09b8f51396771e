// Sanitizer rules, one table: each names a symbol, when it applies, the new value and why.
#include "kconfig/sanitizer.h"

#include "util/subprocess.h"

#include <functional>

namespace fs = std::filesystem;

namespace kshrink::kconfig {
namespace {

std::string unquote(const std::string& value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
    return value.substr(1, value.size() - 2);
  return value;
}

struct Rule {
  const char* symbol;
  /// Returns the new value if the rule applies to `value`, else "".
  std::function<std::string(const std::string& value)> fix;
  const char* reason;
};

std::vector<Rule> rules(const fs::path& tree, const HostFacts& host) {
  // A file name that the tree does not contain (distro keys live in the distro's build).
  auto missing_file = [tree](const std::string& value) {
    fs::path path = unquote(value);
    return !path.empty() && !fs::exists(path.is_absolute() ? path : tree / path);
  };
  auto empty_if_missing = [missing_file](const std::string& value) {
    return missing_file(value) ? std::string("\"\"") : std::string();
  };
  return {
      {"SYSTEM_TRUSTED_KEYS", empty_if_missing, "names a certificate file the tree lacks"},
      {"SYSTEM_REVOCATION_KEYS", empty_if_missing, "names a certificate file the tree lacks"},
      {"SYSTEM_BLACKLIST_HASH_LIST", empty_if_missing, "names a hash list file the tree lacks"},
      {"MODULE_SIG_KEY",
       [missing_file](const std::string& value) {
         return missing_file(value) && unquote(value) != "certs/signing_key.pem"
                    ? std::string("\"certs/signing_key.pem\"")
                    : std::string();
       },
       "names a signing key the tree lacks; kbuild generates certs/signing_key.pem"},
      {"MODULE_SIG_ALL",
       [](const std::string& value) { return value == "y" ? std::string("n") : std::string(); },
       "signing every module needs the distro's key; kshrink never installs modules"},
      {"DEBUG_INFO_BTF",
       [&host](const std::string& value) {
         return value == "y" && !host.has_pahole ? std::string("n") : std::string();
       },
       "BTF needs pahole (package dwarves), which is not installed"},
  };
}

} // namespace

HostFacts HostFacts::detect() {
  return {.has_pahole = !util::find_program("pahole").empty()};
}

std::vector<SanitizeChange> sanitize(ConfigFile& config, const fs::path& tree_source,
                                     const HostFacts& host) {
  std::vector<SanitizeChange> changes;
  for (const Rule& rule : rules(tree_source, host)) {
    auto value = config.value(rule.symbol);
    if (!value) continue;
    std::string fixed = rule.fix(*value);
    if (fixed.empty() || fixed == *value) continue;
    config.set(rule.symbol, fixed);
    changes.push_back({rule.symbol, *value, fixed, rule.reason});
  }
  return changes;
}

} // namespace kshrink::kconfig
