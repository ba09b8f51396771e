// ConfigFile: exact .config parsing and writing.
#include "kconfig/config_file.h"

#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"

#include <algorithm>
#include <set>

namespace kshrink::kconfig {
namespace {

bool is_symbol_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/// A value Kconfig accepts: a tristate, a quoted string, or a decimal/hex number.
bool is_valid_value(std::string_view v) {
  if (v == "y" || v == "m" || v == "n") return true;
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return true;
  if (v.starts_with("0x") || v.starts_with("0X"))
    return v.size() > 2 && std::all_of(v.begin() + 2, v.end(), ::isxdigit);
  if (v.starts_with('-')) v.remove_prefix(1);
  return !v.empty() && std::all_of(v.begin(), v.end(), ::isdigit);
}

std::string shorten(std::string_view line) {
  std::string out(line.substr(0, 60));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  return line.size() > 60 ? out + "..." : out;
}

/// Reads one line as the kernel's conf does: a CRLF line's '\r' dropped, and "# CONFIG_NAME
/// is not set" whatever follows "set" (conf compares those ten characters only).
ConfigLine parse_line(std::string_view text, std::string_view origin, size_t number) {
  if (text.ends_with('\r')) text.remove_suffix(1);
  ConfigLine line{std::string(text), {}, {}};
  constexpr std::string_view prefix = "CONFIG_", unset_prefix = "# CONFIG_",
                             unset_words = "is not set";
  if (text.starts_with(unset_prefix)) {
    auto rest = text.substr(unset_prefix.size());
    auto space = rest.find(' ');
    if (space != std::string_view::npos && rest.substr(space + 1).starts_with(unset_words) &&
        is_symbol_name(rest.substr(0, space))) {
      line.symbol = rest.substr(0, space);
      line.value = "n";
      return line;
    }
  }
  auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos || text[first] == '#') return line;
  auto eq = text.find('=');
  if (text.starts_with(prefix) && eq != std::string_view::npos) {
    auto name = text.substr(prefix.size(), eq - prefix.size());
    auto value = text.substr(eq + 1);
    if (is_symbol_name(name) && is_valid_value(value)) {
      line.symbol = name;
      line.value = value;
      return line;
    }
  }
  throw util::Error(std::string(origin) + ":" + std::to_string(number) +
                    ": not a kernel config line: '" + shorten(text) +
                    "' (expected CONFIG_NAME=value, '# CONFIG_NAME is not set' or a comment)");
}

} // namespace

bool is_symbol_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), is_symbol_char);
}

ConfigFile ConfigFile::parse(std::string_view content, std::string_view origin) {
  ConfigFile file;
  if (content.find('\0') != std::string_view::npos)
    throw util::Error(std::string(origin) + " is not a kernel config (it contains binary data)");
  size_t number = 0;
  while (!content.empty()) {
    auto end = content.find('\n');
    std::string_view text = content.substr(0, end);
    ConfigLine line = parse_line(text, origin, ++number);
    if (!line.symbol.empty()) file.index_[line.symbol] = file.lines_.size();
    file.lines_.push_back(std::move(line));
    if (end == std::string_view::npos) {
      file.trailing_newline_ = false;
      break;
    }
    content.remove_prefix(end + 1);
  }
  return file;
}

ConfigFile ConfigFile::load(const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path))
    throw util::Error("config file not found: " + path.string());
  return parse(util::read_file(path), path.string());
}

std::string ConfigFile::text() const {
  std::string out;
  for (size_t i = 0; i < lines_.size(); ++i) {
    out += lines_[i].text;
    if (i + 1 < lines_.size() || trailing_newline_) out += '\n';
  }
  return out;
}

void ConfigFile::save(const std::filesystem::path& path) const {
  util::write_file_atomic(path, text());
}

std::optional<std::string> ConfigFile::value(std::string_view symbol) const {
  auto it = index_.find(symbol);
  if (it == index_.end()) return std::nullopt;
  return lines_[it->second].value;
}

void ConfigFile::set(std::string_view symbol, std::string_view value) {
  ConfigLine line{value == "n" ? "# CONFIG_" + std::string(symbol) + " is not set"
                               : "CONFIG_" + std::string(symbol) + "=" + std::string(value),
                  std::string(symbol), std::string(value)};
  auto it = index_.find(symbol);
  if (it != index_.end()) {
    lines_[it->second] = std::move(line);
    return;
  }
  if (!lines_.empty() && !trailing_newline_) trailing_newline_ = true;
  index_[line.symbol] = lines_.size();
  lines_.push_back(std::move(line));
}

std::vector<Redefinition> ConfigFile::merge(const ConfigFile& fragment) {
  std::vector<Redefinition> redefined;
  std::vector<ConfigLine> merged;
  for (auto& line : lines_)
    if (line.symbol.empty() || !fragment.index_.contains(line.symbol))
      merged.push_back(std::move(line));
  for (const auto& [symbol, value] : fragment.assignments()) {
    if (auto before = this->value(symbol); before && *before != value)
      redefined.push_back({symbol, *before, value});
    merged.push_back(
        {value == "n" ? "# CONFIG_" + symbol + " is not set" : "CONFIG_" + symbol + "=" + value,
         symbol, value});
  }
  lines_ = std::move(merged);
  index_.clear();
  for (size_t i = 0; i < lines_.size(); ++i)
    if (!lines_[i].symbol.empty()) index_[lines_[i].symbol] = i;
  trailing_newline_ = true;
  return redefined;
}

std::vector<std::pair<std::string, std::string>> ConfigFile::assignments() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& line : lines_)
    if (!line.symbol.empty()) out.emplace_back(line.symbol, line.value);
  return out;
}

size_t ConfigFile::count_enabled() const {
  return std::count_if(lines_.begin(), lines_.end(),
                       [](const ConfigLine& l) { return !l.symbol.empty() && l.value != "n"; });
}

std::vector<std::string> changed_symbols(const ConfigFile& a, const ConfigFile& b) {
  std::map<std::string, std::string> values;
  for (auto& [symbol, value] : a.assignments())
    if (value != "n") values[symbol] = value;
  std::set<std::string> changed;
  for (auto& [symbol, value] : b.assignments()) {
    if (value == "n") continue;
    auto it = values.find(symbol);
    if (it == values.end() || it->second != value) changed.insert(symbol);
    if (it != values.end()) values.erase(it);
  }
  for (auto& [symbol, value] : values)
    changed.insert(symbol);
  return {changed.begin(), changed.end()};
}

std::string ConfigFile::hash() const {
  std::vector<std::string> set;
  for (const auto& [symbol, index] : index_)
    if (lines_[index].value != "n") set.push_back(symbol + "=" + lines_[index].value);
  std::sort(set.begin(), set.end());
  std::string joined;
  for (const auto& entry : set)
    joined += entry + '\n';
  return util::sha256_hex(joined);
}

std::string quote_string_value(std::string_view raw) {
  std::string out = "\"";
  for (char c : raw) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

} // namespace kshrink::kconfig
