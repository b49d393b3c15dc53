#include "threads_list.h"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace tunelab::cli {

using model::Error;
using model::ErrorKind;

namespace {
bool parseCount(const std::string& text, int cores, int& out) {
  if (text == "max" || text == "nproc") {
    out = cores;
    return true;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && out >= 1 && out <= 4096;
}
}  // namespace

model::Result<std::vector<int>> parseThreadList(const std::string& text, int cores) {
  std::vector<int> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    auto dash = item.find('-');
    int a = 0, b = 0;
    bool ok = dash == std::string::npos
                  ? (parseCount(item, cores, a) && (b = a, true))
                  : parseCount(item.substr(0, dash), cores, a) &&
                        parseCount(item.substr(dash + 1), cores, b) && a <= b;
    if (!ok)
      return Error{ErrorKind::Usage,
                   "--threads: '" + item + "' is not a thread count. Use counts from 1 to 4096, "
                   "ranges like 1-4, or max (= " + std::to_string(cores) + "), e.g. -t 1,2,max."};
    for (int t = a; t <= b; ++t) out.push_back(t);
  }
  if (out.empty())
    return Error{ErrorKind::Usage, "--threads: empty list. Example: -t 1,2,4."};
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<int> defaultThreadList(int cores) {
  std::vector<int> out;
  for (int t = 1; t < cores; t *= 2) out.push_back(t);
  out.push_back(std::max(cores, 1));
  return out;
}

}  // namespace tunelab::cli
