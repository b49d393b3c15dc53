#include "tunelab/profiler/clock.h"

#include <chrono>
#include <ctime>

namespace tunelab::profiler {

std::string isoTimestampNow() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t t = system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::size_t len = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + len, sizeof buf - len, ".%03dZ", static_cast<int>(ms));
  return buf;
}

}  // namespace tunelab::profiler
