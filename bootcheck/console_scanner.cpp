// ConsoleScanner: line splitting with bounded buffers, marker parsing, failure patterns.
#include "bootcheck/console_scanner.h"

#include <array>
#include <charconv>

namespace kshrink::bootcheck {
namespace {

constexpr std::array failure_patterns = {std::string_view("Kernel panic - not syncing"),
                                         std::string_view("Oops: "), std::string_view("BUG: "),
                                         std::string_view("general protection fault"),
                                         std::string_view("Call Trace:")};

constexpr size_t recent_lines = 8, excerpt_following_lines = 24, output_limit = 2048;

/// Replaces bytes that are not printable ASCII so excerpts are safe to print and store.
std::string printable(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || static_cast<unsigned char>(c) > 0x7e)
      c = '?';
  return out;
}

} // namespace

ConsoleScanner::ConsoleScanner(std::string nonce, size_t check_count)
    : marker_prefix_("KSHRINK-" + nonce + " "), results_(check_count), outputs_(check_count) {}

void ConsoleScanner::feed(std::string_view bytes) {
  while (!bytes.empty()) {
    auto end = bytes.find('\n');
    std::string_view piece = bytes.substr(0, end);
    if (!truncating_) {
      size_t room = max_line - partial_.size();
      partial_.append(piece.substr(0, room));
      if (piece.size() > room) truncating_ = true;
    }
    if (end == std::string_view::npos) return;
    line(partial_);
    partial_.clear();
    truncating_ = false;
    bytes.remove_prefix(end + 1);
  }
}

void ConsoleScanner::line(std::string_view text) {
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  std::string clean = printable(text);
  if (!kernel_spoke_ && text.find("Linux version ") != std::string_view::npos) kernel_spoke_ = true;

  if (auto at = text.find(marker_prefix_); at != std::string_view::npos) {
    collecting_output_.reset();
    marker(text.substr(at + marker_prefix_.size()));
  } else if (collecting_output_ && outputs_[*collecting_output_].size() < output_limit) {
    outputs_[*collecting_output_] += clean.substr(0, 200) + "\n";
  }

  if (excerpt_lines_left_ > 0 && excerpt_.size() < max_excerpt) {
    excerpt_ += clean + "\n";
    --excerpt_lines_left_;
  }
  if (!failure_pattern_) {
    for (std::string_view pattern : failure_patterns)
      if (text.find(pattern) != std::string_view::npos) {
        failure_pattern_ = std::string(pattern);
        for (const auto& before : recent_)
          excerpt_ += before + "\n";
        excerpt_ += clean + "\n";
        excerpt_lines_left_ = excerpt_following_lines;
        break;
      }
  }
  recent_.push_back(clean.substr(0, 400));
  if (recent_.size() > recent_lines) recent_.pop_front();
}

void ConsoleScanner::marker(std::string_view rest) {
  // "CHECK <index> PASS|FAIL", "REPORT <text>" or "END"; anything else after a valid nonce
  // is ignored.
  if (rest.starts_with("END")) {
    ended_ = true;
    return;
  }
  if (rest.starts_with("REPORT ")) {
    if (reports_.size() < max_reports) reports_.push_back(printable(rest.substr(7)));
    return;
  }
  if (!rest.starts_with("CHECK ")) return;
  rest.remove_prefix(6);
  size_t index = 0;
  auto [next, error] = std::from_chars(rest.data(), rest.data() + rest.size(), index);
  if (error != std::errc() || index >= results_.size()) return;
  std::string_view verdict(next, rest.data() + rest.size() - next);
  if (verdict.starts_with(" PASS")) {
    results_[index] = true;
  } else if (verdict.starts_with(" FAIL")) {
    results_[index] = false;
    collecting_output_ = index;
  } else {
    return;
  }
  init_ran_ = true;
}

std::string ConsoleScanner::tail() const {
  std::string out;
  for (const auto& line : recent_)
    out += line + "\n";
  return out;
}

} // namespace kshrink::bootcheck
