// The HTML page every HTML output is made of: the Markdown this project writes, as elements.
#include "tunelab/render/html.h"

#include <gtest/gtest.h>

namespace tunelab::render {
namespace {

const char* const kMarkdown = R"(### tunelab session 3 “ci”

complete · rev `abc`

#### kmeans

Parameters of every run: `n:1000`

| case | p | time |
|---|---:|---:|
| `kmeans/threads` | 2 | 1.0 ms |
| <script>alert(1)</script> a \| b | 1 | – |

- ⚠️ kmeans/threads p=2: **efficiency** 120%

#### alloc

> thresholds in words
)";

TEST(Html, TheMarkdownsSectionsTablesAndListsBecomeElementsEscaped) {
  const auto page = htmlPage("t", kMarkdown, {{"kmeans", "<?xml version=\"1.0\"?>\n<svg id=\"k\"></svg>"}},
                             {"No chart of alloc: no series."});
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("<meta name=\"viewport\""), std::string::npos);
  EXPECT_NE(page.find("<h1>tunelab session 3 “ci”</h1>"), std::string::npos) << page;
  EXPECT_NE(page.find("<h2 id=\"w-kmeans\">kmeans</h2>"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"#w-alloc\">alloc</a>"), std::string::npos) << "a nav link per section";
  // The chart under its own section, its XML prolog dropped.
  const auto chart = page.find("<figure><svg id=\"k\">");
  ASSERT_NE(chart, std::string::npos) << page;
  EXPECT_GT(chart, page.find("<h2 id=\"w-kmeans\">"));
  EXPECT_LT(chart, page.find("<h2 id=\"w-alloc\">"));
  EXPECT_EQ(page.find("<?xml"), std::string::npos);
  EXPECT_NE(page.find("No chart of alloc: no series."), std::string::npos);
  // Numbers right-aligned, as the Markdown's ---: says; cells escaped, \| a literal bar.
  EXPECT_NE(page.find("<th class=\"n\">time</th>"), std::string::npos);
  EXPECT_NE(page.find("<td><code>kmeans/threads</code></td><td class=\"n\">2</td>"), std::string::npos)
      << page;
  EXPECT_EQ(page.find("<script>"), std::string::npos) << "a cell cannot inject markup";
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt; a | b"), std::string::npos);
  // An emoji is drawn as a mark every machine has a font for; bold and quotes pass.
  EXPECT_EQ(page.find("⚠️"), std::string::npos);
  EXPECT_NE(page.find("<li><span class=\"mark warn\" title=\"caveat\">!</span> kmeans/threads p=2: "
                      "<strong>efficiency</strong> 120%</li>"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("<blockquote>thresholds in words</blockquote>"), std::string::npos);
  EXPECT_EQ(page.find("http://"), std::string::npos) << "nothing to fetch";
}

TEST(Html, AChartOfASectionGoesUnderItsHeadingInItsWorkload) {
  const char* const markdown = R"(### tunelab session 4

#### kmeans

##### Stream

| case | p |
|---|---:|

#### stream

| case | p |
|---|---:|
| `stream/optimized` | 1 |

##### Stream

| case | offered |
|---|---:|
| `stream/optimized` | 20.0 k |
)";
  const auto page = htmlPage("t", markdown,
                             {{"stream", "<svg id=\"score\"></svg>", "Stream"},
                              {"stream", "<svg id=\"passthrough\"></svg>", "Stream"},
                              {"stream", "<svg id=\"scaling\"></svg>"}});
  const auto section = page.find("<h2 id=\"w-stream\">");
  const auto heading = page.find("<h3>Stream</h3>", section);
  ASSERT_NE(heading, std::string::npos) << page;
  // The workload's own chart right under its heading; the stream charts under the Stream
  // heading of that workload (not kmeans'), in their order, before its table.
  EXPECT_GT(page.find("<svg id=\"scaling\">"), section);
  EXPECT_LT(page.find("<svg id=\"scaling\">"), heading);
  EXPECT_GT(page.find("<svg id=\"score\">"), heading);
  EXPECT_GT(page.find("<svg id=\"passthrough\">"), page.find("<svg id=\"score\">"));
  EXPECT_LT(page.find("<svg id=\"passthrough\">"), page.find("<table>", heading));
  EXPECT_EQ(page.find("<svg id=\"score\">", page.find("<svg id=\"score\">") + 1), std::string::npos)
      << "once";
}

TEST(Html, APageWithoutATitleHeadingGetsOne) {
  const auto page = htmlPage("tunelab compare", "**2 regressions** — 5 compared\n");
  EXPECT_NE(page.find("<h1>tunelab compare</h1>"), std::string::npos);
  EXPECT_NE(page.find("<p><strong>2 regressions</strong> — 5 compared</p>"), std::string::npos);
  EXPECT_EQ(page.find("<nav>"), std::string::npos);
}

}  // namespace
}  // namespace tunelab::render
