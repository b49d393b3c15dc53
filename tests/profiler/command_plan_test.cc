// `tunelab run -- COMMAND` planning: placeholders into cases (the cartesian product of -t and
// every -p), the usage errors that keep a sweep from running one command many times, PATH
// resolution as execvp does it, and the ELF check behind "allocation tracking unavailable".
#include <gtest/gtest.h>

#include <filesystem>

#include "temp_dir.h"
#include "tunelab/profiler/command.h"

namespace tunelab::profiler {
namespace {

TEST(CommandPlan, EveryParameterValueTimesEveryThreadCountWithPlaceholdersReplaced) {
  CommandTemplate t;
  t.argv = {"xz", "-T{threads}", "-{level}", "-c", "{file}"};
  t.environment = {"OMP_NUM_THREADS={threads}", "LEVEL={level}"};
  t.prepare = "rm -f out.{level}";
  auto cases = planCommandCases(t, {{"level", {"1", "6"}}, {"file", {"a.txt"}}}, {1, 2});
  ASSERT_TRUE(cases.ok()) << cases.error().message;
  ASSERT_EQ(cases->size(), 4u);
  // Parameters outermost, the thread count innermost: a scaling series stays together.
  const auto& c = (*cases)[1];
  EXPECT_EQ(c.identity.workload, "xz");
  EXPECT_EQ(c.identity.variant, "command");
  EXPECT_EQ(c.identity.threads, 2);
  EXPECT_EQ(c.identity.params, (std::vector<model::Param>{{"level", "1"}, {"file", "a.txt"}}));
  EXPECT_EQ(c.identity.name, "xz/command/level:1/file:a.txt/threads:2");
  EXPECT_EQ(c.argv, (std::vector<std::string>{"xz", "-T2", "-1", "-c", "a.txt"}));
  EXPECT_EQ(c.environment, (std::vector<std::string>{"OMP_NUM_THREADS=2", "LEVEL=1"}));
  EXPECT_EQ(c.prepare, "rm -f out.1");
  EXPECT_EQ((*cases)[3].identity.name, "xz/command/level:6/file:a.txt/threads:2");
}

TEST(CommandPlan, NameShellAndBracesThatAreNoPlaceholders) {
  CommandTemplate t;
  t.argv = {"/usr/bin/awk", "{print $1}", "{}", "{a,b}", "{typo}"};
  std::vector<std::string> notes;
  auto cases = planCommandCases(t, {}, {}, &notes);
  ASSERT_TRUE(cases.ok()) << cases.error().message;
  ASSERT_EQ(cases->size(), 1u);
  EXPECT_EQ(cases->front().identity.workload, "awk");  // the program's base name
  EXPECT_EQ(cases->front().identity.threads, 1);
  EXPECT_EQ(cases->front().argv, t.argv);  // left as written
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("{typo}"), std::string::npos);

  t.argv = {"zstd -T{threads} big.txt", "-o out.zst"};
  t.shell = true;
  t.name = "zstd-pipe";
  cases = planCommandCases(t, {}, {2});
  ASSERT_TRUE(cases.ok()) << cases.error().message;
  EXPECT_EQ(cases->front().argv, (std::vector<std::string>{"/bin/sh", "-c", "zstd -T2 big.txt -o out.zst"}));
  EXPECT_EQ(cases->front().identity.name, "zstd-pipe/command/threads:2");
}

TEST(CommandPlan, SweepsThatNoPlaceholderUsesAreUsageErrors) {
  CommandTemplate t;
  t.argv = {"true"};
  auto threads = planCommandCases(t, {}, {1, 2});
  ASSERT_FALSE(threads.ok());
  EXPECT_EQ(threads.error().kind, model::ErrorKind::Usage);
  EXPECT_NE(threads.error().message.find("{threads}"), std::string::npos);
  auto param = planCommandCases(t, {{"n", {"1", "2"}}}, {});
  ASSERT_FALSE(param.ok());
  EXPECT_NE(param.error().message.find("{n}"), std::string::npos);
  t.argv = {"prog", "{n}"};
  EXPECT_FALSE(planCommandCases(t, {{"n", {"1"}}, {"n", {"2"}}}, {}).ok());  // twice
  EXPECT_FALSE(planCommandCases(t, {{"n x", {"1"}}}, {}).ok());             // not a name
  EXPECT_FALSE(planCommandCases(t, {{"threads", {"1"}}}, {}).ok());         // that is -t
  t.environment = {"NOEQUALS"};
  EXPECT_FALSE(planCommandCases(t, {{"n", {"1"}}}, {}).ok());
  EXPECT_FALSE(planCommandCases(CommandTemplate{}, {}, {}).ok());  // no command at all
}

TEST(CommandPlan, ProgramsResolveAsExecvpFindsThem) {
  auto sh = resolveProgram("sh");
  ASSERT_TRUE(sh.ok()) << sh.error().message;
  EXPECT_TRUE(std::filesystem::path(*sh).is_absolute());
  auto missing = resolveProgram("no-such-program-tunelab");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, model::ErrorKind::Input);
  EXPECT_NE(missing.error().message.find("not found on PATH"), std::string::npos);
  testing::TempDir dir;
  testing::writeFile(dir / "data", "text\n");
  auto notExecutable = resolveProgram((dir / "data").string());
  ASSERT_FALSE(notExecutable.ok());
  EXPECT_NE(notExecutable.error().message.find("not an executable file"), std::string::npos);
}

TEST(CommandPlan, DynamicProgramsAndScriptsCanBeTrackedOthersSaySoOrNothing) {
  auto sh = resolveProgram("sh");
  ASSERT_TRUE(sh.ok());
  EXPECT_FALSE(preloadObstacle(*sh).has_value());  // dynamically linked: PT_INTERP
  testing::TempDir dir;
  testing::writeFile(dir / "script", "#!" + *sh + " -e\necho hi\n");
  EXPECT_FALSE(preloadObstacle((dir / "script").string()).has_value());
  testing::writeFile(dir / "text", "plain text, not ELF\n");
  EXPECT_FALSE(preloadObstacle((dir / "text").string()).has_value());  // unknown: nothing said
  // An ELF file without PT_INTERP: the header of a static executable with no program headers.
  std::string elf(64, '\0');
  elf[0] = 0x7f, elf[1] = 'E', elf[2] = 'L', elf[3] = 'F', elf[4] = 2 /*64-bit*/, elf[5] = 1;
  testing::writeFile(dir / "static", elf);
  auto obstacle = preloadObstacle((dir / "static").string());
  ASSERT_TRUE(obstacle.has_value());
  EXPECT_NE(obstacle->find("statically linked"), std::string::npos);
}

}  // namespace
}  // namespace tunelab::profiler
