// The source of kconfig_dump.c, embedded in the kshrink binary so it can be compiled against
// any user's tree at run time.
#pragma once

namespace kshrink::kconfig {

/// The text of kconfig/dump/kconfig_dump.c.
extern const char* const kconfig_dump_source;

} // namespace kshrink::kconfig
