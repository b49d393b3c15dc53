#include "tunelab/profiler/region_file.h"

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
  if (!std::getline(in, line) || line != "tunelab-regions 1")
    return bad(1, "expected the header \"tunelab-regions 1\"");
  if (!std::getline(in, line) || line.rfind("dropped ", 0) != 0)
    return bad(2, "expected \"dropped N\"");
  try {
    out.dropped = std::stoll(line.substr(8));
  } catch (const std::exception&) {
    return bad(2, "expected a count after \"dropped\"");
  }
  for (int number = 3; std::getline(in, line); ++number) {
    const auto tab1 = line.find('\t');
    const auto tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string::npos) return bad(number, "expected ENTRIES<tab>SECONDS<tab>NAME");
    model::RegionStat r;
    try {
      std::size_t used = 0;
      r.entries = std::stoll(line.substr(0, tab1), &used);
      if (used != tab1) throw std::invalid_argument("entries");
      const std::string seconds = line.substr(tab1 + 1, tab2 - tab1 - 1);
      r.seconds = std::stod(seconds, &used);
      if (used != seconds.size()) throw std::invalid_argument("seconds");
    } catch (const std::exception&) {
      return bad(number, "expected ENTRIES<tab>SECONDS<tab>NAME with numbers");
    }
    r.name = line.substr(tab2 + 1);
    if (r.name.empty() || r.entries < 0 || !(r.seconds >= 0))
      return bad(number, "a region needs a name, entries ≥ 0 and seconds ≥ 0");
    out.regions.push_back(std::move(r));
  }
  return out;
}

}  // namespace tunelab::profiler
