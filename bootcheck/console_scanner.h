// ConsoleScanner: reads a guest's serial console as it arrives — untrusted input — and finds
// the harness's markers (which carry a per-boot nonce, so kernel output cannot forge them)
// and the kernel failure patterns KernelCI and LAVA look for. Memory stays bounded whatever
// the guest prints.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kshrink::bootcheck {

/// Incremental scanner of one boot's console.
class ConsoleScanner {
public:
  /// Longest line kept; the rest of a longer line is dropped.
  static constexpr size_t max_line = 4096;
  /// Largest failure excerpt kept.
  static constexpr size_t max_excerpt = 8192;

  ConsoleScanner(std::string nonce, size_t check_count);

  /// Consumes the next bytes of console output (any bytes, any chunking).
  void feed(std::string_view bytes);

  /// The kernel printed its banner ("Linux version ..."): it started, whatever came after.
  bool kernel_spoke() const { return kernel_spoke_; }
  /// The guest's init reported in.
  bool init_ran() const { return init_ran_; }
  /// The guest's init reported that every check has run.
  bool ended() const { return ended_; }
  /// The result the guest reported for check `index`, if any.
  std::optional<bool> check_result(size_t index) const { return results_.at(index); }
  /// Lines the guest printed after a failing check's marker (its output), bounded.
  const std::string& check_output(size_t index) const { return outputs_.at(index); }
  /// The first failure pattern seen ("Kernel panic - not syncing", ...), if any.
  const std::optional<std::string>& failure_pattern() const { return failure_pattern_; }
  /// Console lines around the first failure pattern.
  const std::string& failure_excerpt() const { return excerpt_; }
  /// The last lines seen, for a boot that ends without markers or patterns.
  std::string tail() const;
  /// What the guest reported with `mark REPORT <text>` (a profile's findings), in order and
  /// bounded to `max_reports` lines.
  const std::vector<std::string>& reports() const { return reports_; }
  static constexpr size_t max_reports = 20000;

private:
  void line(std::string_view text);
  void marker(std::string_view rest);

  std::string marker_prefix_;
  std::string partial_;
  bool truncating_ = false;
  bool init_ran_ = false, ended_ = false, kernel_spoke_ = false;
  std::vector<std::optional<bool>> results_;
  std::vector<std::string> outputs_;
  std::optional<size_t> collecting_output_;
  std::optional<std::string> failure_pattern_;
  std::string excerpt_;
  size_t excerpt_lines_left_ = 0;
  std::deque<std::string> recent_;
  std::vector<std::string> reports_;
};

} // namespace kshrink::bootcheck
