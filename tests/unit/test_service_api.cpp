// Unit tests of the HTTP API's handlers, without sockets: submissions checked field by field,
// bad ids and paths, the bearer token, best config formats, the start-to-best diff, cancel,
// the other routes; plus the daemon's TOML config and the metrics text.
#include "service/api/api.h"
#include "service/cli/run_options.h"
#include "service/daemon/daemon_config.h"
#include "service/metrics/metrics.h"
#include "service/web/chart_library.h"
#include "tests/fakes/fake_runner.h"
#include "tests/test_support.h"
#include "util/error.h"
#include "util/files.h"
#include "util/run_files.h"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using namespace kshrink;
using service::api::HttpRequest;
using service::api::HttpResponse;

namespace {

/// Stands in for the daemon's RunManager: stores submissions as queued runs, cancels queued.
class QueueOnly : public service::api::RunControl {
public:
  explicit QueueOnly(storage::RunStore& runs) : runs_(runs) {}
  int64_t submit(const run::RunSettings& settings) override {
    submitted.push_back(settings);
    return runs_.create({.state = storage::RunState::queued,
                         .checks = settings.checks,
                         .objective = settings.objective,
                         .strategy = settings.strategy,
                         .settings_json = run::to_json(settings)});
  }
  bool cancel(int64_t id) override {
    if (runs_.get(id)->state != storage::RunState::queued) return false;
    runs_.set_state(id, storage::RunState::cancelled);
    return true;
  }
  bool resume(int64_t id) override {
    if (!storage::resumable(runs_.get(id)->state)) return false;
    runs_.set_state(id, storage::RunState::queued);
    return true;
  }
  std::vector<run::RunSettings> submitted;

private:
  storage::RunStore& runs_;
};

struct Fixture {
  util::ScratchDir dir = test::temp_dir();
  storage::Database db{dir.path() / "kshrink.db"};
  storage::RunStore runs{db};
  storage::VerdictStore verdicts{db};
  QueueOnly control{runs};
  service::api::ApiContext context{.runs = runs,
                                   .verdicts = verdicts,
                                   .control = control,
                                   .runs_dir = dir.path() / "runs",
                                   .run_defaults = {{"workers", 3}, {"workdir", "/w"}},
                                   .metrics = [] { return std::string("kshrink_up 1\n"); }};

  /// Run `run` starts from a passing config of 1000 bytes with `text`: its best so far.
  fs::path pass_start(int64_t run, const std::string& text) {
    fs::path config = dir.path() / "best.config";
    util::write_file_atomic(config, text);
    verdicts.put({"tree", "boot@x", "bzimage", "abc"},
                 {.verdict = "pass", .bytes = 1000, .config_path = config.string()});
    runs.set_start(run, "abc", 1000);
    return config;
  }

  HttpResponse call(const std::string& method, const std::string& target,
                    const std::string& body = "", const std::string& authorization = "") {
    auto question = target.find('?');
    HttpRequest request{method, target.substr(0, question),
                        question == std::string::npos ? "" : target.substr(question + 1), body,
                        authorization};
    return service::api::handle(request, context);
  }
};

std::string error_of(const HttpResponse& response) {
  return nlohmann::json::parse(response.body).value("error", "");
}

} // namespace

TEST_CASE("a submission is queued with the daemon's defaults under the given settings") {
  Fixture f;
  auto response = f.call("POST", "/api/runs", R"({"checks":"boot,proc","budget":"2builds"})");
  REQUIRE(response.status == 201);
  int64_t id = nlohmann::json::parse(response.body)["id"];
  REQUIRE(f.control.submitted.size() == 1);
  CHECK(f.control.submitted[0].workers == 3);
  CHECK(f.control.submitted[0].workdir == "/w");
  CHECK(f.control.submitted[0].checks == "boot,proc");
  auto status = f.call("GET", "/api/runs/" + std::to_string(id));
  CHECK(status.status == 200);
  CHECK(nlohmann::json::parse(status.body)["state"] == "queued");
  CHECK_FALSE(nlohmann::json::parse(status.body)["settings"].contains("workdir"));
  auto list = nlohmann::json::parse(f.call("GET", "/api/runs").body);
  CHECK(list["runs"].size() == 1);
}

TEST_CASE("a submission names files only under the daemon's allowed roots") {
  Fixture f;
  fs::path allowed = f.dir.path() / "allowed", elsewhere = f.dir.path() / "elsewhere";
  fs::create_directories(allowed);
  fs::create_directories(elsewhere);
  for (const char* name : {"my.config", "board.cfg", "check.sh"}) {
    util::write_file_atomic(allowed / name, "# CONFIG_X is not set\n");
    util::write_file_atomic(elsewhere / name, "# CONFIG_X is not set\n");
  }
  fs::permissions(allowed / "check.sh", fs::perms::owner_exec, fs::perm_options::add);
  fs::create_symlink(elsewhere / "my.config", allowed / "link.config");
  f.context.allowed_roots = {allowed};
  auto submit = [&](const nlohmann::json& body) {
    return f.call("POST", "/api/runs", body.dump());
  };
  CHECK(submit({{"config", "defconfig"}}).status == 201); // keywords name no file
  CHECK(
      submit({{"config", (allowed / "my.config").string() + "+" + (allowed / "board.cfg").string()},
              {"boot", "command:" + (allowed / "check.sh").string()}})
          .status == 201);
  struct Case {
    nlohmann::json body;
    std::string what;
  };
  for (const auto& c : std::vector<Case>{
           {{{"tree", elsewhere.string()}}, "tree"},
           {{{"config", (elsewhere / "my.config").string()}}, "start config"},
           {{{"config", "defconfig+" + (elsewhere / "board.cfg").string()}}, "config fragment"},
           {{{"config", (allowed / "link.config").string()}}, "start config"},
           {{{"config", (allowed / "../elsewhere/my.config").string()}}, "start config"},
           {{{"boot", "command:" + (elsewhere / "check.sh").string()}}, "boot script"}}) {
    auto response = submit(c.body);
    CHECK_MESSAGE(response.status == 403, c.body.dump());
    CHECK_MESSAGE(error_of(response).starts_with(c.what + " "), error_of(response));
    CHECK(error_of(response).find("allowed_roots") != std::string::npos);
  }
  CHECK(f.control.submitted.size() == 2);
}

TEST_CASE("a check script outside the allowed roots is refused, as a missing boot script is") {
  Fixture f;
  fs::path allowed = f.dir.path() / "allowed";
  fs::create_directories(allowed);
  f.context.allowed_roots = {allowed};
  auto outside = f.call("POST", "/api/runs", R"({"checks": "boot,script:/etc/passwd"})");
  CHECK(outside.status == 403);
  CHECK(error_of(outside).starts_with("check script /etc/passwd is outside the roots"));
  auto missing =
      f.call("POST", "/api/runs",
             nlohmann::json{{"boot", "command:" + (allowed / "boot.sh").string()}}.dump());
  CHECK(missing.status == 400);
  CHECK(error_of(missing).find("is missing or not executable") != std::string::npos);
  CHECK(f.control.submitted.empty());
}

TEST_CASE("invalid UTF-8 in a submission or a path is a 4xx, not an internal error") {
  Fixture f;
  auto response = f.call("POST", "/api/runs", "{\"keep\": \"\xff\xfe\xc3\"}");
  CHECK(response.status == 400);
  CHECK(error_of(response).find("UTF-8") != std::string::npos);
  // Found by fuzz_api_request: a number too large for a double, and a path's bytes echoed in
  // a 404 that broke the JSON of the answer.
  CHECK(f.call("POST", "/api/runs", "4444444444e444").status == 400);
  CHECK(f.call("POST", "/api/runs", R"({"config": "+tiny.fragment"})").status == 400); // empty base
  auto path = f.call("GET", "/\x9cpi/runs");
  CHECK(path.status == 404);
  CHECK(error_of(path) == "no such page: /\xef\xbf\xbdpi/runs");
}

TEST_CASE("a profile outside the allowed roots is refused before it is read, its text unquoted") {
  Fixture f;
  fs::path allowed = f.dir.path() / "allowed";
  fs::create_directories(allowed);
  fs::path secret = f.dir.path() / "secret";
  util::write_file_atomic(secret, "root:not-a-profile-secret-text\n");
  f.context.allowed_roots = {allowed};
  auto response = f.call("POST", "/api/runs", nlohmann::json{{"profile", secret.string()}}.dump());
  CHECK(response.status == 403);
  CHECK(error_of(response).starts_with("profile "));
  CHECK(response.body.find("secret-text") == std::string::npos);
  CHECK(f.control.submitted.empty());
}

TEST_CASE("runs come a page at a time, newest first, with the next page's start") {
  Fixture f;
  for (int i = 0; i < 5; ++i)
    REQUIRE(f.call("POST", "/api/runs", "{}").status == 201);
  auto page = [&](const std::string& query) {
    auto response = f.call("GET", "/api/runs" + query);
    REQUIRE(response.status == 200);
    auto json = nlohmann::json::parse(response.body);
    std::vector<int64_t> ids;
    for (const auto& run : json["runs"])
      ids.push_back(run["id"].get<int64_t>());
    return std::make_pair(ids, json["next"]);
  };
  auto [all, end] = page("");
  CHECK(all == std::vector<int64_t>{5, 4, 3, 2, 1});
  CHECK(end.is_null());
  auto [first, next] = page("?limit=2");
  CHECK(first == std::vector<int64_t>{5, 4});
  CHECK(next == 4);
  auto [second, after_second] = page("?limit=2&before=4");
  CHECK(second == std::vector<int64_t>{3, 2});
  auto [last, none] = page("?limit=2&before=" + after_second.dump());
  CHECK(last == std::vector<int64_t>{1});
  CHECK(none.is_null());
  for (const char* bad : {"?limit=0", "?limit=101", "?limit=two", "?before=x", "?before=-1"})
    CHECK_MESSAGE(f.call("GET", std::string("/api/runs") + bad).status == 400, bad);
}

TEST_CASE("bad submissions get 400 with a message that names the problem") {
  Fixture f;
  struct Case {
    std::string body, message;
  };
  for (const auto& c : std::vector<Case>{{"{not json", "malformed JSON"},
                                         {"[1,2]", "JSON object"},
                                         {R"({"colour":"red"})", "colour"},
                                         {R"({"workers":"two"})", "must be an integer"},
                                         {R"({"workers":0})", "workers"},
                                         {R"({"workers":4294967297})", "4294967297"},
                                         {R"({"workers":1.5})", "must be an integer"},
                                         {R"({"build_timeout":-1})", "build timeout"},
                                         {R"({"checks":7})", "must be a string"},
                                         {R"({"checks":"boot,teleport"})", "teleport"},
                                         {R"({"budget":"soon"})", "budget"},
                                         {R"({"strategy":"magic"})", "magic"},
                                         {R"({"db":"/etc/x.db"})", "set by the daemon"},
                                         {R"({"boot":"ssh"})", "boot backend"}}) {
    auto response = f.call("POST", "/api/runs", c.body);
    CHECK_MESSAGE(response.status == 400, c.body);
    CHECK_MESSAGE(error_of(response).find(c.message) != std::string::npos,
                  c.body << " -> " << error_of(response));
  }
  CHECK(f.control.submitted.empty());
}

TEST_CASE("run ids are numbers: path tricks, unknown runs and wrong methods are refused") {
  Fixture f;
  CHECK(f.call("GET", "/api/runs/999").status == 404);
  for (const char* path :
       {"/api/runs/abc", "/api/runs/-1", "/api/runs/..", "/api/runs/1.0",
        "/api/runs/..%2f..%2fetc%2fpasswd", "/api/runs/%31", "/api/runs/9999999999999999999999"})
    CHECK_MESSAGE(f.call("GET", path).status == 400, path);
  f.call("POST", "/api/runs", "{}");
  CHECK(f.call("GET", "/api/runs/1/../../etc/passwd").status == 404);
  CHECK(f.call("GET", "/api/runs/1/secrets").status == 404);
  CHECK(f.call("DELETE", "/api/runs/1").status == 405);
  CHECK(f.call("GET", "/api/runs/1/cancel").status == 405);
  CHECK(f.call("PUT", "/api/runs").status == 405);
  CHECK(f.call("GET", "/etc/passwd").status == 404);
}

TEST_CASE("with a token, the API and metrics need it as a bearer token, health stays open") {
  Fixture f;
  f.context.token = "s3cret";
  CHECK(f.call("GET", "/api/runs").status == 401);
  CHECK(f.call("GET", "/api/runs", "", "Bearer wrong").status == 401);
  CHECK(f.call("GET", "/api/runs", "", "Bearer s3cret").status == 200);
  CHECK(f.call("GET", "/healthz").status == 200);
  CHECK(f.call("GET", "/api/runs", "", "Bearer s3cre").status == 401);
  CHECK(f.call("GET", "/api/runs", "", "Bearer s3cretX").status == 401);
  CHECK(f.call("GET", "/metrics").status == 401);
  auto metrics = f.call("GET", "/metrics", "", "Bearer s3cret");
  CHECK(metrics.status == 200);
  CHECK(metrics.body == "kshrink_up 1\n");
}

TEST_CASE("best comes as a config, a defconfig once written, or JSON, cancel only when active") {
  Fixture f;
  f.call("POST", "/api/runs", "{}");
  CHECK(f.call("GET", "/api/runs/1/best").status == 404); // nothing passed yet
  fs::path config = f.pass_start(1, "CONFIG_64BIT=y\n");
  auto best = f.call("GET", "/api/runs/1/best");
  CHECK(best.status == 200);
  CHECK(best.body == "CONFIG_64BIT=y\n");
  CHECK(f.call("GET", "/api/runs/1/best?format=defconfig").status == 409);
  CHECK(f.call("GET", "/api/runs/1/best?format=yaml").status == 400);
  auto json = nlohmann::json::parse(f.call("GET", "/api/runs/1/best?format=json").body);
  CHECK(json["bytes"] == 1000);
  CHECK(json["config_path"] == config.string());
  auto report = nlohmann::json::parse(f.call("GET", "/api/runs/1/report").body);
  CHECK(report["removals"].empty());

  CHECK(f.call("POST", "/api/runs/1/cancel").status == 202);
  auto again = f.call("POST", "/api/runs/1/cancel");
  CHECK(again.status == 409);
  CHECK(error_of(again).find("cancelled") != std::string::npos);
}

TEST_CASE("a paused or interrupted run is queued again by POST resume, no other") {
  Fixture f;
  f.call("POST", "/api/runs", "{}");
  auto queued = f.call("POST", "/api/runs/1/resume");
  CHECK(queued.status == 409);
  CHECK(error_of(queued).find("run 1 is queued: only paused or interrupted") != std::string::npos);
  CHECK(f.call("GET", "/api/runs/1/resume").status == 405);
  for (auto state : {storage::RunState::paused, storage::RunState::interrupted}) {
    f.runs.set_state(1, state, "a candidate could not be judged");
    auto resumed = f.call("POST", "/api/runs/1/resume");
    CHECK(resumed.status == 202);
    CHECK(nlohmann::json::parse(resumed.body)["state"] == "queued");
    CHECK(f.runs.get(1)->state == storage::RunState::queued);
  }
  CHECK(f.call("POST", "/api/runs/9/resume").status == 404);
}

TEST_CASE("diff and fragment go from the run's saved start config to its best so far") {
  Fixture f;
  f.call("POST", "/api/runs", "{}");
  CHECK(f.call("GET", "/api/runs/1/diff").status == 404); // nothing passed yet
  f.pass_start(1, "CONFIG_64BIT=y\n# CONFIG_NET is not set\n");
  auto missing = f.call("GET", "/api/runs/1/diff");
  CHECK(missing.status == 404);
  CHECK(error_of(missing).find("no saved start config") != std::string::npos);

  util::RunFiles files(f.dir.path() / "runs" / "1");
  fs::create_directories(files.dir());
  util::write_file_atomic(files.start_config(), "CONFIG_64BIT=y\nCONFIG_NET=y\nCONFIG_MODULES=y\n");
  auto diff = f.call("GET", "/api/runs/1/diff");
  CHECK(diff.status == 200);
  CHECK(diff.body == "-MODULES y\n NET y -> n\n");
  auto json = nlohmann::json::parse(f.call("GET", "/api/runs/1/diff?format=json").body);
  CHECK(json["removed"] == 1);
  CHECK(json["changed"] == 1);
  CHECK(json["changes"][0]["symbol"] == "MODULES");
  CHECK(json["changes"][0]["after"].is_null());
  CHECK(f.call("GET", "/api/runs/1/diff?format=yaml").status == 400);
  CHECK(f.call("POST", "/api/runs/1/diff").status == 405);

  auto fragment = f.call("GET", "/api/runs/1/best?format=fragment");
  CHECK(fragment.status == 200);
  CHECK(fragment.body.starts_with("# kshrink run 1: "));
  CHECK(fragment.body.ends_with("\n# CONFIG_NET is not set\n"));
}

TEST_CASE("the page is served at / and charts runs with Chart.js from Debian's package") {
  Fixture f;
  auto page = f.call("GET", "/");
  CHECK(page.status == 200);
  CHECK(page.content_type.starts_with("text/html"));
  CHECK(page.body.find("/api/runs") != std::string::npos);
  CHECK(page.body.find("/trials") != std::string::npos);
  CHECK(page.body.find(std::string("<script src=\"") + service::web::chart_library_url) !=
        std::string::npos);
  auto library = f.call("GET", service::web::chart_library_url);
  REQUIRE(library.status == 200); // scripts/packages.txt installs libjs-chart.js
  CHECK(library.content_type.starts_with("text/javascript"));
  CHECK(library.body == util::read_file(service::web::chart_library_file));
}

TEST_CASE("trials: each with the budget spent when it was judged, the run's budget and spending") {
  Fixture f;
  f.call("POST", "/api/runs", R"({"budget": "2h,40builds"})");
  f.pass_start(1, "CONFIG_64BIT=y\n");
  f.runs.add_trial(
      1, {"abc", R"([{"symbol":"NET","value":"n"}])", "h1", "pass", true, true, 900, 1, 300});
  f.runs.add_trial(1, {"h1", R"([{"symbol":"EXT4_FS","value":"n"}])", "h2", "boot_failed", false,
                       true, 0, 2, 610.5});
  f.runs.set_spent(1, 2, 615);
  auto response = f.call("GET", "/api/runs/1/trials");
  REQUIRE(response.status == 200);
  auto json = nlohmann::json::parse(response.body);
  CHECK(json["start_bytes"] == 1000);
  CHECK(json["budget"]["builds"] == 40);
  CHECK(json["budget"]["seconds"] == 7200);
  CHECK(json["spent"]["builds"] == 2);
  CHECK(json["spent"]["seconds"] == 615);
  REQUIRE(json["trials"].size() == 2);
  CHECK(json["trials"][0]["accepted"] == true);
  CHECK(json["trials"][0]["bytes"] == 900);
  CHECK(json["trials"][0]["builds"] == 1);
  CHECK(json["trials"][1]["verdict"] == "boot_failed");
  CHECK(json["trials"][1]["seconds"] == 610.5);
  CHECK(json["trials"][1]["mutations"][0]["symbol"] == "EXT4_FS");
  CHECK(f.call("POST", "/api/runs/1/trials").status == 405);
  f.runs.add_trial(1, {"h1", R"([{"symbol":"EMBEDDED","value":"n"}])", "h3", "unchanged", false,
                       false, 0, 2, 611});
  CHECK(nlohmann::json::parse(f.call("GET", "/api/runs/1/trials").body)["trials"].size() == 3);
  auto built = nlohmann::json::parse(f.call("GET", "/api/runs/1/trials?built=1").body);
  CHECK(built["trials"].size() == 2); // the unchanged candidate cost no build
  CHECK(f.call("GET", "/api/runs/1/trials?built=yes").status == 400);

  f.call("POST", "/api/runs", "{}"); // no budget: no limits, and no trials yet
  auto unlimited = nlohmann::json::parse(f.call("GET", "/api/runs/2/trials").body);
  CHECK(unlimited["budget"]["builds"].is_null());
  CHECK(unlimited["budget"]["seconds"].is_null());
  CHECK(unlimited["trials"].empty());
}

TEST_CASE("the daemon config: defaults, every key read, unknown keys and bad values refused") {
  auto dir = test::temp_dir();
  auto defaults = service::daemon::load_daemon_config("");
  CHECK(defaults.listen == "127.0.0.1:8680");
  CHECK_NOTHROW(service::daemon::check_daemon_config(defaults));

  fs::path file = dir.path() / "kshrink.toml";
  util::write_file_atomic(file, "listen = \"127.0.0.1:9000\"\nworkers = 2\njobs = 4\n"
                                "concurrent_runs = 2\nccache_size = \"20G\"\n"
                                "distcc_hosts = \"127.0.0.1/2\"\ntoken = \"t\"\n");
  auto config = service::daemon::load_daemon_config(file);
  CHECK(config.listen == "127.0.0.1:9000");
  CHECK(config.workers == 2);
  CHECK(config.concurrent_runs == 2);
  CHECK(config.distcc_hosts == "127.0.0.1/2");

  util::write_file_atomic(file, "listne = \"x\"\n");
  CHECK_THROWS_WITH_AS(service::daemon::load_daemon_config(file), doctest::Contains("listne"),
                       util::Error);
  util::write_file_atomic(file, "workers = \"two\"\n");
  CHECK_THROWS_WITH_AS(service::daemon::load_daemon_config(file), doctest::Contains("workers"),
                       util::Error);
  CHECK(defaults.allowed_roots == std::vector<std::string>{"/usr/src"});
  util::write_file_atomic(file, "allowed_roots = [\"/srv/kernels\", \"/usr/src\"]\n");
  CHECK(service::daemon::load_daemon_config(file).allowed_roots ==
        std::vector<std::string>{"/srv/kernels", "/usr/src"});
  util::write_file_atomic(file, "allowed_roots = \"/srv\"\n");
  CHECK_THROWS_WITH_AS(service::daemon::load_daemon_config(file),
                       doctest::Contains("must be an array"), util::Error);
  util::write_file_atomic(file, "concurrent_runs = 4294967297\n");
  CHECK_THROWS_WITH_AS(service::daemon::load_daemon_config(file),
                       doctest::Contains("not 4294967297"), util::Error);
  util::write_file_atomic(file, "listen = \n");
  CHECK_THROWS_WITH_AS(service::daemon::load_daemon_config(file), doctest::Contains("line 1"),
                       util::Error);

  service::daemon::DaemonConfig open;
  open.listen = "0.0.0.0:8680";
  CHECK_THROWS_WITH_AS(service::daemon::check_daemon_config(open), doctest::Contains("token"),
                       util::Error);
  open.token = "t";
  CHECK_NOTHROW(service::daemon::check_daemon_config(open));
  CHECK_THROWS_AS(service::daemon::split_listen("8680"), util::Error);
  CHECK_THROWS_AS(service::daemon::split_listen("127.0.0.1:99999"), util::Error);
}

TEST_CASE("metrics: each series declared once with help, builds and boots counted by verdict") {
  auto dir = test::temp_dir();
  storage::Database db(dir.path() / "kshrink.db");
  storage::VerdictStore verdicts(db);
  verdicts.put({"t", "c", "o", "before"}, {.verdict = "pass", .build_seconds = 9});
  storage::RunStore runs(db);
  int64_t running = runs.create({.state = storage::RunState::running, .settings_json = "{}"});
  runs.set_start(running, "h", 5000);
  runs.create({.state = storage::RunState::queued, .settings_json = "{}"});
  service::metrics::Metrics metrics(
      db, [] { return 2; }, dir.path() / "ccache");
  verdicts.put({"t", "c", "o", "a"}, {.verdict = "pass", .build_seconds = 20, .boot_seconds = 1.5});
  verdicts.put({"t", "c", "o", "b"}, {.verdict = "build_failed", .build_seconds = 30});
  verdicts.put({"t", "c", "o", "c"},
               {.verdict = "boot_failed", .build_seconds = 25, .boot_seconds = 2});
  verdicts.put({"t", "c", "o", "d"}, {.verdict = "build_timeout", .build_seconds = 7200});
  verdicts.put({"t", "c", "o", "e"},
               {.verdict = "boot_timeout", .build_seconds = 25, .boot_seconds = 300});
  std::string text = metrics.scrape();
  for (const char* name :
       {"kshrink_builds_total", "kshrink_boots_total", "kshrink_build_duration_seconds",
        "kshrink_boot_duration_seconds", "kshrink_best_bytes", "kshrink_queue_depth",
        "kshrink_builders_busy", "kshrink_ccache_hit_ratio", "kshrink_runs"}) {
    std::string help = std::string("# HELP ") + name + " ";
    CHECK_MESSAGE(text.find(help) != std::string::npos, name);
    CHECK_MESSAGE(text.find(help, text.find(help) + 1) == std::string::npos, name);
  }
  // Counted from the daemon's start: the verdict stored before it is not counted.
  CHECK(text.find("kshrink_builds_total{verdict=\"ok\"} 3") != std::string::npos);
  CHECK(text.find("kshrink_builds_total{verdict=\"build_timeout\"} 1") != std::string::npos);
  CHECK(text.find("kshrink_boots_total{verdict=\"boot_timeout\"} 1") != std::string::npos);
  CHECK(text.find("kshrink_builds_total{verdict=\"build_failed\"} 1") != std::string::npos);
  CHECK(text.find("kshrink_boots_total{verdict=\"pass\"} 1") != std::string::npos);
  CHECK(text.find("kshrink_boots_total{verdict=\"boot_failed\"} 1") != std::string::npos);
  CHECK(text.find("kshrink_build_duration_seconds_count 5") != std::string::npos);
  // The 7,200 s build (a distro config's whole build) has a bucket below +Inf.
  CHECK(text.find("kshrink_build_duration_seconds_bucket{le=\"3840\"} 4") != std::string::npos);
  CHECK(text.find("kshrink_build_duration_seconds_bucket{le=\"7680\"} 5") != std::string::npos);
  CHECK(text.find("kshrink_builders_busy 2") != std::string::npos);
  CHECK(text.find("kshrink_queue_depth 1") != std::string::npos);
  CHECK(text.find("kshrink_best_bytes{run=\"1\"} 5000") != std::string::npos);
  runs.set_state(running, storage::RunState::done); // the run's label goes when it stops
  CHECK(metrics.scrape().find("kshrink_best_bytes{") == std::string::npos);
}

TEST_CASE("submit sends absolute paths for local files, keywords and missing paths unchanged") {
  auto dir = test::temp_dir();
  util::write_file_atomic(dir.path() / "board.fragment", "CONFIG_64BIT=y\n");
  util::write_file_atomic(dir.path() / "check.sh", "true\n");
  fs::path previous = fs::current_path();
  fs::current_path(dir.path());
  run::RunSettings settings;
  settings.config = "tinyconfig+board.fragment";
  settings.checks = "boot,script:check.sh,script:/elsewhere/x.sh";
  settings.boot = "command:missing.sh";
  service::cli::make_paths_absolute(settings);
  fs::current_path(previous);
  CHECK(settings.config == "tinyconfig+" + (dir.path() / "board.fragment").string());
  CHECK(settings.checks ==
        "boot,script:" + (dir.path() / "check.sh").string() + ",script:/elsewhere/x.sh");
  CHECK(settings.boot == "command:missing.sh");
}

TEST_CASE("metrics: the ccache hit ratio is what ccache --print-stats says of the run's ccache") {
  auto dir = test::temp_dir();
  storage::Database db(dir.path() / "kshrink.db");
  test::FakeRunner ccache;
  ccache.script = [](const util::Command&) {
    return test::ScriptedRun{"direct_cache_hit 30\npreprocessed_cache_hit 10\ncache_miss 40\n"};
  };
  service::metrics::Metrics metrics(db, {}, dir.path() / "ccache", ccache);
  std::string text = metrics.scrape();
  CHECK(text.find("kshrink_ccache_hit_ratio 0.5") != std::string::npos);
  REQUIRE(ccache.commands.size() == 1);
  CHECK(ccache.commands[0].program == "ccache");
  CHECK(ccache.commands[0].args == std::vector<std::string>{"--print-stats"});
  CHECK(ccache.commands[0].env.at("CCACHE_DIR") == (dir.path() / "ccache").string());
  metrics.scrape(); // within 30 s: not asked again
  CHECK(ccache.commands.size() == 1);
}

TEST_CASE("metrics: an unreadable ccache is an unknown hit ratio, not 0") {
  auto dir = test::temp_dir();
  storage::Database db(dir.path() / "kshrink.db");
  test::FakeRunner ccache;
  ccache.script = [](const util::Command&) {
    return test::ScriptedRun{"", {.status = util::CommandResult::Status::exited, .exit_code = 1}};
  };
  std::string text = service::metrics::Metrics(db, {}, dir.path() / "ccache", ccache).scrape();
  CHECK(text.find("kshrink_ccache_hit_ratio Nan") != std::string::npos);
}
