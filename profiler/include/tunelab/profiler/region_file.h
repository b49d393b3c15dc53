#pragma once

#include <filesystem>
#include <vector>

#include "tunelab/model/result.h"
#include "tunelab/model/run.h"

namespace tunelab::profiler {

// The regions a program of the user's wrote to $TUNELAB_REGIONS at exit (the SDK's
// recorder, tunelab/probe/env_recorder.h): name, seconds summed over entries and threads,
// entries. A missing file is not an error of the file: the caller knows whether the program
// exited normally. A file that is not the recorder's, or is cut short, is an Input error
// naming the file and the line.
struct RegionFile {
  std::vector<model::RegionStat> regions;
  long long dropped = 0;  // entries past the recorder's limits (names or nesting depth)
};
model::Result<RegionFile> readRegionFile(const std::filesystem::path& path);

}  // namespace tunelab::profiler
