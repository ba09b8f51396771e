// Run summary: report.txt, the --json object, the profiled start's lines.
#include "run/run_summary.h"

#include "util/files.h"
#include "util/human_units.h"

#include <nlohmann/json.hpp>

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

std::string summary_json(const RunSummary& s) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : s.steps)
    steps.push_back({{"symbols", step.symbols},
                     {"bytes_before", step.bytes_before},
                     {"bytes_after", step.bytes_after},
                     {"bytes_saved", step.bytes_before - step.bytes_after}});
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
      << util::saved_text(s.start_bytes, s.best_bytes) << " saved\n\naccepted removals (saved):\n";
  for (const auto& step : s.steps) {
    out << "  " << util::bytes_text(step.bytes_before - step.bytes_after) << "\t";
    for (size_t i = 0; i < step.symbols.size(); ++i)
      out << (i ? " " : "") << step.symbols[i];
    out << "\n";
  }
  out << "\nbuilt before the search (start or base, grow, reference): " << s.start_builds;
  out << "\nsearch builds by verdict:";
  for (const auto& [verdict, count] : s.builds)
    out << " " << verdict << "=" << count;
  out << "\ntrials by verdict (cache hits included):";
  for (const auto& [verdict, count] : s.trials)
    out << " " << verdict << "=" << count;
  out << "\ntime: sanity check " << s.sanity_seconds << " s (first build and boot "
      << s.first_build_seconds << " s), search " << s.search_seconds << " s, wall "
      << s.wall_seconds << " s\n";
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
  util::write_file_atomic(path, out.str());
}

} // namespace kshrink::run
