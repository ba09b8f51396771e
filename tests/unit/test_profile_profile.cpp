// Unit tests for profile/: reading profile files (and refusing garbage), the probe's
// findings, and the module -> symbol mapping through kbuild objects.
#include "profile/guest_probe.h"
#include "profile/module_symbols.h"
#include "profile/profile.h"
#include "util/error.h"

#include <doctest/doctest.h>

using namespace kshrink;

TEST_CASE("a profile written by kshrink reads back the same") {
  profile::Profile p;
  p.source = "probe on host";
  p.release = "6.1.0-57-amd64";
  p.modules = {{"ext4", "kernel/fs/ext4/ext4.ko"}, {"e1000", ""}};
  p.drivers = {{"pci", "0000:00:02.0", "virtio-pci"}};
  p.mounted = {"ext4", "proc"};
  p.unseen = {"USB devices: none here"};
  profile::Profile back = profile::parse_profile(profile::to_json(p), "test");
  CHECK(back.source == p.source);
  CHECK(back.release == p.release);
  REQUIRE(back.modules.size() == 2);
  CHECK(back.modules[0].path == "kernel/fs/ext4/ext4.ko");
  CHECK(back.modules[1].name == "e1000");
  REQUIRE(back.drivers.size() == 1);
  CHECK(back.drivers[0].driver == "virtio-pci");
  CHECK(back.mounted == p.mounted);
  CHECK(back.unseen == p.unseen);
}

TEST_CASE("a hand-written profile needs only its module names") {
  auto p = profile::parse_profile(R"({"modules": ["e1000", "ahci"]})", "mine.json");
  REQUIRE(p.modules.size() == 2);
  CHECK(p.modules[1].name == "ahci");
  CHECK(p.modules[1].path.empty());
}

TEST_CASE("a garbage profile is refused with one line naming the file") {
  for (const char* text :
       {"", "not json", "[1,2]", "{}", R"({"modules": "ext4"})", R"({"modules": [3]})",
        R"({"modules": ["a b"]})", R"({"modules": ["x"], "drivers": 1})", "\xff\xfe{"}) {
    CAPTURE(text);
    try {
      profile::parse_profile(text, "profile bad.json");
      FAIL("accepted");
    } catch (const util::Error& e) {
      std::string what = e.what();
      CHECK(what.find("bad.json") != std::string::npos);
      CHECK(what.find('\n') == std::string::npos);
    }
  }
}

TEST_CASE("the probe's findings become a profile, unknown lines ignored") {
  auto p = profile::read_findings({"module ext4", "module virtio_net",
                                   "driver pci 0000:00:03.0 virtio-pci", "mounted proc",
                                   "mounted proc", "filesystem ext4", "release 6.1.0-57-amd64",
                                   "unseen USB devices: none here", "garbage line", "driver x"});
  REQUIRE(p.modules.size() == 2);
  CHECK(p.modules[1].name == "virtio_net");
  REQUIRE(p.drivers.size() == 1);
  CHECK(p.drivers[0].bus == "pci");
  CHECK(p.drivers[0].device == "0000:00:03.0");
  CHECK(p.mounted == std::vector<std::string>{"proc"});
  CHECK(p.filesystems == std::vector<std::string>{"ext4"});
  CHECK(p.release == "6.1.0-57-amd64");
  CHECK(p.unseen == std::vector<std::string>{"USB devices: none here"});
}

TEST_CASE("modules map to the symbols whose kbuild objects make them") {
  builder::ObjectMap objects = {
      {"EXT4_FS", {"fs/ext4/ext4.o"}},
      {"EXT4_FS_POSIX_ACL", {"fs/ext4/acl.o"}},
      {"VIRTIO_PCI", {"drivers/virtio/virtio_pci.o"}},
      {"SATA_AHCI", {"drivers/ata/ahci.o", "drivers/ata/libahci.o"}},
      {"OTHER_BUTTON", {"drivers/other/button.o"}},
      {"ACPI_BUTTON", {"drivers/acpi/button.o"}},
      {"NET", {"net/"}},
  };
  profile::Profile p;
  p.modules = {{"ext4", "kernel/fs/ext4/ext4.ko"},
               {"virtio-pci", ""},
               {"ahci", ""},
               {"button", "kernel/drivers/acpi/button.ko"},
               {"nowhere", ""}};
  auto mapped = profile::map_modules(p, objects);
  CHECK(mapped.symbols["ext4"] == std::vector<std::string>{"EXT4_FS"});
  CHECK(mapped.symbols["virtio-pci"] == std::vector<std::string>{"VIRTIO_PCI"}); // '-' is '_'
  CHECK(mapped.symbols["ahci"] == std::vector<std::string>{"SATA_AHCI"});
  // The path decides between objects of the same name in different directories.
  CHECK(mapped.symbols["button"] == std::vector<std::string>{"ACPI_BUTTON"});
  CHECK(mapped.unmapped == std::vector<std::string>{"nowhere"});
}

TEST_CASE("a bound driver that is no loaded module maps by its name, unknown ones are skipped") {
  builder::ObjectMap objects = {
      {"VIRTIO_PCI", {"drivers/virtio/virtio_pci.o"}},
      {"VIRTIO_BLK", {"drivers/block/virtio_blk.o"}},
  };
  profile::Profile p;
  p.modules = {{"virtio_blk", ""}};
  p.drivers = {{"pci", "0000:00:03.0", "virtio-pci"},     // built in where profiled
               {"virtio", "virtio1", "virtio_blk"},       // a loaded module: mapped as one
               {"platform", "serial8250", "serial8250"}}; // names no object
  auto mapped = profile::map_modules(p, objects);
  CHECK(mapped.symbols["virtio_blk"] == std::vector<std::string>{"VIRTIO_BLK"});
  REQUIRE(mapped.drivers.size() == 1);
  CHECK(mapped.drivers["virtio-pci"] == std::vector<std::string>{"VIRTIO_PCI"});
  CHECK(mapped.unmapped.empty());
}
