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

} // namespace kshrink::util
