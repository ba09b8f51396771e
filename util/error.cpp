// Which tier a failed system call's error belongs to.
#include "util/error.h"

#include <cerrno>
#include <cstring>
#include <set>

namespace kshrink::util {
namespace {

/// The errors that are the machine's: it ran short, or its disk failed or is read-only.
const std::set<int> environment_errors = {ENOSPC, EDQUOT, EIO,   ENOMEM,
                                          EMFILE, ENFILE, EROFS, EAGAIN};

} // namespace

void throw_system_error(const std::string& message, std::error_code error) {
  std::string text = message + ": " + error.message();
  if (error.category() == std::generic_category() || error.category() == std::system_category())
    if (environment_errors.contains(error.value())) throw EnvironmentError(text);
  throw Error(text);
}

bool names_environment_error(std::string_view text) {
  for (int error : environment_errors)
    if (text.find(std::strerror(error)) != std::string_view::npos) return true;
  return false;
}

void throw_system_error(const std::string& message, int error_number) {
  throw_system_error(message, std::error_code(error_number, std::generic_category()));
}

void throw_filesystem_error(const std::filesystem::filesystem_error& error) {
  std::string path = error.path1().string();
  if (path.size() > 160) path = path.substr(0, 100) + "..." + path.substr(path.size() - 40);
  throw_system_error("cannot use " + (path.empty() ? std::string("a path") : path), error.code());
}

void require_in_range(const std::string& name, long long value, long long low, long long high) {
  if (value < low || value > high)
    throw Error(name + " must be between " + std::to_string(low) + " and " + std::to_string(high) +
                ", not " + std::to_string(value));
}

} // namespace kshrink::util
