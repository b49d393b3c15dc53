#include <gtest/gtest.h>

#include <sstream>

#include "tunelab/store/csv.h"
#include "tunelab/store/export.h"

namespace tunelab::store {
namespace {

TEST(Csv, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(csvField("plain"), "plain");
  EXPECT_EQ(csvField("a,b"), "\"a,b\"");
  EXPECT_EQ(csvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csvField(""), "");
}

TEST(Csv, NumbersReadBackExactly) {
  std::ostringstream out;
  CsvWriter w(out);
  w.field(0.1).field(1e-9).field(123456789.0).field(static_cast<long long>(-7)).empty().field("x");
  w.endRow();
  EXPECT_EQ(out.str(), "0.1,1e-09,123456789,-7,,x\n");
}

model::Run sampleRun() {
  model::Run r;
  r.id = model::RunId{7};
  r.workload = "kmeans";
  r.variant = "serial";
  r.name = "kmeans/serial/n:10/threads:1";
  r.params = {{"n", "10"}};
  model::Sample s;
  s.repetition = 0;
  s.iterations = 3;
  s.wallSeconds = 0.5;
  s.cpuSeconds = 0.25;
  s.metrics = {{"inertia", 2.5, ""}};
  s.counters = {{"cycles", std::nullopt, 0, 0, false, "no PMU, sorry"}};
  r.samples = {s};
  return r;
}

// The headers are an interface (docs/SCHEMA.md): this test changes only when columns are
// appended.
TEST(Export, SamplesViewHasTheDocumentedColumns) {
  model::Session session;
  session.id = model::SessionId{4};
  std::ostringstream out;
  writeCsv(out, CsvView::Samples, session, {sampleRun()});
  EXPECT_EQ(out.str(),
            "session,run,name,workload,variant,params,threads,ranks,status,repetition,iterations,"
            "wall_s,cpu_s,reason\n"
            "4,7,kmeans/serial/n:10/threads:1,kmeans,serial,n:10,1,1,ok,0,3,0.5,0.25,\n");
}

TEST(Export, MetricsAndCountersViewsAreLongFormat) {
  model::Session session;
  session.id = model::SessionId{4};
  std::ostringstream metrics, counters;
  writeCsv(metrics, CsvView::Metrics, session, {sampleRun()});
  writeCsv(counters, CsvView::Counters, session, {sampleRun()});
  EXPECT_EQ(metrics.str(),
            "session,run,name,workload,variant,params,threads,ranks,status,repetition,metric,value,unit\n"
            "4,7,kmeans/serial/n:10/threads:1,kmeans,serial,n:10,1,1,ok,0,inertia,2.5,\n");
  // Unsupported: an empty value and supported=0, never 0.
  EXPECT_EQ(counters.str(),
            "session,run,name,workload,variant,params,threads,ranks,status,repetition,event,value,"
            "supported,time_enabled_ns,time_running_ns,simulated,reason\n"
            "4,7,kmeans/serial/n:10/threads:1,kmeans,serial,n:10,1,1,ok,0,cycles,,0,0,0,0,"
            "\"no PMU, sorry\"\n");
}

TEST(Export, FailedRunWithoutSamplesStillAppears) {
  model::Session session;
  session.id = model::SessionId{1};
  model::Run r;
  r.id = model::RunId{2};
  r.workload = "kmeans";
  r.variant = "serial";
  r.name = "kmeans/serial/threads:1";
  r.status = model::RunStatus::Failed;
  r.reason = "k > n";
  std::ostringstream out;
  writeCsv(out, CsvView::Samples, session, {r});
  EXPECT_NE(out.str().find("kmeans/serial/threads:1,kmeans,serial,,1,1,failed,0,,,,k > n\n"),
            std::string::npos)
      << out.str();
}

// A run's setup regions are rows of the run as a whole: the repetition column stays empty.
TEST(Export, SetupRegionsViewHasARowPerRunAndRegion) {
  model::Session session;
  session.id = model::SessionId{4};
  auto r = sampleRun();
  r.setupRegions = {{"train", 1.5, 1, {}}, {"encode", 0.25, 2, {}}};
  std::ostringstream out;
  writeCsv(out, CsvView::SetupRegions, session, {r});
  EXPECT_EQ(out.str(),
            "session,run,name,workload,variant,params,threads,ranks,status,repetition,region,"
            "seconds,entries\n"
            "4,7,kmeans/serial/n:10/threads:1,kmeans,serial,n:10,1,1,ok,,train,1.5,1\n"
            "4,7,kmeans/serial/n:10/threads:1,kmeans,serial,n:10,1,1,ok,,encode,0.25,2\n");
  CsvView v{};
  EXPECT_TRUE(csvViewFromString("setup-regions", v));
  EXPECT_EQ(v, CsvView::SetupRegions);
}

TEST(Export, ViewNamesResolve) {
  CsvView v{};
  EXPECT_TRUE(csvViewFromString("metrics", v));
  EXPECT_EQ(v, CsvView::Metrics);
  EXPECT_FALSE(csvViewFromString("scaling", v));
}

}  // namespace
}  // namespace tunelab::store
