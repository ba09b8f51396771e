// SymbolTable: every Kconfig symbol of a tree as its own parser sees it for one config:
// type, value, prompt, defining file and menu, depends/select/imply edges and their
// reverses, choice membership.
#pragma once

#include "kconfig/config_file.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kshrink::kconfig {

class KconfigTools;

/// One symbol. Expressions are kept as the Kconfig text plus the named symbols they use.
struct Symbol {
  std::string name;
  std::string type;        ///< bool, tristate, string, int, hex (or unknown)
  std::string value;       ///< current value: y/m/n, or the string/number
  bool has_prompt = false; ///< the symbol has a prompt somewhere (user-settable in principle)
  std::string prompt_text;
  std::string visible;   ///< n/m/y: how far its prompt is visible under this config
  bool user_set = false; ///< the config file gave it a value
  std::string file;      ///< defining Kconfig file, relative to the tree
  int line = 0;
  std::vector<std::string> menu;        ///< enclosing menus/choices, outermost first
  std::optional<std::string> choice;    ///< prompt of the enclosing choice, if a choice member
  std::optional<std::string> choice_id; ///< "file:line" of that choice: unique per choice
  std::string depends;                  ///< 'depends on' expression (with enclosing menus/ifs)
  std::vector<std::string> depends_symbols;
  std::string visibility; ///< condition under which the prompt shows
  std::vector<std::string> visibility_symbols;
  std::vector<std::string> selects;
  std::vector<std::string> implies;
  std::vector<std::string> selected_by;    ///< reverse of selects, computed over the table
  std::vector<std::string> implied_by;     ///< reverse of implies
  std::vector<std::string> depended_on_by; ///< reverse of depends_symbols (ktest's depcount)
};

/// Counts for a one-screen summary.
struct SymbolSummary {
  size_t symbols = 0, with_prompt = 0, visible = 0, choices = 0;
  std::map<std::string, size_t> by_type;  ///< type -> count
  std::map<std::string, size_t> by_value; ///< "y", "m", "n", "other" -> count (bool/tristate)
};

/// The whole table, in Kconfig menu order.
class SymbolTable {
public:
  /// Parses the dump helper's JSON lines; throws util::Error on malformed input.
  static SymbolTable parse(std::string_view json_lines);
  /// A table of `symbols` (the reverse edges are derived here), e.g. from a model.
  static SymbolTable from_symbols(std::vector<Symbol> symbols);
  /// Runs the tree's Kconfig parser on `config` and reads the result.
  static SymbolTable load(const KconfigTools& tools, const ConfigFile& config);

  const std::vector<Symbol>& symbols() const { return symbols_; }
  /// The symbol named `name`, or nullptr.
  const Symbol* find(std::string_view name) const;
  /// Counts by type, value, prompt and choice.
  SymbolSummary summary() const;

private:
  std::vector<Symbol> symbols_;
  std::map<std::string, size_t, std::less<>> index_;
};

} // namespace kshrink::kconfig
