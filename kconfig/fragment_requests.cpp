// Fragment requests against the resolved config: which were not honoured, and why.
#include "kconfig/fragment_requests.h"

#include "kconfig/config_file.h"

namespace kshrink::kconfig {
namespace {

bool enabled(const Symbol* symbol) {
  return symbol && (symbol->value == "y" || symbol->value == "m");
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names)
    text += (text.empty() ? "" : ", ") + name;
  return text;
}

/// The value `symbol` has, written as a .config writes it.
std::string written(const Symbol& symbol) {
  if (symbol.type == "string") return quote_string_value(symbol.value);
  if ((symbol.type == "bool" || symbol.type == "tristate") && symbol.value.empty()) return "n";
  return symbol.value;
}

/// Why Kconfig gave `symbol` another value than `wanted`.
std::string reason(const Symbol& symbol, const std::string& wanted, const SymbolTable& table) {
  if (wanted != "n") {
    std::vector<std::string> off;
    for (const auto& name : symbol.depends_symbols)
      if (const Symbol* dependency = table.find(name); dependency && !enabled(dependency))
        off.push_back(name);
    if (!off.empty()) return "it depends on " + joined(off) + ", off in this config";
  } else {
    std::vector<std::string> selectors;
    for (const auto& name : symbol.selected_by)
      if (enabled(table.find(name))) selectors.push_back(name);
    if (!selectors.empty()) return "selected by " + joined(selectors);
  }
  if (!symbol.has_prompt) return "it has no prompt: Kconfig sets it itself";
  if (symbol.visible == "n") return "its prompt is hidden under this config";
  if (symbol.choice) return "another member of its choice (" + *symbol.choice + ") is selected";
  if (wanted == "m" && symbol.type == "bool") return "it is a bool: it cannot be a module";
  if (symbol.type == "int" || symbol.type == "hex" || symbol.type == "string")
    return "not a valid " + symbol.type + " value for it (out of its range or malformed)";
  return "Kconfig's rules for it";
}

} // namespace

std::vector<std::string> unmet_requests(const std::vector<FragmentRequest>& requests,
                                        const SymbolTable& table) {
  std::vector<std::string> unmet;
  for (const auto& request : requests) {
    std::string line = "fragment " + request.fragment + ": CONFIG_" + request.symbol + "=" +
                       request.value + " dropped: ";
    const Symbol* symbol = table.find(request.symbol);
    if (!symbol)
      unmet.push_back(line + "no symbol " + request.symbol + " in this tree");
    else if (std::string value = written(*symbol); value != request.value)
      unmet.push_back(line + "Kconfig made it " + value + ": " +
                      reason(*symbol, request.value, table));
  }
  return unmet;
}

} // namespace kshrink::kconfig
