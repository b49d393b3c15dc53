#include <gtest/gtest.h>

#include <type_traits>

#include "tunelab/model/id.h"
#include "tunelab/model/params.h"
#include "tunelab/model/result.h"
#include "tunelab/model/status.h"

namespace tunelab::model {
namespace {

static_assert(!std::is_convertible_v<RunId, SessionId>, "ids of different tables must not mix");
static_assert(!std::is_convertible_v<std::int64_t, RunId>, "ids are explicit");

TEST(Id, DefaultIsInvalidAndComparesByValue) {
  EXPECT_FALSE(RunId{}.valid());
  EXPECT_TRUE(RunId{3}.valid());
  EXPECT_LT(RunId{2}, RunId{3});
  EXPECT_EQ(RunId{3}, RunId{3});
}

TEST(Status, EveryValueRoundTripsThroughItsStoredSpelling) {
  for (auto s : {SessionStatus::Running, SessionStatus::Complete, SessionStatus::Interrupted,
                 SessionStatus::Abandoned})
    EXPECT_EQ(sessionStatusFromString(toString(s)), s);
  for (auto s : {RunStatus::Ok, RunStatus::Failed, RunStatus::Timeout, RunStatus::Crashed})
    EXPECT_EQ(runStatusFromString(toString(s)), s);
  EXPECT_EQ(toString(RunStatus::Crashed), "crashed");
  EXPECT_FALSE(runStatusFromString("OK").has_value());
}

TEST(Params, BenchmarkNameFollowsGoogleBenchmarkConvention) {
  model::Run r;
  r.workload = "kmeans";
  r.variant = "threads";
  r.params = {{"n", "1000"}, {"k", "4"}};
  r.threads = 2;
  EXPECT_EQ(formatParams(r.params), "n:1000/k:4");
  EXPECT_EQ(benchmarkName(r), "kmeans/threads/n:1000/k:4/threads:2");
  r.ranks = 4;
  EXPECT_EQ(benchmarkName(r), "kmeans/threads/n:1000/k:4/threads:2/ranks:4");
  EXPECT_EQ(findParam(r.params, "k"), "4");
  EXPECT_FALSE(findParam(r.params, "d").has_value());
}

TEST(Result, CarriesValueOrError) {
  Result<int> good = 5;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 5);
  Result<int> bad = makeError(ErrorKind::Input, "broken");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::Input);
  EXPECT_EQ(bad.error().message, "broken");
}

TEST(ResultDeathTest, ValueOfAFailureAbortsWithTheMessage) {
  Result<int> bad = makeError(ErrorKind::Input, "the reason");
  EXPECT_DEATH((void)bad.value(), "the reason");
}

TEST(CounterValue, UnsupportedIsNotZero) {
  CounterValue unsupported{"cycles", std::nullopt, 0, 0, false, "no PMU"};
  CounterValue zero{"cycles", 0.0, 1, 1, false, ""};
  EXPECT_FALSE(unsupported.supported());
  EXPECT_TRUE(zero.supported());
  EXPECT_NE(unsupported, zero);
}

}  // namespace
}  // namespace tunelab::model
