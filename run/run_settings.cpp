// RunSettings <-> JSON with nlohmann's field macros.
#include "run/run_settings.h"

#include "kconfig/config_file.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <sstream>

namespace kshrink::run {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RunSettings, tree, config, checks, objective,
                                                budget, strategy, boot, keep, drop, profile,
                                                workers, jobs, build_timeout, boot_timeout, workdir,
                                                db, distcc_hosts, ccache_max_size)

std::set<std::string> symbol_list(const std::string& text) {
  std::set<std::string> symbols;
  std::istringstream in(text);
  std::string symbol;
  while (std::getline(in, symbol, ','))
    if (!symbol.empty()) symbols.insert(symbol.starts_with("CONFIG_") ? symbol.substr(7) : symbol);
  return symbols;
}

void require_symbol_names(const std::string& option, const std::string& text) {
  for (const auto& symbol : symbol_list(text))
    if (!kconfig::is_symbol_name(symbol))
      throw util::Error(option + ": '" + symbol + "' is not a Kconfig symbol name");
}

std::string to_json(const RunSettings& settings) {
  return nlohmann::json(settings).dump();
}

RunSettings settings_from_json(const std::string& text) {
  try {
    auto json = nlohmann::json::parse(text);
    nlohmann::json known = RunSettings{};
    for (const auto& [key, value] : json.items()) {
      if (!known.contains(key)) throw util::Error("unknown run setting '" + key + "'");
      // Exact types: nlohmann would make 1.5 or 4294967297 an int of 1 without a word.
      if (known[key].is_string() && !value.is_string())
        throw util::Error("run setting '" + key + "' must be a string");
      if (known[key].is_number_integer() && !value.is_number_integer())
        throw util::Error("run setting '" + key + "' must be an integer, not " + value.dump());
      if (known[key].is_number_integer() &&
          (value.is_number_unsigned()
               ? value.get<uint64_t>() > uint64_t(INT32_MAX)
               : value.get<int64_t>() < INT32_MIN || value.get<int64_t>() > INT32_MAX))
        throw util::Error("run setting '" + key + "' is out of range: " + value.dump());
    }
    return json.get<RunSettings>();
  } catch (const nlohmann::json::exception& e) {
    throw util::Error(std::string("bad run settings: ") + e.what());
  }
}

} // namespace kshrink::run
