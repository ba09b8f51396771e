// Unit tests of KernelBuilder on a fake process runner: how make's ending becomes a build
// status, what a successful build measures, and the make command itself.
#include "builder/kernel_builder.h"
#include "tests/fakes/fake_runner.h"
#include "tests/test_support.h"

#include <doctest/doctest.h>

#include <algorithm>

namespace fs = std::filesystem;
using namespace kshrink;
using Status = util::CommandResult::Status;

namespace {

struct Fixture {
  util::ScratchDir dir = test::temp_dir();
  test::FakeRunner runner;
  tree::KernelTree tree{.source = dir.path() / "linux", .version = "6.1.0", .key = "t"};
  builder::BuildSettings settings = [] {
    builder::BuildSettings s;
    s.min_free_bytes = 0;
    return s;
  }();
  builder::KernelBuilder worker{tree, util::WorkDir(dir.path()), settings, 3, runner};
  kconfig::ConfigFile config = [] {
    kconfig::ConfigFile c;
    c.set("EXT4_FS", "y");
    return c;
  }();
};

} // namespace

TEST_CASE("make's ending is the build's status") {
  Fixture f;
  struct Case {
    test::ScriptedRun make;
    builder::BuildStatus status;
    std::string excerpt;
  };
  const Case cases[] = {
      {{"  CC      fs/ext4/super.o\nfs/ext4/super.c:12:3: error: 'x' undeclared\n",
        {.status = Status::exited, .exit_code = 2}},
       builder::BuildStatus::build_failed,
       "fs/ext4/super.c:12:3: error: 'x' undeclared"},
      {{"", {.status = Status::timed_out, .seconds = 7200}}, builder::BuildStatus::timeout, ""},
      {{"", {.status = Status::cancelled}}, builder::BuildStatus::cancelled, ""},
      {{"", {.status = Status::failed_to_start, .error = "make not found in PATH"}},
       builder::BuildStatus::infra_error,
       "make not found"},
      {{"fs/ext4/super.o: No space left on device\n", {.status = Status::exited, .exit_code = 2}},
       builder::BuildStatus::infra_error,
       ""},
  };
  for (const auto& c : cases) {
    CAPTURE(builder::to_string(c.status));
    f.runner.script = [&](const util::Command& command) {
      return command.program == "make" ? c.make
                                       : test::ScriptedRun{"gcc (Debian 12.2.0-14) 12.2.0"};
    };
    builder::BuildResult result = f.worker.build(f.config);
    CHECK(result.status == c.status);
    CHECK(result.error_excerpt.find(c.excerpt) != std::string::npos);
    CHECK(result.worker == 3);
    CHECK(result.config_hash == f.config.hash());
  }
  CHECK(f.worker.last_config().hash() == f.config.hash());
}

TEST_CASE("a failed build whose compiler does not run is the machine's fault, not the config's") {
  Fixture f;
  f.runner.script = [&](const util::Command& command) -> test::ScriptedRun {
    if (command.program == "make")
      return {"gcc: unknown C compiler\nscripts/Kconfig.include:44: Sorry, this C compiler is not "
              "supported.\nmake[3]: *** [syncconfig] Error 1\n",
              {.status = util::CommandResult::Status::exited, .exit_code = 2}};
    return {"ccache: error: /c/ccache.conf:1: invalid size: \"banana\"\n",
            {.status = util::CommandResult::Status::exited, .exit_code = 1}};
  };
  builder::BuildResult result = f.worker.build(f.config);
  CHECK(result.status == builder::BuildStatus::infra_error);
  CHECK(result.error_excerpt ==
        "the compiler does not run (gcc --version, through ccache: exit 1): ccache: error: "
        "/c/ccache.conf:1: invalid size: \"banana\"");
  REQUIRE(f.runner.commands.size() == 2);
  CHECK(f.runner.commands[1].env.at("PATH").starts_with("/usr/lib/ccache:"));
}

TEST_CASE("a build that succeeds is measured: bzImage bytes and vmlinux sections") {
  Fixture f;
  fs::path out = f.worker.build_dir();
  f.runner.script = [&](const util::Command& command) -> test::ScriptedRun {
    if (command.program == "size")
      return {"   text\t   data\t    bss\t    dec\t    hex\tfilename\n"
              "1000000\t 200000\t  30000\t1230000\t 12c4b0\tvmlinux\n"};
    fs::create_directories(out / "arch/x86/boot");
    util::write_file_atomic(out / "arch/x86/boot/bzImage", std::string(4096, 'k'));
    util::write_file_atomic(out / "vmlinux", "elf");
    return {};
  };
  builder::BuildResult result = f.worker.build(f.config);
  REQUIRE(result.status == builder::BuildStatus::ok);
  CHECK(result.bzimage_bytes == 4096);
  CHECK(result.vmlinux.total() == 1230000);
  CHECK(result.kernel_image == out / "arch/x86/boot/bzImage");
  CHECK(kconfig::ConfigFile::load(out / ".config").hash() == f.config.hash());

  REQUIRE(f.runner.commands.size() == 2);
  const util::Command& make = f.runner.commands[0];
  CHECK(make.program == "make");
  CHECK(make.cwd == f.tree.source);
  CHECK(std::count(make.args.begin(), make.args.end(), "O=" + out.string()) == 1);
  CHECK(make.env.at("CCACHE_DIR") == util::WorkDir(f.dir.path()).ccache().string());
  CHECK(make.timeout == f.settings.timeout);
}

TEST_CASE("a make that succeeds without a kernel image is the machine's fault, not the config's") {
  Fixture f;
  builder::BuildResult result = f.worker.build(f.config);
  CHECK(result.status == builder::BuildStatus::infra_error);
}
