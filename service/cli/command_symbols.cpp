// `kshrink symbols`: prints the symbol table of a tree under a resolved config, as a table,
// a summary, or JSON for scripts.
#include "service/cli/commands.h"

#include "kconfig/symbol_table.h"
#include "service/cli/tree_options.h"
#include "util/log.h"
#include "util/stopwatch.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace kshrink::service::cli {
namespace {

struct SymbolsOptions {
  TreeOptions tree;
  bool json = false;
  bool summary = false;
};

nlohmann::json to_json(const kconfig::Symbol& s) {
  auto optional = [](const std::optional<std::string>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  return {{"name", s.name},
          {"type", s.type},
          {"value", s.value},
          {"prompt", s.has_prompt},
          {"prompt_text", s.prompt_text},
          {"visible", s.visible},
          {"user_set", s.user_set},
          {"file", s.file},
          {"line", s.line},
          {"menu", s.menu},
          {"choice", optional(s.choice)},
          {"choice_id", optional(s.choice_id)},
          {"depends", s.depends},
          {"depends_symbols", s.depends_symbols},
          {"visibility", s.visibility},
          {"selects", s.selects},
          {"implies", s.implies},
          {"selected_by", s.selected_by},
          {"implied_by", s.implied_by}};
}

void print_summary(const kconfig::SymbolTable& table) {
  kconfig::SymbolSummary summary = table.summary();
  std::cout << "symbols:       " << summary.symbols << "\n"
            << "with a prompt: " << summary.with_prompt << " (" << summary.visible
            << " settable under this config)\n"
            << "choices:       " << summary.choices << "\n"
            << "by type:      ";
  for (const auto& [type, count] : summary.by_type)
    std::cout << " " << type << "=" << count;
  std::cout << "\nbool/tristate:";
  for (const auto& [value, count] : summary.by_value)
    std::cout << " " << value << "=" << count;
  std::cout << "\n";
}

void print_table(const kconfig::SymbolTable& table) {
  for (const auto& s : table.symbols())
    std::cout << s.name << '\t' << s.type << '\t' << s.value << '\t'
              << (s.has_prompt ? "prompt" : "-") << '\t' << s.file << ':' << s.line << '\n';
}

void run(const SymbolsOptions& options) {
  run::PreparedConfig prepared = prepare_config(options.tree);
  util::Stopwatch clock;
  auto table = kconfig::SymbolTable::load(prepared.tools, prepared.resolved.config);
  util::note("symbol table read from the tree's Kconfig parser in " +
             util::seconds_text(clock.seconds()));
  if (options.json) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& symbol : table.symbols())
      array.push_back(to_json(symbol));
    std::cout << array.dump() << "\n";
  } else if (options.summary) {
    print_summary(table);
  } else {
    print_table(table);
  }
}

} // namespace

void add_symbols_command(CLI::App& app) {
  auto options = std::make_shared<SymbolsOptions>();
  CLI::App* command = app.add_subcommand(
      "symbols", "Print the Kconfig symbol table the optimizer sees for a tree and config");
  add_tree_options(*command, options->tree);
  command->add_flag("--json", options->json, "one JSON array of symbol objects");
  command->add_flag("--summary", options->summary, "counts only");
  command->callback([options] { run(*options); });
}

} // namespace kshrink::service::cli
