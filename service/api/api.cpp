// Routes of the HTTP API.
#include "service/api/api.h"

#include "kconfig/config_diff.h"
#include "run/budget.h"
#include "run/run_driver.h"
#include "service/api/allowed_paths.h"
#include "service/web/chart_library.h"
#include "service/web/index_page.h"
#include "util/error.h"
#include "util/files.h"
#include "util/run_files.h"

#include <openssl/crypto.h>

#include <optional>
#include <variant>

namespace fs = std::filesystem;

namespace kshrink::service::api {
namespace {

/// Settings only the daemon decides.
const char* const daemon_owned[] = {"workdir", "db"};

/// "/api/runs/12/best" -> {"12", "best"}; nullopt unless the path is under /api/runs/.
std::optional<std::pair<std::string, std::string>> run_path(const std::string& path) {
  const std::string prefix = "/api/runs/";
  if (!path.starts_with(prefix)) return std::nullopt;
  std::string rest = path.substr(prefix.size());
  auto slash = rest.find('/');
  if (slash == std::string::npos) return std::pair{rest, std::string()};
  return std::pair{rest.substr(0, slash), rest.substr(slash + 1)};
}

/// A run id: digits only, at most 18 of them (no signs, dots or slashes).
std::optional<int64_t> parse_id(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

/// The run's accepted steps, oldest first: what each removed, the bytes after it and saved.
nlohmann::json history_json(storage::RunStore& runs, const storage::RunRecord& run) {
  nlohmann::json points = nlohmann::json::array();
  uint64_t before = run.start_bytes;
  for (const auto& p : runs.best_history(run.id)) {
    points.push_back({{"mutations", nlohmann::json::parse(p.mutations_json)},
                      {"bytes", p.bytes},
                      {"bytes_saved", before - p.bytes},
                      {"builds", p.builds},
                      {"seconds", p.seconds}});
    before = p.bytes;
  }
  return points;
}

HttpResponse submit(const HttpRequest& request, ApiContext& context) {
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(request.body);
  } catch (const nlohmann::json::exception& e) { // not JSON, or a number out of range
    return error_response(400, std::string("malformed JSON: ") + e.what());
  }
  if (!body.is_object())
    return error_response(400, "the body must be a JSON object of run settings");
  for (const char* key : daemon_owned)
    if (body.contains(key))
      return error_response(400, std::string("'") + key + "' is set by the daemon");
  nlohmann::json merged = context.run_defaults;
  merged.update(body);
  run::RunSettings settings;
  try {
    settings = run::settings_from_json(merged.dump());
    try {
      // Roots first: checking the settings reads the files they name (a profile), and a file
      // outside the roots is never opened, nor its text quoted back in an error.
      if (auto outside = path_outside_roots(settings, context.allowed_roots))
        return error_response(403, *outside);
      run::check_settings(settings);
    } catch (const std::filesystem::filesystem_error& e) { // a path the system refused
      util::throw_filesystem_error(e);
    }
  } catch (const util::Error& e) {
    return error_response(e.exit_code() == 2 ? 400 : 500, e.what());
  } catch (const nlohmann::json::exception& e) { // text that is not UTF-8, say
    return error_response(400, std::string("bad run settings: ") + e.what());
  }
  int64_t id = context.control.submit(settings);
  return json_response(201, {{"id", id}, {"state", to_string(storage::RunState::queued)}});
}

util::RunFiles files_of(const storage::RunRecord& run, const ApiContext& context) {
  return util::RunFiles(context.runs_dir / std::to_string(run.id));
}

HttpResponse run_status(const storage::RunRecord& run, ApiContext& context) {
  nlohmann::json json = run_json(run);
  json["trials"] = context.runs.trial_counts(run.id);
  json["builds"] = context.runs.trial_counts(run.id, true);
  json["history"] = history_json(context.runs, run);
  // What a running run is doing now (run/live_state.h), and the end of its log.
  util::RunFiles files = files_of(run, context);
  json["live"] = nullptr;
  if (run.state == storage::RunState::running && fs::is_regular_file(files.live())) {
    auto live = nlohmann::json::parse(util::read_file(files.live()), nullptr, false);
    if (live.is_object()) json["live"] = live;
  }
  json["log_tail"] = util::tail_lines(files.log(), log_tail_lines);
  return json_response(200, json);
}

/// The run's budget from its settings: {"builds": N or null, "seconds": N or null}.
nlohmann::json budget_json(const storage::RunRecord& run) {
  nlohmann::json budget = {{"builds", nullptr}, {"seconds", nullptr}};
  auto settings = nlohmann::json::parse(run.settings_json, nullptr, false);
  if (!settings.is_object() || !settings.contains("budget") || !settings["budget"].is_string())
    return budget;
  try {
    run::Budget parsed = run::parse_budget(settings["budget"].get<std::string>());
    if (parsed.builds) budget["builds"] = *parsed.builds;
    if (parsed.time) budget["seconds"] = parsed.time->count();
  } catch (const util::Error&) {
    // stored by an older kshrink in a form it no longer reads: shown as no limit
  }
  return budget;
}

/// GET /api/runs/N/trials[?built=1]: every trial (or those a build was spent on) with the
/// budget spent when it was judged, the run's budget and what it has spent so far (the
/// convergence chart's data).
HttpResponse trials(const storage::RunRecord& run, const HttpRequest& request,
                    ApiContext& context) {
  std::string built = query_value(request.query, "built");
  if (!built.empty() && built != "0" && built != "1")
    return error_response(400, "built must be 0 or 1");
  nlohmann::json list = nlohmann::json::array();
  for (const auto& t : context.runs.trials(run.id, built == "1"))
    list.push_back({{"verdict", t.verdict},
                    {"accepted", t.accepted},
                    {"computed", t.computed},
                    {"bytes", t.bytes},
                    {"builds", t.builds},
                    {"seconds", t.seconds},
                    {"mutations", nlohmann::json::parse(t.mutations_json, nullptr, false)}});
  return json_response(200,
                       {{"id", run.id},
                        {"start_bytes", run.start_bytes},
                        {"best_bytes", run.best_bytes},
                        {"budget", budget_json(run)},
                        {"spent", {{"builds", run.spent_builds}, {"seconds", run.spent_seconds}}},
                        {"trials", list}});
}

HttpResponse no_best_yet(const storage::RunRecord& run) {
  return error_response(404, "run " + std::to_string(run.id) + " has no passing config yet");
}

/// The changes from the run's saved start config to its best config so far, or the response
/// that says why there are none.
std::variant<std::vector<kconfig::ConfigChange>, HttpResponse>
start_to_best(const storage::RunRecord& run, ApiContext& context) {
  if (run.best_hash.empty()) return no_best_yet(run);
  fs::path start = files_of(run, context).start_config();
  fs::path best = context.verdicts.config_path(run.best_hash);
  if (!fs::is_regular_file(start))
    return error_response(404, "run " + std::to_string(run.id) +
                                   " has no saved start config (it began before kshrink "
                                   "saved one)");
  if (best.empty() || !fs::is_regular_file(best))
    return error_response(404, "the best config's file is missing");
  return kconfig::diff_configs(kconfig::ConfigFile::load(start), kconfig::ConfigFile::load(best));
}

/// GET /api/runs/N/diff: start to best as scripts/diffconfig prints it, or ?format=json.
HttpResponse diff(const storage::RunRecord& run, const HttpRequest& request, ApiContext& context) {
  std::string format = query_value(request.query, "format");
  if (!format.empty() && format != "text" && format != "json")
    return error_response(400, "format must be text or json");
  auto changes = start_to_best(run, context);
  if (auto* response = std::get_if<HttpResponse>(&changes)) return *response;
  const auto& list = std::get<std::vector<kconfig::ConfigChange>>(changes);
  if (format != "json") return {200, "text/plain; charset=utf-8", kconfig::diffconfig_text(list)};
  nlohmann::json items = nlohmann::json::array();
  for (const auto& c : list)
    items.push_back({{"symbol", c.symbol},
                     {"before", c.before ? nlohmann::json(*c.before) : nlohmann::json()},
                     {"after", c.after ? nlohmann::json(*c.after) : nlohmann::json()}});
  auto counts = kconfig::count_changes(list);
  return json_response(200, {{"id", run.id},
                             {"changes", items},
                             {"changed", counts.changed},
                             {"removed", counts.removed},
                             {"added", counts.added}});
}

/// The best config as a fragment of changes to the run's start config.
HttpResponse best_fragment(const storage::RunRecord& run, ApiContext& context) {
  auto changes = start_to_best(run, context);
  if (auto* response = std::get_if<HttpResponse>(&changes)) return *response;
  std::string header = "# kshrink run " + std::to_string(run.id) +
                       ": its best config as changes to its start config (start.config).\n"
                       "# Apply: scripts/kconfig/merge_config.sh START_CONFIG THIS_FILE\n";
  return {200, "text/plain; charset=utf-8",
          header + kconfig::fragment_text(std::get<std::vector<kconfig::ConfigChange>>(changes))};
}

HttpResponse best(const storage::RunRecord& run, const HttpRequest& request, ApiContext& context) {
  std::string format = query_value(request.query, "format");
  if (format.empty()) format = "config";
  if (format != "config" && format != "defconfig" && format != "fragment" && format != "json")
    return error_response(400, "format must be config, defconfig, fragment or json");
  if (run.best_hash.empty()) return no_best_yet(run);
  if (format == "fragment") return best_fragment(run, context);
  std::string config_path = context.verdicts.config_path(run.best_hash);
  if (format == "json")
    return json_response(200, {{"id", run.id},
                               {"bytes", run.best_bytes},
                               {"start_bytes", run.start_bytes},
                               {"config_hash", run.best_hash},
                               {"config_path", config_path}});
  fs::path path =
      format == "defconfig" ? files_of(run, context).best_defconfig() : fs::path(config_path);
  if (path.empty() || !fs::is_regular_file(path))
    return error_response(format == "defconfig" ? 409 : 404,
                          format == "defconfig"
                              ? "the defconfig is written when the run ends; use format=config"
                              : "the best config's file is missing");
  return {200, "text/plain; charset=utf-8", util::read_file(path)};
}

HttpResponse report(const storage::RunRecord& run, ApiContext& context) {
  nlohmann::json json = run_json(run);
  json["trials"] = context.runs.trial_counts(run.id);
  json["removals"] = history_json(context.runs, run);
  fs::path text = files_of(run, context).report();
  json["report_text"] = fs::is_regular_file(text) ? util::read_file(text) : "";
  return json_response(200, json);
}

HttpResponse cancel(const storage::RunRecord& run, ApiContext& context) {
  if (!context.control.cancel(run.id))
    return error_response(409, "run " + std::to_string(run.id) + " is " + to_string(run.state) +
                                   ": only queued or running runs can be cancelled");
  return json_response(202, {{"id", run.id}, {"state", "cancelling"}});
}

HttpResponse resume(const storage::RunRecord& run, ApiContext& context) {
  if (!context.control.resume(run.id))
    return error_response(409, "run " + std::to_string(run.id) + " is " + to_string(run.state) +
                                   ": only paused or interrupted runs can be resumed");
  return json_response(202, {{"id", run.id}, {"state", to_string(storage::RunState::queued)}});
}

/// One page of runs, newest first: `?limit=N` (default and most: runs_page_limit) runs older
/// than `?before=ID`; "next" is the `before` of the next page, or null on the last.
HttpResponse list_runs(const HttpRequest& request, ApiContext& context) {
  std::string limit_text = query_value(request.query, "limit");
  std::string before_text = query_value(request.query, "before");
  auto limit = limit_text.empty() ? std::optional<int64_t>(runs_page_limit) : parse_id(limit_text);
  if (!limit || *limit < 1 || *limit > runs_page_limit)
    return error_response(400,
                          "limit must be a number from 1 to " + std::to_string(runs_page_limit));
  auto before = before_text.empty() ? std::nullopt : parse_id(before_text);
  if (!before_text.empty() && !before)
    return error_response(400, "before must be a run id, not '" + before_text + "'");
  auto runs = context.runs.list(size_t(*limit) + 1, before); // one more: is there a next page?
  nlohmann::json list = nlohmann::json::array(), next = nullptr;
  if (runs.size() > size_t(*limit)) {
    runs.pop_back();
    next = runs.back().id;
  }
  for (const auto& run : runs)
    list.push_back(run_json(run));
  return json_response(200, {{"runs", list}, {"next", next}});
}

HttpResponse runs_route(const HttpRequest& request, ApiContext& context) {
  if (request.path == "/api/runs") {
    if (request.method == "POST") return submit(request, context);
    if (request.method != "GET") return error_response(405, "use GET or POST on /api/runs");
    return list_runs(request, context);
  }
  auto parts = run_path(request.path);
  if (!parts) return error_response(404, "no such resource: " + request.path);
  auto id = parse_id(parts->first);
  if (!id) return error_response(400, "a run id is a number, not '" + parts->first + "'");
  auto run = context.runs.get(*id);
  if (!run) return error_response(404, "no run " + parts->first);
  const std::string& action = parts->second;
  bool post = action == "cancel" || action == "resume";
  if (action != "" && action != "best" && action != "diff" && action != "report" &&
      action != "trials" && !post)
    return error_response(404, "no such resource: " + request.path);
  if (request.method != (post ? "POST" : "GET"))
    return error_response(405,
                          std::string("use ") + (post ? "POST" : "GET") + " on " + request.path);
  if (action == "best") return best(*run, request, context);
  if (action == "diff") return diff(*run, request, context);
  if (action == "report") return report(*run, context);
  if (action == "trials") return trials(*run, request, context);
  if (action == "cancel") return cancel(*run, context);
  if (action == "resume") return resume(*run, context);
  return run_status(*run, context);
}

} // namespace

nlohmann::json run_json(const storage::RunRecord& run) {
  nlohmann::json settings = nlohmann::json::parse(run.settings_json, nullptr, false);
  for (const char* key : daemon_owned)
    if (settings.is_object()) settings.erase(key);
  return {{"id", run.id},
          {"state", to_string(run.state)},
          {"tree_version", run.tree_version},
          {"checks", run.checks},
          {"objective", run.objective},
          {"strategy", run.strategy},
          {"start_bytes", run.start_bytes},
          {"best_bytes", run.best_bytes},
          {"error", run.error},
          {"created_at", run.created_at},
          {"updated_at", run.updated_at},
          {"settings", settings}};
}

/// True if the server has no token or the request carries it, compared in constant time.
bool authorized(const HttpRequest& request, const ApiContext& context) {
  if (context.token.empty()) return true;
  std::string expected = "Bearer " + context.token;
  return request.authorization.size() == expected.size() &&
         CRYPTO_memcmp(request.authorization.data(), expected.data(), expected.size()) == 0;
}

HttpResponse handle(const HttpRequest& request, ApiContext& context) {
  try {
    if (request.path == "/healthz") return {200, "text/plain", "ok\n"};
    if (request.path == "/" || request.path == "/index.html")
      return {200, "text/html; charset=utf-8", web::index_page()};
    if (request.path == web::chart_library_url) {
      if (!web::chart_library())
        return error_response(404, std::string("no charting library: install Debian's "
                                               "libjs-chart.js (") +
                                       web::chart_library_file + ")");
      return {200, "text/javascript; charset=utf-8", *web::chart_library()};
    }
    bool metrics = request.path == "/metrics";
    if (!metrics && !request.path.starts_with("/api/"))
      return error_response(404, "no such page: " + request.path);
    if (!authorized(request, context))
      return error_response(401, "this server needs 'Authorization: Bearer TOKEN'");
    if (metrics)
      return {200, "text/plain; version=0.0.4", context.metrics ? context.metrics() : ""};
    return runs_route(request, context);
  } catch (const std::exception& e) {
    return error_response(500, std::string("internal error: ") + e.what());
  }
}

} // namespace kshrink::service::api
