// Rebuild fan-out: one pass over the build directory's .o.cmd files, one over two Makefiles.
#include "builder/rebuild_fanout.h"

#include "util/files.h"

#include <cctype>
#include <string_view>

namespace fs = std::filesystem;

namespace kshrink::builder {
namespace {

/// Calls `found` with each NAME of `prefix`NAME in `text` (NAME: [A-Za-z0-9_]+).
template <typename Found>
void each_name_after(std::string_view text, std::string_view prefix, Found found) {
  for (size_t at = text.find(prefix); at != std::string_view::npos;
       at = text.find(prefix, at + 1)) {
    size_t start = at + prefix.size(), end = start;
    while (end < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_'))
      ++end;
    if (end > start) found(std::string(text.substr(start, end - start)));
  }
}

bool host_tool(const fs::path& relative) {
  auto top = relative.begin();
  return top != relative.end() && (*top == "scripts" || *top == "tools");
}

} // namespace

RebuildFanout RebuildFanout::read(const fs::path& build_dir, const fs::path& source) {
  RebuildFanout fanout;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(build_dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.ends_with(".o.cmd") || !it->is_regular_file()) continue;
    if (host_tool(it->path().lexically_relative(build_dir))) continue;
    std::string text;
    try {
      text = util::read_file(it->path());
    } catch (const std::exception&) {
      continue; // a file make is rewriting: one object less in the count
    }
    ++fanout.objects_;
    std::set<std::string> symbols; // a stamp may be listed twice
    each_name_after(text, "include/config/", [&](std::string symbol) { symbols.insert(symbol); });
    for (const auto& symbol : symbols)
      ++fanout.by_symbol_[symbol];
  }
  for (const char* makefile : {"Makefile", "arch/x86/Makefile"}) {
    try {
      each_name_after(util::read_file(source / makefile), "CONFIG_",
                      [&](std::string symbol) { fanout.in_makefiles_.insert(symbol); });
    } catch (const std::exception&) {
    }
  }
  return fanout;
}

std::set<std::string> RebuildFanout::symbols() const {
  std::set<std::string> symbols = in_makefiles_;
  for (const auto& [symbol, count] : by_symbol_) // counted only once an object is read
    symbols.insert(symbol);
  return symbols;
}

double RebuildFanout::share(const std::string& symbol) const {
  if (in_makefiles_.contains(symbol)) return 1.0;
  auto it = by_symbol_.find(symbol);
  if (it == by_symbol_.end() || objects_ == 0) return 0.0;
  return double(it->second) / double(objects_);
}

} // namespace kshrink::builder
