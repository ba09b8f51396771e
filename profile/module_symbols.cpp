// Module mapping: an index of kbuild objects by path and by module-style name.
#include "profile/module_symbols.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace kshrink::profile {
ModuleSymbols map_modules(const Profile& profile, const builder::ObjectMap& objects) {
  std::map<std::string, std::set<std::string>> by_path, by_name; // "fs/ext4/ext4.o", "ext4"
  for (const auto& [symbol, list] : objects)
    for (const auto& object : list) {
      if (!object.ends_with(".o")) continue;
      by_path[object].insert(symbol);
      by_name[module_key(std::filesystem::path(object).stem().string())].insert(symbol);
    }
  ModuleSymbols result;
  std::set<std::string> loaded; // module keys, so a bound driver that is one maps only once
  for (const auto& module : profile.modules) {
    loaded.insert(module_key(module.name));
    const std::set<std::string>* found = nullptr;
    if (module.path.starts_with("kernel/")) {
      std::string object = module.path.substr(7, module.path.find(".ko") - 7) + ".o";
      if (auto it = by_path.find(object); it != by_path.end()) found = &it->second;
    }
    if (!found)
      if (auto it = by_name.find(module_key(module.name)); it != by_name.end()) found = &it->second;
    if (found)
      result.symbols[module.name].assign(found->begin(), found->end());
    else
      result.unmapped.push_back(module.name);
  }
  for (const auto& bound : profile.drivers) {
    std::string key = module_key(bound.driver);
    if (loaded.contains(key)) continue;
    if (auto it = by_name.find(key); it != by_name.end())
      result.drivers[bound.driver].assign(it->second.begin(), it->second.end());
  }
  return result;
}

} // namespace kshrink::profile
