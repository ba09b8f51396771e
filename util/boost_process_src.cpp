// The one translation unit that compiles Boost.Process v2 (separate-compilation mode).
// Boost 1.81 needs these three headers before it when BOOST_PROCESS_USE_STD_FS is set.
#include <boost/io/quoted.hpp>
#include <boost/optional.hpp>
#include <boost/type_traits/remove_pointer.hpp>

#include <boost/process/v2/src.hpp>
