// The status frame of `kshrink status`.
#include "service/cli/status_view.h"

#include "util/human_units.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace kshrink::service::cli {
namespace {

/// "[#####-----] 50%", `width` columns in all.
std::string bar(double fraction, size_t width) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  char percent[8];
  std::snprintf(percent, sizeof percent, " %3.0f%%", 100 * fraction);
  size_t inner = width > 8 ? width - 8 : 1; // brackets and " 100%"
  size_t filled = size_t(fraction * double(inner) + 0.5);
  return "[" + std::string(filled, '#') + std::string(inner - filled, '-') + "]" + percent;
}

std::string counts_text(const nlohmann::json& counts) {
  std::string text;
  for (const auto& [verdict, count] : counts.items())
    text += " " + verdict + "=" + count.dump();
  return text.empty() ? " none" : text;
}

/// `text` cut to `width` columns (a log's lines are long paths as often as not).
std::string fit(const std::string& text, size_t width) {
  return text.size() <= width ? text : text.substr(0, width > 3 ? width - 3 : 0) + "...";
}

} // namespace

std::string status_frame(const nlohmann::json& run, size_t width) {
  std::ostringstream out;
  uint64_t start = run.value("start_bytes", uint64_t(0)),
           best = run.value("best_bytes", uint64_t(0));
  out << "run " << run.value("id", int64_t(0)) << ": " << run.value("state", std::string()) << "\n"
      << "checks:   " << run.value("checks", std::string())
      << "  strategy: " << run.value("strategy", std::string()) << "\n"
      << "size:     " << util::bytes_text(start) << " -> " << util::bytes_text(best) << " ("
      << util::saved_text(start, best) << " saved)\n"
      << "accepted: " << run.value("history", nlohmann::json::array()).size() << " steps\n"
      << "builds:  " << counts_text(run.value("builds", nlohmann::json::object())) << "\n"
      << "trials:  " << counts_text(run.value("trials", nlohmann::json::object())) << "\n";
  const nlohmann::json& live = run.contains("live") ? run["live"] : nlohmann::json();
  if (live.is_object()) {
    size_t position = live.value("position", size_t(0)), planned = live.value("planned", size_t(0));
    out << "phase:    " << live.value("phase", std::string());
    if (planned) out << " (" << position << "/" << planned << ")";
    out << "\n";
    double elapsed = live.value("elapsed_seconds", 0.0);
    if (live["eta_seconds"].is_number()) {
      double eta = live["eta_seconds"];
      out << "budget:   " << bar(elapsed / std::max(1.0, elapsed + eta), width - 10) << "\n"
          << "elapsed:  " << util::duration_text(elapsed) << ", ETA " << util::duration_text(eta)
          << " to the end of the budget\n";
    } else {
      out << "elapsed:  " << util::duration_text(elapsed) << "\n";
    }
    if (!live.value("candidate", std::string()).empty())
      out << "trying:   " << live.value("candidate", std::string()) << "\n";
    if (!live.value("last_trial", std::string()).empty())
      out << "last:     " << live.value("last_trial", std::string()) << "\n";
  }
  if (!run.value("error", std::string()).empty())
    out << "error:    " << run.value("error", std::string()) << "\n";
  std::string tail = run.value("log_tail", std::string());
  if (!tail.empty() && live.is_object()) {
    out << "log:\n";
    std::istringstream lines(tail);
    for (std::string line; std::getline(lines, line);)
      out << "  " << line << "\n";
  }
  // Every line cut to the width, so that a redraw never wraps.
  std::istringstream lines(out.str());
  std::string frame;
  for (std::string line; std::getline(lines, line);)
    frame += fit(line, width) + "\n";
  return frame;
}

} // namespace kshrink::service::cli
