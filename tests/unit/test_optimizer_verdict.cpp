// Unit tests of the verdict table: names read back, and the meanings the search relies on.
#include "optimizer/verdict.h"

#include <doctest/doctest.h>

using namespace kshrink::optimizer;

TEST_CASE("every verdict's name reads back to it, and no other name does") {
  for (int i = 0; i <= int(Verdict::pinned); ++i) {
    auto verdict = Verdict(i);
    CAPTURE(to_string(verdict));
    CHECK(verdict_named(to_string(verdict)) == verdict);
  }
  CHECK_FALSE(verdict_named("timeout")); // split into the build's and the boot's
  CHECK_FALSE(verdict_named(""));
}

TEST_CASE("only answers about the config are stored, and only the candidate's failures count") {
  for (int i = 0; i <= int(Verdict::pinned); ++i) {
    auto verdict = Verdict(i);
    const auto& m = meaning(verdict);
    CAPTURE(m.name);
    if (m.stored) CHECK((m.built || verdict == Verdict::build_timeout));
    if (m.evidence_of_need) CHECK(m.failed);
    if (m.failed) CHECK(m.rules_out);
    if (m.booted) CHECK(m.built);
  }
  // kshrink's own faults and a stop say nothing of the config.
  for (auto verdict : {Verdict::infra_error, Verdict::cancelled}) {
    CHECK_FALSE(meaning(verdict).stored);
    CHECK_FALSE(meaning(verdict).failed);
    CHECK_FALSE(meaning(verdict).rules_out);
  }
  CHECK(meaning(Verdict::boot_timeout).evidence_of_need);        // a guest that hangs without it
  CHECK_FALSE(meaning(Verdict::build_timeout).evidence_of_need); // more likely the machine
  CHECK_FALSE(meaning(Verdict::too_big).stored); // the engine's word, relative to its best
}
