// The verdict table: each verdict's name and meaning, in one place.
#include "optimizer/verdict.h"

#include <array>
#include <sstream>

namespace kshrink::optimizer {
namespace {

struct Row {
  Verdict verdict;
  VerdictMeaning meaning;
};

// A build that hangs is more likely the machine than the config, so it is stored (a rerun with
// the same timeout would hang again) but says nothing of what the removed options do; a guest
// that hangs once they are gone is evidence that it needed them.
// clang-format off
constexpr std::array<Row, 10> table = {{
  //                        name             built  booted stored failed need   rules_out
  {Verdict::pass,          {"pass",          true,  true,  true,  false, false, false}},
  {Verdict::too_big,       {"too_big",       true,  true,  false, false, false, true}},
  {Verdict::build_failed,  {"build_failed",  true,  false, true,  true,  true,  true}},
  {Verdict::boot_failed,   {"boot_failed",   true,  true,  true,  true,  true,  true}},
  {Verdict::build_timeout, {"build_timeout", false, false, true,  true,  false, true}},
  {Verdict::boot_timeout,  {"boot_timeout",  true,  true,  true,  true,  true,  true}},
  {Verdict::infra_error,   {"infra_error",   false, false, false, false, false, false}},
  {Verdict::cancelled,     {"cancelled",     false, false, false, false, false, false}},
  {Verdict::unchanged,     {"unchanged",     false, false, false, false, false, false}},
  {Verdict::pinned,        {"pinned",        false, false, false, false, false, true}},
}};
// clang-format on

constexpr bool in_enum_order() {
  for (size_t i = 0; i < table.size(); ++i)
    if (size_t(table[i].verdict) != i) return false;
  return true;
}
static_assert(in_enum_order(), "the verdict table lists every verdict, in the enum's order");

std::string first_line(const std::string& text) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) return line;
  return "no reason given";
}

} // namespace

const VerdictMeaning& meaning(Verdict verdict) {
  return table[size_t(verdict)].meaning;
}

const char* to_string(Verdict verdict) {
  return meaning(verdict).name;
}

std::optional<Verdict> verdict_named(std::string_view name) {
  for (const auto& row : table)
    if (name == row.meaning.name) return row.verdict;
  return std::nullopt;
}

CannotJudge::CannotJudge(const std::string& detail)
    : util::EnvironmentError("a candidate could not be judged (the machine's fault or "
                             "kshrink's, not the config's): " +
                             first_line(detail)),
      detail(detail) {}

} // namespace kshrink::optimizer
