// RunState: the states a run goes through, and the words the database, the API and the
// metrics spell them with. The one place a state is named.
#pragma once

#include <array>
#include <string>

namespace kshrink::storage {

/// queued -> running -> done; or interrupted (stopped, resumable), failed (with its error),
/// cancelled (by request).
enum class RunState { queued, running, done, interrupted, failed, cancelled };

/// Every state, in the order above.
inline constexpr std::array<RunState, 6> all_run_states = {RunState::queued, RunState::running,
                                                           RunState::done,   RunState::interrupted,
                                                           RunState::failed, RunState::cancelled};

/// The state's word ("queued", ...).
const char* to_string(RunState state);

/// The state a word names; throws util::Error for any other word (a database kshrink did not
/// write).
RunState parse_run_state(const std::string& word);

} // namespace kshrink::storage
