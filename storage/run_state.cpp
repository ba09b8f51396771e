// Run states and their words.
#include "storage/run_state.h"

#include "util/error.h"

namespace kshrink::storage {

const char* to_string(RunState state) {
  switch (state) {
  case RunState::queued:
    return "queued";
  case RunState::running:
    return "running";
  case RunState::done:
    return "done";
  case RunState::interrupted:
    return "interrupted";
  case RunState::paused:
    return "paused";
  case RunState::failed:
    return "failed";
  case RunState::cancelled:
    return "cancelled";
  }
  return "failed";
}

RunState parse_run_state(const std::string& word) {
  for (RunState state : all_run_states)
    if (word == to_string(state)) return state;
  throw util::EnvironmentError("unknown run state '" + word + "' in the database");
}

} // namespace kshrink::storage
