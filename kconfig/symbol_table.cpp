// SymbolTable: reads kconfig_dump's JSON lines and derives the reverse edges.
#include "kconfig/symbol_table.h"

#include "kconfig/kconfig_tools.h"
#include "util/error.h"
#include "util/files.h"

#include <nlohmann/json.hpp>

#include <set>

namespace fs = std::filesystem;
using nlohmann::json;

namespace kshrink::kconfig {
namespace {

std::optional<std::string> optional_string(const json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<std::string>();
}

Symbol symbol_from_json(const json& j) {
  Symbol s;
  s.name = j.at("name").get<std::string>();
  s.type = j.at("type").get<std::string>();
  if (s.type == "integer") s.type = "int"; // the Kconfig keyword, as users write it
  s.value = j.at("value").get<std::string>();
  s.has_prompt = j.at("prompt").get<bool>();
  s.prompt_text = j.at("prompt_text").get<std::string>();
  s.visible = j.at("visible").get<std::string>();
  s.user_set = j.at("user_set").get<bool>();
  s.file = j.at("file").get<std::string>();
  s.line = j.at("line").get<int>();
  s.menu = j.at("menu").get<std::vector<std::string>>();
  s.choice = optional_string(j.at("choice"));
  s.choice_id = optional_string(j.at("choice_id"));
  s.depends = j.at("depends").get<std::string>();
  s.depends_symbols = j.at("depends_symbols").get<std::vector<std::string>>();
  s.visibility = j.at("visibility").get<std::string>();
  s.visibility_symbols = j.at("visibility_symbols").get<std::vector<std::string>>();
  s.selects = j.at("selects").get<std::vector<std::string>>();
  s.implies = j.at("implies").get<std::vector<std::string>>();
  return s;
}

} // namespace

SymbolTable SymbolTable::parse(std::string_view json_lines) {
  std::vector<Symbol> symbols;
  size_t number = 0;
  while (!json_lines.empty()) {
    auto end = json_lines.find('\n');
    std::string_view line = json_lines.substr(0, end);
    json_lines.remove_prefix(end == std::string_view::npos ? json_lines.size() : end + 1);
    ++number;
    if (line.empty()) continue;
    try {
      symbols.push_back(symbol_from_json(json::parse(line)));
    } catch (const json::exception& e) {
      throw util::Error("symbol dump line " + std::to_string(number) +
                        " is malformed: " + e.what());
    }
  }
  return from_symbols(std::move(symbols));
}

SymbolTable SymbolTable::from_symbols(std::vector<Symbol> symbols) {
  SymbolTable table;
  table.symbols_ = std::move(symbols);
  for (size_t i = 0; i < table.symbols_.size(); ++i)
    table.index_[table.symbols_[i].name] = i;
  // Reverse edges: who selects / implies / depends on each symbol.
  for (const Symbol& source : table.symbols_) {
    for (const auto& target : source.depends_symbols)
      if (auto it = table.index_.find(target); it != table.index_.end())
        table.symbols_[it->second].depended_on_by.push_back(source.name);
    for (const auto& target : source.selects)
      if (auto it = table.index_.find(target); it != table.index_.end())
        table.symbols_[it->second].selected_by.push_back(source.name);
    for (const auto& target : source.implies)
      if (auto it = table.index_.find(target); it != table.index_.end())
        table.symbols_[it->second].implied_by.push_back(source.name);
  }
  return table;
}

SymbolTable SymbolTable::load(const KconfigTools& tools, const ConfigFile& config) {
  util::ScratchDir scratch(tools.workdir().scratch(), "symbols-");
  fs::path config_path = scratch.path() / ".config", output = scratch.path() / "symbols.jsonl";
  config.save(config_path);
  util::CommandResult result = tools.run_dump(config_path, output);
  if (!result.ok())
    throw util::Error("the kconfig dump helper failed (" + result.describe() +
                      "): " + conf_failure_excerpt(output.string() + ".stderr"));
  return parse(util::read_file(output));
}

const Symbol* SymbolTable::find(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &symbols_[it->second];
}

SymbolSummary SymbolTable::summary() const {
  SymbolSummary summary;
  std::set<std::string> choices;
  for (const Symbol& s : symbols_) {
    ++summary.symbols;
    summary.with_prompt += s.has_prompt;
    summary.visible += s.visible != "n";
    ++summary.by_type[s.type];
    if (s.type == "bool" || s.type == "tristate") ++summary.by_value[s.value];
    if (s.choice_id) choices.insert(*s.choice_id);
  }
  summary.choices = choices.size();
  return summary;
}

} // namespace kshrink::kconfig
