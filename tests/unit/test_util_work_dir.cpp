// Unit tests of the work directory: which one is used when none is named, and where a run's
// outputs go.
#include "util/error.h"
#include "util/work_dir.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace fs = std::filesystem;
using kshrink::util::WorkDir;

namespace {

/// Sets an environment variable for one scope, or unsets it with nullptr.
class ScopedEnv {
public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    value ? ::setenv(name, value, 1) : ::unsetenv(name);
  }
  ~ScopedEnv() { old_ ? ::setenv(name_, old_->c_str(), 1) : ::unsetenv(name_); }

private:
  const char* name_;
  std::optional<std::string> old_;
};

} // namespace

TEST_CASE("the work directory is --workdir, else $KSHRINK_WORKDIR, else the user's cache") {
  ScopedEnv workdir("KSHRINK_WORKDIR", nullptr), cache("XDG_CACHE_HOME", nullptr),
      home("HOME", "/home/someone");
  CHECK(WorkDir::resolve("").root() == "/home/someone/.cache/kshrink");
  {
    ScopedEnv xdg("XDG_CACHE_HOME", "/var/cache/user");
    CHECK(WorkDir::resolve("").root() == "/var/cache/user/kshrink");
    ScopedEnv env("KSHRINK_WORKDIR", "/srv/kshrink");
    CHECK(WorkDir::resolve("").root() == "/srv/kshrink");
    CHECK(WorkDir::resolve("/tmp/w").root() == "/tmp/w");
  }
  CHECK(WorkDir::resolve("relative").root() == fs::current_path() / "relative");
  ScopedEnv no_home("HOME", nullptr);
  CHECK_THROWS_AS(WorkDir::resolve(""), kshrink::util::Error);
}

TEST_CASE("a run's outputs live beside the database that names it") {
  WorkDir work("/w");
  CHECK(WorkDir::run_dir(work.database(), 7) == "/w/runs/7");
  CHECK(WorkDir::run_dir("/elsewhere/k.db", 7) == "/elsewhere/runs/7");
  CHECK(work.builder("tree", 2).parent_path() == work.builders("tree"));
}
