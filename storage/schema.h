// The schema's migrations, in order: migration N takes user_version N to N+1.
#pragma once

#include <string>
#include <vector>

namespace kshrink::storage {

/// SQL of every migration; the schema version is the number applied.
const std::vector<std::string>& migrations();

} // namespace kshrink::storage
