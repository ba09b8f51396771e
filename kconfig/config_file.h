// ConfigFile: a kernel .config read and written exactly, byte for byte, with typed access
// to its assignments ("CONFIG_X=y", "# CONFIG_X is not set").
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kshrink::kconfig {

/// One line of a .config. Assignments carry the symbol name (without CONFIG_) and value;
/// "# CONFIG_X is not set" is an assignment with value "n". Other lines are kept verbatim.
struct ConfigLine {
  std::string text;   ///< the line as read, without its newline (nor a CRLF's '\r')
  std::string symbol; ///< empty for comments and blank lines
  std::string value;  ///< "y", "m", "n", "\"string\"", "123", "0x1f"
};

/// A value a merged fragment changed.
struct Redefinition {
  std::string symbol, before, after;
};

/// A .config file. Parsing keeps every line (a CRLF line without its '\r'), so text()
/// reproduces a Unix-style input exactly.
class ConfigFile {
public:
  /// Parses `content`; throws util::Error naming the first line that is not a config line
  /// ("<origin>:<line>: ...") so that a file such as /etc/passwd is refused.
  static ConfigFile parse(std::string_view content, std::string_view origin = "config");
  /// Reads and parses a file; throws util::Error for a missing or non-config file.
  static ConfigFile load(const std::filesystem::path& path);

  /// The file's exact text.
  std::string text() const;
  /// Writes the exact text atomically; throws util::Error on failure.
  void save(const std::filesystem::path& path) const;

  /// The value of CONFIG_<symbol>: "n" for "is not set", nullopt when the file does not name it.
  std::optional<std::string> value(std::string_view symbol) const;
  /// Sets CONFIG_<symbol> (value "n" writes "# CONFIG_X is not set"), in place if present,
  /// appended otherwise.
  void set(std::string_view symbol, std::string_view value);
  /// Merges `fragment` as merge_config.sh does: each symbol it sets leaves its place here and
  /// goes to the end, in the fragment's order, so that conf reads it last (a choice member
  /// set there wins over the member set here). Returns the values it changed.
  std::vector<Redefinition> merge(const ConfigFile& fragment);
  /// All assignments, in file order.
  std::vector<std::pair<std::string, std::string>> assignments() const;
  /// Number of symbols the file sets to y, m, or anything but n.
  size_t count_enabled() const;

  /// A stable identity of the configuration: sha256 of its sorted non-"n" assignments,
  /// independent of comments, order and the "is not set" lines.
  std::string hash() const;

private:
  std::vector<ConfigLine> lines_;
  std::map<std::string, size_t, std::less<>> index_; // symbol -> line
  bool trailing_newline_ = true;
};

/// Symbols whose value differs between two configs (absent counts as "n"), sorted by name.
std::vector<std::string> changed_symbols(const ConfigFile& a, const ConfigFile& b);

/// True for a Kconfig symbol's name: letters, digits and '_' (without CONFIG_).
bool is_symbol_name(std::string_view name);

/// Formats a value for a .config line: strings are quoted and escaped as Kconfig does.
std::string quote_string_value(std::string_view raw);

} // namespace kshrink::kconfig
