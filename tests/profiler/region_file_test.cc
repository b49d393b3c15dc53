// The SDK's region recorder in a real program (sdk_program, built as a user builds against
// the installed header) and tunelab's reader of what it writes.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "temp_dir.h"
#include "tunelab/profiler/region_file.h"

namespace tunelab::profiler {
namespace {

namespace fs = std::filesystem;

// Runs `program` (sdk_program unless said) with `env` before it, its stdout into `out`; the
// exit status.
int runProgram(const std::string& env, const fs::path& out, const std::string& args = {},
               const std::string& program = TUNELAB_SDK_PROGRAM) {
  const std::string command = env + " '" + program + "' " + args + " > '" + out.string() + "'";
  return std::system(command.c_str());
}

TEST(SdkRegions, AProgramUnderTunelabWritesItsRegionsAndAloneWritesNothing) {
  testing::TempDir dir;
  const fs::path file = dir / "regions.txt";
  ASSERT_EQ(runProgram("TUNELAB_REGIONS='" + file.string() + "'", dir / "under.txt"), 0);
  ASSERT_EQ(runProgram("env -u TUNELAB_REGIONS", dir / "alone.txt"), 0);
  // The same output either way; a file only where tunelab asked for one.
  EXPECT_EQ(testing::readFile(dir / "under.txt"), testing::readFile(dir / "alone.txt"));
  EXPECT_FALSE(testing::readFile(dir / "under.txt").empty());
  const auto read = readRegionFile(file);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->dropped, 0);
  ASSERT_EQ(read->regions.size(), 2u);
  // parse is entered once and holds three entries of work; work runs three times more on the
  // two threads: six entries in all, and parse's time includes its three.
  const auto& regions = read->regions;
  const auto find = [&](const std::string& name) {
    for (const auto& r : regions)
      if (r.name == name) return r;
    return model::RegionStat{};
  };
  EXPECT_EQ(find("parse").entries, 1);
  EXPECT_EQ(find("work").entries, 6);
  EXPECT_GT(find("parse").seconds, 0);
  EXPECT_GT(find("work").seconds, find("parse").seconds);  // six entries against three
}

TEST(SdkRegions, AProgramInCWritesItsRegionsThroughTheCApi) {
  testing::TempDir dir;
  const fs::path file = dir / "regions.txt";
  ASSERT_EQ(runProgram("TUNELAB_REGIONS='" + file.string() + "'", dir / "under.txt", {},
                       TUNELAB_SDK_PROGRAM_C),
            0);
  ASSERT_EQ(runProgram("env -u TUNELAB_REGIONS", dir / "alone.txt", {}, TUNELAB_SDK_PROGRAM_C), 0);
  EXPECT_EQ(testing::readFile(dir / "under.txt"), testing::readFile(dir / "alone.txt"));
  const auto read = readRegionFile(file);
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->regions.size(), 2u);
  for (const auto& r : read->regions) {
    EXPECT_EQ(r.entries, r.name == "parse" ? 1 : 3) << r.name;
    EXPECT_GT(r.seconds, 0) << r.name;
  }
}

TEST(SdkRegions, AProgramThatEndsInUnderscoreExitWritesNoFile) {
  testing::TempDir dir;
  const fs::path file = dir / "regions.txt";
  ASSERT_EQ(runProgram("TUNELAB_REGIONS='" + file.string() + "'", dir / "out.txt", "exit"), 0);
  EXPECT_FALSE(fs::exists(file));
  const auto read = readRegionFile(file);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.error().message.find("regions.txt"), std::string::npos);
}

TEST(SdkRegions, AMalformedFileIsRefusedWithItsLine) {
  testing::TempDir dir;
  const fs::path file = dir / "regions.txt";
  testing::writeFile(file, "tunelab-regions 1\ndropped 0\n3\t0.5\tparse\nthree\t0.1\twork\n");
  const auto read = readRegionFile(file);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.error().message.find("regions.txt:4:"), std::string::npos) << read.error().message;
  testing::writeFile(file, "something else\n");
  EXPECT_NE(readRegionFile(file).error().message.find("regions.txt:1:"), std::string::npos);
}

}  // namespace
}  // namespace tunelab::profiler
