#include "tunelab/profiler/region_file.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace tunelab::profiler {

model::Result<RegionFile> readRegionFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in)
    return model::Error{model::ErrorKind::Io, path.string() + ": cannot read the regions file"};
  const auto bad = [&](int line, const std::string& what) {
    return model::Error{model::ErrorKind::Input,
                        path.string() + ":" + std::to_string(line) + ": " + what +
                            " (not a regions file of tunelab's region API, or cut short)"};
  };
  RegionFile out;
  std::string line;
  int number = 1;
  if (!std::getline(in, line) || (line != "tunelab-regions 1" && line != "tunelab-regions 2"))
    return bad(1, "expected the header \"tunelab-regions 1\" or \"tunelab-regions 2\"");
  const bool withEvents = line == "tunelab-regions 2";
  ++number;
  if (!std::getline(in, line) || line.rfind("dropped ", 0) != 0)
    return bad(number, "expected \"dropped N\"");
  try {
    out.dropped = std::stoll(line.substr(8));
  } catch (const std::exception&) {
    return bad(number, "expected a count after \"dropped\"");
  }
  std::vector<std::string> events;
  if (withEvents) {
    ++number;
    std::size_t count = 0;
    if (!std::getline(in, line) || line.rfind("events ", 0) != 0 ||
        std::sscanf(line.c_str() + 7, "%zu", &count) != 1 || count > 64)
      return bad(number, "expected \"events N\"");
    for (std::size_t i = 0; i < count; ++i) {
      ++number;
      if (!std::getline(in, line) || line.rfind("event ", 0) != 0 || line.size() == 6)
        return bad(number, "expected \"event NAME\"");
      events.push_back(line.substr(6));
    }
  }
  while (std::getline(in, line)) {
    ++number;
    std::vector<std::string> fields;
    for (std::size_t start = 0;;) {
      const auto tab = line.find('\t', start);
      if (tab == std::string::npos || fields.size() == 2 + events.size()) {
        fields.push_back(line.substr(start));
        break;
      }
      fields.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    if (fields.size() != 3 + events.size())
      return bad(number, "expected ENTRIES<tab>SECONDS<tab>" +
                             std::string(events.empty() ? "" : "COUNTS…<tab>") + "NAME");
    model::RegionStat r;
    try {
      std::size_t used = 0;
      r.entries = std::stoll(fields[0], &used);
      if (used != fields[0].size()) throw std::invalid_argument("entries");
      r.seconds = std::stod(fields[1], &used);
      if (used != fields[1].size()) throw std::invalid_argument("seconds");
    } catch (const std::exception&) {
      return bad(number, "expected ENTRIES<tab>SECONDS<tab>… with numbers");
    }
    for (std::size_t i = 0; i < events.size(); ++i) {
      const std::string& f = fields[2 + i];
      model::CounterValue c;
      c.event = events[i];
      unsigned long long value = 0, enabled = 0, running = 0;
      int err = 0;
      if (f.size() > 1 && f[0] == '!' && std::sscanf(f.c_str() + 1, "%d", &err) == 1) {
        c.reason = "a thread of the program could not open it: " + std::string(std::strerror(err));
      } else if (std::sscanf(f.c_str(), "%llu,%llu,%llu", &value, &enabled, &running) == 3) {
        // Scaled where the kernel multiplexed the counter, as CounterSet scales.
        double v = static_cast<double>(value);
        if (running > 0 && running < enabled) v *= static_cast<double>(enabled) / static_cast<double>(running);
        c.value = v;
        c.timeEnabledNs = static_cast<std::int64_t>(enabled);
        c.timeRunningNs = static_cast<std::int64_t>(running);
      } else {
        return bad(number, "expected VALUE,ENABLED,RUNNING or !ERRNO for " + events[i]);
      }
      r.counters.push_back(std::move(c));
    }
    r.name = fields.back();
    if (r.name.empty() || r.entries < 0 || !(r.seconds >= 0))
      return bad(number, "a region needs a name, entries ≥ 0 and seconds ≥ 0");
    out.regions.push_back(std::move(r));
  }
  return out;
}

}  // namespace tunelab::profiler
