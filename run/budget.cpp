// Budget parsing: comma-separated parts, each a number with a unit.
#include "run/budget.h"

#include "util/error.h"

#include <sstream>

namespace kshrink::run {

Budget parse_budget(const std::string& text) {
  Budget budget;
  std::istringstream in(text);
  std::string part;
  auto bad = [&] {
    return util::Error("bad budget '" + text +
                       "': use a time (45s, 90m, 8h), a number of builds (300builds), or both "
                       "separated by a comma");
  };
  // A year of builds or of hours is more than any run: larger numbers are typing errors.
  constexpr unsigned long long most = 10'000'000;
  while (std::getline(in, part, ',')) {
    size_t digits = part.find_first_not_of("0123456789");
    if (digits == 0 || part.empty()) throw bad();
    std::string number_text = part.substr(0, digits);
    if (number_text.size() > 8) throw bad();
    unsigned long long number = std::stoull(number_text);
    if (number == 0 || number > most)
      throw util::Error("bad budget '" + text + "': each part must be between 1 and " +
                        std::to_string(most));
    std::string unit = digits == std::string::npos ? "" : part.substr(digits);
    if (unit == "builds" || unit == "build")
      budget.builds = number;
    else if (unit == "s")
      budget.time = std::chrono::seconds(number);
    else if (unit == "m")
      budget.time = std::chrono::minutes(number);
    else if (unit == "h")
      budget.time = std::chrono::hours(number);
    else
      throw bad();
  }
  return budget;
}

} // namespace kshrink::run
