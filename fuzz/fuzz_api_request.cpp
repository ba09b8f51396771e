// libFuzzer target: one HTTP request to the API, as the server hands it to the handler. The
// input is "METHOD TARGET" on its first line, the Authorization header on its second and the
// body after. The handler runs against a real SQLite database holding one finished run; any
// request gets a response with a status from 200 to 499, never a 5xx, an exception or a crash, and
// no run is ever started (the run control only counts submissions).
#include "service/api/api.h"
#include "util/files.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string_view>

namespace fs = std::filesystem;
using namespace kshrink;

namespace {

class CountingControl : public service::api::RunControl {
public:
  int64_t submit(const run::RunSettings&) override { return ++submitted; }
  bool cancel(int64_t) override { return false; }
  bool resume(int64_t) override { return false; }
  int64_t submitted = 0;
};

/// A new directory for the database and the run's files.
fs::path scratch_dir() {
  char pattern[] = "/tmp/kshrink-fuzz-XXXXXX";
  if (!::mkdtemp(pattern)) std::abort();
  return pattern;
}

/// A database with one finished run: its start and best configs, a trial, a best point.
struct Server {
  Server() {
    fs::create_directories(dir / "runs" / "1");
    util::write_file_atomic(dir / "best.config", "CONFIG_64BIT=y\n# CONFIG_NET is not set\n");
    util::write_file_atomic(dir / "runs" / "1" / "start.config", "CONFIG_64BIT=y\nCONFIG_NET=y\n");
    int64_t id = runs.create({.state = storage::RunState::done,
                              .tree_key = "tree",
                              .tree_version = "6.1.192",
                              .checks = "boot",
                              .objective = "bzimage",
                              .strategy = "ddmin",
                              .settings_json = R"({"budget": "2h", "checks": "boot"})"});
    verdicts.put({"tree", "boot", "bzimage", "best"},
                 {.verdict = "pass", .bytes = 900, .config_path = (dir / "best.config").string()});
    runs.set_start(id, "start", 1000);
    runs.add_trial(
        id, {"start", R"([{"symbol":"NET","value":"n"}])", "best", "pass", true, true, 900, 1, 60});
    runs.add_best_point(id, {1, 900, "best", 1, 60, R"([{"symbol":"NET","value":"n"}])"});
    runs.set_best(id, "best", 900);
  }
  ~Server() {
    std::error_code error;
    fs::remove_all(dir, error); // the database's file goes while it is open: Linux allows it
  }
  fs::path dir = scratch_dir(); // first: the members below use it
  storage::Database db{dir / "kshrink.db"};
  storage::RunStore runs{db};
  storage::VerdictStore verdicts{db};
  CountingControl control;
  service::api::ApiContext context{.runs = runs,
                                   .verdicts = verdicts,
                                   .control = control,
                                   .runs_dir = dir / "runs",
                                   .run_defaults = {{"workers", 1}},
                                   .allowed_roots = {"/usr/src"},
                                   .metrics = [] { return std::string("kshrink_up 1\n"); }};
};

std::string_view next_line(std::string_view& rest) {
  auto end = rest.find('\n');
  std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return line;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Server server;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::string_view first = next_line(rest), authorization = next_line(rest);
  auto space = first.find(' ');
  std::string_view method = first.substr(0, space);
  std::string_view target = space == std::string_view::npos ? "/" : first.substr(space + 1);
  auto question = target.find('?');
  service::api::HttpRequest request{
      std::string(method), std::string(target.substr(0, question)),
      question == std::string_view::npos ? "" : std::string(target.substr(question + 1)),
      std::string(rest), std::string(authorization)};
  auto response = service::api::handle(request, server.context);
  // 5xx is kshrink blaming itself: for a request alone, that is a defect.
  if (response.status < 200 || response.status >= 500) __builtin_trap();
  return 0;
}
