// Which tier a failed system call's error belongs to.
#include "util/error.h"

#include <cerrno>
#include <set>

namespace kshrink::util {

void throw_system_error(const std::string& message, std::error_code error) {
  static const std::set<int> environment = {ENOSPC, EDQUOT, EIO,   ENOMEM,
                                            EMFILE, ENFILE, EROFS, EAGAIN};
  std::string text = message + ": " + error.message();
  if (error.category() == std::generic_category() || error.category() == std::system_category())
    if (environment.contains(error.value())) throw EnvironmentError(text);
  throw Error(text);
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
