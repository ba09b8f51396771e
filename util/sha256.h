// SHA-256 digests of strings and files, as lowercase hex.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace kshrink::util {

/// Hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

/// Hex SHA-256 of a file's bytes; throws util::Error if it cannot be read.
std::string sha256_file_hex(const std::filesystem::path& path);

} // namespace kshrink::util
