// Run summary: report.txt, the --json object, the profiled start's lines.
#include "run/run_summary.h"

#include "util/files.h"
#include "util/human_units.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace fs = std::filesystem;

namespace kshrink::run {

std::string ratio_text(uint64_t bytes, uint64_t of) {
  if (of == 0) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.3fx", double(bytes) / double(of));
  return text;
}

std::string profile_lines(const RunSummary& s) {
  if (s.profile_source.empty()) return "";
  std::ostringstream out;
  out << "profile: " << s.profile_source << ", " << s.profile_modules << " modules\n"
      << "base (the search's start): " << s.base_symbols
      << " symbols set over tinyconfig (see base.origins)\n";
  if (s.distro_kernel_bytes)
    out << "distro kernel: " << s.distro_kernel << ", " << util::bytes_text(s.distro_kernel_bytes)
        << "; best is " << ratio_text(s.best_bytes, s.distro_kernel_bytes) << " of it\n";
  if (s.reference_bytes)
    out << "expert-minimal reference: " << util::bytes_text(s.reference_bytes) << "; best is "
        << ratio_text(s.best_bytes, s.reference_bytes) << " of it\n";
  return out.str();
}

namespace {

uint64_t saved_by(const ReportStep& step) {
  return step.bytes_before > step.bytes_after ? step.bytes_before - step.bytes_after : 0;
}

nlohmann::json savings_json(const SizeBreakdown& savings) {
  nlohmann::json menus = nlohmann::json::array(), symbols = nlohmann::json::array();
  for (const auto& m : savings.menus)
    menus.push_back({{"menu", m.menu}, {"bytes", m.bytes}, {"symbols", m.symbols}});
  for (const auto& s : savings.symbols)
    symbols.push_back(
        {{"symbol", s.symbol}, {"menu", s.menu}, {"bytes", s.bytes}, {"measured", s.measured}});
  return {{"menus", menus}, {"symbols", symbols}};
}

/// The savings section of report.txt.
void write_savings(std::ostream& out, const SizeBreakdown& savings) {
  if (savings.symbols.empty()) return;
  out << "\nbytes saved by top-level menu (each step's measured bytes, shared among the symbols "
         "it changed by their estimated size):\n";
  for (const auto& m : savings.menus)
    out << "  " << util::bytes_text(m.bytes) << "\t" << m.menu << " (" << m.symbols
        << (m.symbols == 1 ? " symbol)\n" : " symbols)\n");
  out << "bytes saved by symbol (measured: its step's own bytes; estimated: a share of a step "
         "that changed several):\n";
  for (const auto& s : savings.symbols)
    out << "  " << util::bytes_text(s.bytes) << "\t" << (s.measured ? "measured " : "estimated")
        << "\t" << s.symbol << "\t" << s.menu << "\n";
}

} // namespace

std::string summary_json(const RunSummary& s) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : s.steps)
    steps.push_back({{"symbols", step.symbols},
                     {"dependents", step.dependents},
                     {"bytes_before", step.bytes_before},
                     {"bytes_after", step.bytes_after},
                     {"bytes_saved", saved_by(step)}});
  return nlohmann::json{
      {"run", s.run},
      {"state", to_string(s.state)},
      {"start_bytes", s.start_bytes},
      {"best_bytes", s.best_bytes},
      {"builds", s.builds},
      {"start_builds", s.start_builds},
      {"trials", s.trials},
      {"removals", steps},
      {"harness_requirements", s.harness_requirements},
      {"best_config", s.best_config.string()},
      {"best_defconfig", s.best_defconfig.string()},
      {"report", s.report.string()},
      {"profile", {{"source", s.profile_source}, {"modules", s.profile_modules}}},
      {"base_symbols", s.base_symbols},
      {"distro_kernel", {{"package", s.distro_kernel}, {"bytes", s.distro_kernel_bytes}}},
      {"reference_bytes", s.reference_bytes},
      {"origins", s.origins},
      {"savings", savings_json(s.savings)},
      {"changes",
       {{"changed", s.changes.changed},
        {"removed", s.changes.removed},
        {"added", s.changes.added},
        {"diff", s.changes_diff.string()}}},
      {"seconds",
       {{"sanity_check", s.sanity_seconds},
        {"first_build", s.first_build_seconds},
        {"search", s.search_seconds},
        {"wall", s.wall_seconds}}}}
      .dump(2);
}

void write_report(const RunSummary& s, const fs::path& path) {
  std::ostringstream out;
  out << "kshrink run " << s.run << ": " << to_string(s.state) << "\n"
      << "start: " << util::bytes_text(s.start_bytes) << " (" << s.start_bytes << " bytes)\n"
      << "best:  " << util::bytes_text(s.best_bytes) << " (" << s.best_bytes << " bytes), "
      << util::saved_text(s.start_bytes, s.best_bytes)
      << " saved\n\naccepted removals (saved), each with the symbols that went with it:\n";
  for (const auto& step : s.steps) {
    out << "  " << util::bytes_text(saved_by(step)) << "\t";
    for (size_t i = 0; i < step.symbols.size(); ++i)
      out << (i ? " " : "") << step.symbols[i];
    out << "\n";
    if (!step.dependents.empty()) {
      out << "  \twith:";
      for (const auto& symbol : step.dependents)
        out << " " << symbol;
      out << "\n";
    }
  }
  write_savings(out, s.savings);
  out << "\nbuilt before the search (start or base, grow, reference): " << s.start_builds;
  out << "\nsearch builds by verdict:";
  for (const auto& [verdict, count] : s.builds)
    out << " " << verdict << "=" << count;
  out << "\ntrials by verdict (cache hits included):";
  for (const auto& [verdict, count] : s.trials)
    out << " " << verdict << "=" << count;
  out << "\ntime: sanity check " << util::duration_text(s.sanity_seconds)
      << " (first build and boot " << util::duration_text(s.first_build_seconds) << "), search "
      << util::duration_text(s.search_seconds) << ", wall " << util::duration_text(s.wall_seconds)
      << "\n";
  out << profile_lines(s);
  out << "harness requirements (kept in every kernel):";
  for (const auto& symbol : s.harness_requirements)
    out << " " << symbol;
  if (!s.origins.empty()) {
    out << "\nwhere the best config's symbols came from (the others came with them):\n";
    for (const auto& [symbol, why] : s.origins)
      out << "  " << symbol << "\t" << why << "\n";
  }
  out << "\nchanges from the start config: " << s.changes.changed << " symbols changed, "
      << s.changes.removed << " no longer named, " << s.changes.added << " added ("
      << s.changes_diff.string() << ", as scripts/diffconfig prints them)\n";
  out << "best config: " << s.best_config.string() << "\n";
  // In full when it is short; a distro start config's is thousands of lines, kept in its file.
  size_t changed_lines = size_t(std::count(s.changes_text.begin(), s.changes_text.end(), '\n'));
  if (!s.changes_text.empty() && changed_lines <= report_diff_lines)
    out << "\nchanges from the start config to the best (scripts/diffconfig's form):\n"
        << s.changes_text;
  util::write_file_atomic(path, out.str());
}

} // namespace kshrink::run
