// RunState: the states a run goes through, and the words the database, the API and the
// metrics spell them with. The one place a state is named.
#pragma once

#include <array>
#include <string>

namespace kshrink::storage {

/// queued -> running -> done; or interrupted (stopped by a signal, resumable), paused (a
/// candidate got no answer, the machine's fault or kshrink's: resumable once that is fixed),
/// failed (with its error), cancelled (by request).
enum class RunState { queued, running, done, interrupted, paused, failed, cancelled };

/// Every state, in the order above.
inline constexpr std::array<RunState, 7> all_run_states = {
    RunState::queued, RunState::running, RunState::done,     RunState::interrupted,
    RunState::paused, RunState::failed,  RunState::cancelled};

/// Stopped part way, with its verdicts kept: `kshrink run --resume` (or the daemon) goes on.
inline bool resumable(RunState state) {
  return state == RunState::interrupted || state == RunState::paused;
}

/// The state's word ("queued", ...).
const char* to_string(RunState state);

/// The state a word names; throws util::Error for any other word (a database kshrink did not
/// write).
RunState parse_run_state(const std::string& word);

} // namespace kshrink::storage
