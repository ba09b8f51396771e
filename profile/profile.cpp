// Profile <-> JSON, with errors that name the file and the field.
#include "profile/profile.h"

#include "util/error.h"
#include "util/files.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace kshrink::profile {
namespace {

using nlohmann::json;

std::vector<std::string> string_list(const json& object, const char* key,
                                     const std::string& origin) {
  std::vector<std::string> list;
  if (!object.contains(key)) return list;
  const json& value = object.at(key);
  if (!value.is_array()) throw util::Error(origin + ": \"" + key + "\" must be a list of strings");
  for (const auto& item : value) {
    if (!item.is_string() || item.get<std::string>().empty())
      throw util::Error(origin + ": \"" + key + "\" must be a list of non-empty strings");
    list.push_back(item.get<std::string>());
  }
  return list;
}

std::string text_field(const json& object, const char* key, const std::string& origin) {
  if (!object.contains(key)) return "";
  if (!object.at(key).is_string()) throw util::Error(origin + ": \"" + key + "\" must be a string");
  return object.at(key).get<std::string>();
}

LoadedModule module_entry(const json& item, const std::string& origin) {
  if (item.is_string()) return {item.get<std::string>(), ""};
  if (item.is_object() && item.contains("name") && item.at("name").is_string())
    return {item.at("name").get<std::string>(), text_field(item, "path", origin)};
  throw util::Error(origin + ": each of \"modules\" must be a name or {\"name\", \"path\"}");
}

} // namespace

std::string module_key(std::string name) {
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

std::string to_json(const Profile& p) {
  json modules = json::array(), drivers = json::array();
  for (const auto& m : p.modules)
    modules.push_back(m.path.empty() ? json{{"name", m.name}}
                                     : json{{"name", m.name}, {"path", m.path}});
  for (const auto& d : p.drivers)
    drivers.push_back({{"bus", d.bus}, {"device", d.device}, {"driver", d.driver}});
  return json{{"source", p.source}, {"release", p.release}, {"modules", modules},
              {"drivers", drivers}, {"mounted", p.mounted}, {"filesystems", p.filesystems},
              {"unseen", p.unseen}, {"config", p.config}}
             .dump(2) +
         "\n";
}

Profile parse_profile(const std::string& text, const std::string& origin) {
  json object = json::parse(text, nullptr, false);
  if (object.is_discarded() || !object.is_object())
    throw util::Error(origin +
                      " is not a profile: not a JSON object (write one with kshrink probe)");
  if (!object.contains("modules") || !object.at("modules").is_array())
    throw util::Error(origin + " is not a profile: it has no \"modules\" list");
  Profile p;
  p.source = text_field(object, "source", origin);
  p.release = text_field(object, "release", origin);
  p.config = text_field(object, "config", origin);
  for (const auto& item : object.at("modules"))
    p.modules.push_back(module_entry(item, origin));
  for (const auto& module : p.modules)
    if (module.name.empty() || module.name.find_first_of(" /\t\n") != std::string::npos)
      throw util::Error(origin + ": '" + module.name + "' is not a module name");
  if (object.contains("drivers")) {
    if (!object.at("drivers").is_array())
      throw util::Error(origin + ": \"drivers\" must be a list");
    for (const auto& item : object.at("drivers")) {
      if (!item.is_object()) throw util::Error(origin + ": each of \"drivers\" must be an object");
      p.drivers.push_back({text_field(item, "bus", origin), text_field(item, "device", origin),
                           text_field(item, "driver", origin)});
    }
  }
  p.mounted = string_list(object, "mounted", origin);
  p.filesystems = string_list(object, "filesystems", origin);
  p.unseen = string_list(object, "unseen", origin);
  return p;
}

Profile read_profile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw util::Error("profile " + path.string() + " is not a file");
  if (std::filesystem::file_size(path, ec) > (64u << 20))
    throw util::Error("profile " + path.string() + " is larger than 64 MiB: not a profile");
  return parse_profile(util::read_file(path), "profile " + path.string());
}

} // namespace kshrink::profile
