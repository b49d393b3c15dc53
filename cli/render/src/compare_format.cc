#include "tunelab/render/compare_format.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "tunelab/analysis/format.h"
#include "tunelab/render/table.h"

namespace tunelab::render {
namespace {

using analysis::BenchmarkComparison;
using analysis::BenchmarkStatus;
using analysis::Comparison;
using analysis::MeasureResult;
using analysis::Verdict;

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string interval(const analysis::Interval& i, const char* open = "[", const char* sep = ", ",
                     const char* close = "]") {
  if (!i.defined()) return analysis::undefinedText();
  return open + analysis::formatChangeRatio(i.low) + sep + analysis::formatChangeRatio(i.high) +
         close;
}

std::string value(const MeasureResult& m, double v) {
  return analysis::formatMeasure(v, m.unit, m.noise == analysis::NoiseModel::Deterministic);
}

std::string pValue(const MeasureResult& m) {
  if (m.result.deterministic) return "exact";
  return analysis::formatPValue(m.result.pValue);
}

std::string moved(const BenchmarkComparison& b) {
  std::string out;
  for (const auto& m : b.explanation)
    out += (out.empty() ? "" : ", ") + analysis::describeMovement(m);
  if (out.empty() && b.primary.result.verdict == Verdict::Slower &&
      b.status == BenchmarkStatus::Compared) {
    const bool anyOther =
        std::any_of(b.secondary.begin(), b.secondary.end(),
                    [](const MeasureResult& m) { return m.noise != analysis::NoiseModel::Timing; });
    out = anyOther ? "no counter or allocation moved beyond its threshold"
                   : "no counters or allocations recorded to explain it";
  }
  return out;
}

std::string sideText(const analysis::SideInfo& s) {
  std::string out = s.source;
  std::vector<std::string> extra;
  if (!s.label.empty() && s.label != s.source) extra.push_back("label " + s.label);
  if (!s.gitRevision.empty() && s.gitRevision != "unavailable")
    extra.push_back("rev " + s.gitRevision);
  if (!s.startedAt.empty()) extra.push_back(s.startedAt);
  if (!extra.empty()) {
    out += " (";
    for (std::size_t i = 0; i < extra.size(); ++i) out += (i ? ", " : "") + extra[i];
    out += ")";
  }
  return out;
}

bool anyPrimaryOtherThanTime(const Comparison& c) {
  for (const auto& b : c.benchmarks)
    if (b.status == BenchmarkStatus::Compared && b.primary.measure != "time") return true;
  return false;
}

std::string xmlEscape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 forbids most control characters even escaped; they carry nothing here.
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\n' && ch != '\t' && ch != '\r')
          out += ' ';
        else
          out += ch;
    }
  }
  return out;
}

// The sentence a JUnit failure or a Markdown row gives for one benchmark.
std::string detail(const BenchmarkComparison& b) {
  if (b.status == BenchmarkStatus::FailedInCandidate)
    return "the candidate's run failed: " + b.reason;
  if (b.status == BenchmarkStatus::FailedInBaseline)
    return "the baseline's run failed: " + b.reason;
  if (b.status == BenchmarkStatus::OnlyInBaseline)
    return "not in the candidate (removed or renamed)";
  if (b.status == BenchmarkStatus::OnlyInCandidate) return "new in the candidate";
  const auto& m = b.primary;
  std::string out = std::string(analysis::verdictName(m.result.verdict)) + ": " + m.measure + " " +
                    value(m, m.result.baselineMedian) + " → " + value(m, m.result.candidateMedian) +
                    ", ratio " + analysis::formatChangeRatio(m.result.ratio) +
                    (m.result.ratioInterval.defined()
                         ? " (95 % interval " + interval(m.result.ratioInterval, "", " to ", "") + ")"
                         : std::string()) +
                    ", p = " + pValue(m);
  const auto why = moved(b);
  if (!why.empty()) out += "; " + why;
  return out;
}

nlohmann::ordered_json number(double x) {
  if (!std::isfinite(x)) return nullptr;
  return x;
}

nlohmann::ordered_json measureJson(const MeasureResult& m) {
  const auto& r = m.result;
  return {{"measure", m.measure},
          {"unit", m.unit},
          {"noise_model", analysis::noiseModelName(m.noise)},
          {"threshold", m.threshold},
          {"baseline_median", number(r.baselineMedian)},
          {"candidate_median", number(r.candidateMedian)},
          {"baseline_count", r.baselineCount},
          {"candidate_count", r.candidateCount},
          {"ratio", number(r.ratio)},
          {"ratio_interval", {number(r.ratioInterval.low), number(r.ratioInterval.high)}},
          {"p_value", number(r.pValue)},
          {"exact_test", r.exactTest},
          {"deterministic", r.deterministic},
          {"smallest_possible_p", number(r.smallestPossibleP)},
          {"verdict", analysis::verdictName(r.verdict)}};
}

nlohmann::ordered_json sideJson(const analysis::SideInfo& s) {
  return {{"source", s.source},
          {"label", s.label},
          {"git_revision", s.gitRevision},
          {"started_at", s.startedAt},
          {"host", s.host}};
}

const char* measureOption(analysis::PrimaryMeasure m) {
  switch (m) {
    case analysis::PrimaryMeasure::Auto:
      return "auto";
    case analysis::PrimaryMeasure::WallTime:
      return "time";
    case analysis::PrimaryMeasure::CpuTime:
      return "cpu";
    case analysis::PrimaryMeasure::Instructions:
      return "instructions";
  }
  return "auto";
}

}  // namespace

std::string_view benchmarkVerdictWord(const BenchmarkComparison& b) {
  switch (b.status) {
    case BenchmarkStatus::Compared:
      return analysis::verdictName(b.primary.result.verdict);
    case BenchmarkStatus::FailedInCandidate:
      return "failed";
    case BenchmarkStatus::FailedInBaseline:
      return "no baseline";
    case BenchmarkStatus::OnlyInBaseline:
      return "removed";
    case BenchmarkStatus::OnlyInCandidate:
      return "new";
  }
  return "?";
}

std::string compareHeadline(const Comparison& c) {
  const auto& s = c.summary;
  std::string out;
  if (c.hasRegression()) out = plural(s.regressions, "regression", "regressions");
  if (c.hasUndecided()) {
    const std::string scope =
        s.undecided == s.compared ? "" : " for " + std::to_string(s.undecided) + " of " +
                                             plural(s.compared, "benchmark", "benchmarks");
    out += (out.empty() ? "cannot tell" : "; cannot tell") + scope + ": " + s.undecidedReason;
  }
  if (!out.empty()) return out;
  if (s.noisy > 0)
    return "no regression found, but " + std::to_string(s.noisy) + " of " +
           plural(s.compared, "benchmark is", "benchmarks are") +
           " too noisy to rule one out";
  return "no regression";
}

std::string compareSummaryLine(const Comparison& c) {
  const auto& s = c.summary;
  std::vector<std::string> parts;
  if (s.failedInCandidate) parts.push_back(std::to_string(s.failedInCandidate) + " failed");
  if (s.undecided) parts.push_back(std::to_string(s.undecided) + " undecided");
  parts.push_back(std::to_string(s.slower) + " slower");
  parts.push_back(std::to_string(s.faster) + " faster");
  parts.push_back(std::to_string(s.unchanged) + " unchanged");
  parts.push_back(std::to_string(s.noisy) + " noisy");
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  out += " of " + plural(s.compared, "benchmark compared", "benchmarks compared");
  std::vector<std::string> others;
  if (s.onlyInBaseline) others.push_back(std::to_string(s.onlyInBaseline) + " removed");
  if (s.onlyInCandidate) others.push_back(std::to_string(s.onlyInCandidate) + " new");
  if (s.failedInBaseline)
    others.push_back(std::to_string(s.failedInBaseline) + " without a baseline");
  if (!others.empty()) {
    out += " (";
    for (std::size_t i = 0; i < others.size(); ++i) out += (i ? ", " : "") + others[i];
    out += ")";
  }
  for (const auto& g : s.geometricMeans)
    out +=
        " · " + g.measure + ": geometric mean " + analysis::formatChangeRatio(g.ratio) +
        (g.interval.defined() ? " (95 % interval " + interval(g.interval, "", "–", "") + ")" : "");
  return out;
}

std::string compareTable(const Comparison& c, const Style& st) {
  std::string out =
      "baseline  " + sideText(c.baseline) + "\ncandidate " + sideText(c.candidate) + "\n";
  std::string summary = compareSummaryLine(c);
  out += (c.hasRegression() ? st.red(st.bold(summary)) : st.bold(summary)) + "\n";
  if (c.hasUndecided()) out += st.yellow("cannot tell: " + c.summary.undecidedReason) + "\n";
  out += "\n";
  const bool measureColumn = anyPrimaryOtherThanTime(c);
  std::vector<TextTable::Column> cols = {{"benchmark", TextTable::Align::Left}};
  if (measureColumn) cols.push_back({"measure", TextTable::Align::Left});
  for (const char* h : {"baseline", "candidate", "ratio", "95 % interval", "p"})
    cols.push_back({h});
  cols.push_back({"verdict", TextTable::Align::Left});
  cols.push_back({"what moved most", TextTable::Align::Left});
  TextTable t(cols);
  for (std::size_t i : analysis::reportOrder(c)) {
    const auto& b = c.benchmarks[i];
    std::vector<std::string> row = {b.name};
    const std::string word(benchmarkVerdictWord(b));
    if (b.status != BenchmarkStatus::Compared) {
      if (measureColumn) row.push_back("");
      for (int k = 0; k < 5; ++k) row.push_back(analysis::undefinedText());
      row.push_back(b.status == BenchmarkStatus::FailedInCandidate ? st.red(word) : st.dim(word));
      row.push_back(b.reason);
      t.add(std::move(row));
      continue;
    }
    const auto& m = b.primary;
    if (measureColumn) row.push_back(m.measure);
    row.push_back(value(m, m.result.baselineMedian));
    row.push_back(value(m, m.result.candidateMedian));
    row.push_back(analysis::formatChangeRatio(m.result.ratio));
    row.push_back(interval(m.result.ratioInterval));
    row.push_back(pValue(m));
    switch (m.result.verdict) {
      case Verdict::Slower:
        row.push_back(st.red(word));
        break;
      case Verdict::Faster:
        row.push_back(st.green(word));
        break;
      case Verdict::Noisy:
      case Verdict::Undecided:
        row.push_back(st.yellow(word));
        break;
      case Verdict::Unchanged:
        row.push_back(word);
        break;
    }
    row.push_back(moved(b));
    t.add(std::move(row));
  }
  out += t.str() + "\n";
  for (const auto& s : c.thresholdText) out += s + "\n";
  for (const auto& n : c.notes) out += "note: " + n + "\n";
  return out;
}

std::string compareMarkdown(const Comparison& c) {
  std::string out = "**tunelab compare: " + compareHeadline(c) + "** — " + compareSummaryLine(c) + "\n\n";
  out += "Baseline `" + sideText(c.baseline) + "` · candidate `" + sideText(c.candidate) + "`\n\n";
  const bool measureColumn = anyPrimaryOtherThanTime(c);
  std::vector<std::string> headers = {"", "benchmark"};
  std::vector<bool> right = {false, false};
  if (measureColumn) {
    headers.push_back("measure");
    right.push_back(false);
  }
  for (const char* h : {"baseline", "candidate", "ratio (95 % interval)", "p"}) {
    headers.push_back(h);
    right.push_back(true);
  }
  headers.push_back("verdict");
  right.push_back(false);
  headers.push_back("what moved most");
  right.push_back(false);
  MarkdownTable shown(headers, right), folded(headers, right);
  std::size_t foldedCount = 0;
  for (std::size_t i : analysis::reportOrder(c)) {
    const auto& b = c.benchmarks[i];
    const std::string word(benchmarkVerdictWord(b));
    std::string mark = "";
    std::vector<std::string> row;
    if (b.status != BenchmarkStatus::Compared) {
      mark = b.status == BenchmarkStatus::FailedInCandidate ? "❌" : "➖";
      row = {mark, "`" + b.name + "`"};
      if (measureColumn) row.push_back("");
      for (int k = 0; k < 4; ++k) row.push_back(analysis::undefinedText());
      row.push_back(b.status == BenchmarkStatus::FailedInCandidate ? "**" + word + "**" : word);
      row.push_back(b.reason);
      shown.add(std::move(row));
      continue;
    }
    const auto& m = b.primary;
    const auto v = m.result.verdict;
    mark = v == Verdict::Slower   ? "🔴"
           : v == Verdict::Faster ? "🟢"
           : v == Verdict::Noisy  ? "🟡"
           : v == Verdict::Undecided ? "❔"
                                  : "⚪";
    row = {mark, "`" + b.name + "`"};
    if (measureColumn) row.push_back(m.measure);
    row.push_back(value(m, m.result.baselineMedian));
    row.push_back(value(m, m.result.candidateMedian));
    row.push_back(analysis::formatChangeRatio(m.result.ratio) + " (" +
                  interval(m.result.ratioInterval, "", "–", "") + ")");
    row.push_back(pValue(m));
    row.push_back(v == Verdict::Slower ? "**slower**" : word);
    row.push_back(moved(b));
    if (v == Verdict::Unchanged) {
      folded.add(std::move(row));
      ++foldedCount;
    } else {
      shown.add(std::move(row));
    }
  }
  if (!shown.empty()) out += shown.str() + "\n";
  if (foldedCount > 0)
    out += "<details><summary>" +
           plural(foldedCount, "unchanged benchmark", "unchanged benchmarks") + "</summary>\n\n" +
           folded.str() + "\n</details>\n\n";
  for (const auto& s : c.thresholdText) out += "> " + s + "\n";
  if (!c.notes.empty()) {
    out += "\n";
    for (const auto& n : c.notes) out += "- " + n + "\n";
  }
  return out;
}

std::string compareJUnit(const Comparison& c) {
  std::size_t failures = 0, skipped = 0, errors = 0;
  auto undecided = [](const BenchmarkComparison& b) {
    return b.status == BenchmarkStatus::Compared && b.primary.result.verdict == Verdict::Undecided;
  };
  for (const auto& b : c.benchmarks) {
    failures += b.regression();
    skipped += b.status == BenchmarkStatus::OnlyInBaseline ||
               b.status == BenchmarkStatus::FailedInBaseline ||
               (undecided(b) && c.options.allowUndecided);
    errors += undecided(b) && !c.options.allowUndecided;
  }
  const std::string suite = "tunelab compare " + c.baseline.source + " → " + c.candidate.source;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"tunelab compare\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
      "skipped=\"{}\">\n",
      c.benchmarks.size(), failures, errors, skipped);
  out += fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
      xmlEscape(suite), c.benchmarks.size(), failures, errors, skipped);
  out += "    <properties>\n";
  auto property = [&](const std::string& name, const std::string& v) {
    out += "      <property name=\"" + xmlEscape(name) + "\" value=\"" + xmlEscape(v) + "\"/>\n";
  };
  property("baseline", sideText(c.baseline));
  property("candidate", sideText(c.candidate));
  property("threshold", fmt::format("{}", c.options.threshold));
  property("count_threshold", fmt::format("{}", c.options.countThreshold));
  property("alpha", fmt::format("{}", c.options.alpha));
  property("summary", compareSummaryLine(c));
  out += "    </properties>\n";
  for (const auto& b : c.benchmarks) {
    const std::string classname = b.name.substr(0, b.name.find('/'));
    double seconds = 0;  // the candidate's median time per execution: how long the "test" took
    if (b.status == BenchmarkStatus::Compared) {
      if (b.primary.measure == "time") seconds = b.primary.result.candidateMedian;
      for (const auto& m : b.secondary)
        if (m.measure == "time") seconds = m.result.candidateMedian;
    }
    out +=
        fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{:.9f}\"", xmlEscape(b.name),
                    xmlEscape(classname), std::isfinite(seconds) ? seconds : 0.0);
    const std::string text = xmlEscape(detail(b));
    if (b.regression()) {
      const char* type = b.status == BenchmarkStatus::FailedInCandidate ? "failed" : "slower";
      out += ">\n      <failure message=\"" + text + "\" type=\"" + type + "\">" + text +
             "</failure>\n";
      out += "    </testcase>\n";
    } else if (undecided(b) && !c.options.allowUndecided) {
      // Neither a pass nor a regression: an error of its own kind, so a CI gate cannot take
      // "the data could not tell" for "no regression".
      const std::string why = xmlEscape(
          "cannot tell: " + analysis::undecidedReason(b.primary.result.baselineCount,
                                                      b.primary.result.candidateCount, c.options.alpha));
      out += ">\n      <error message=\"" + why + "\" type=\"undecided\">" + text + "</error>\n";
      out += "    </testcase>\n";
    } else if (b.status == BenchmarkStatus::OnlyInBaseline ||
               b.status == BenchmarkStatus::FailedInBaseline || undecided(b)) {
      out += ">\n      <skipped message=\"" + text + "\"/>\n    </testcase>\n";
    } else {
      out += ">\n      <system-out>" + text + "</system-out>\n    </testcase>\n";
    }
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

std::string compareJson(const Comparison& c) {
  nlohmann::ordered_json j;
  j["tool"] = "tunelab compare";
  j["format_version"] = 1;
  j["baseline"] = sideJson(c.baseline);
  j["candidate"] = sideJson(c.candidate);
  nlohmann::ordered_json ignore = nlohmann::ordered_json::array();
  for (const auto& p : c.options.ignoreParams) ignore.push_back(p);
  j["options"] = {{"threshold", c.options.threshold}, {"count_threshold", c.options.countThreshold},
                  {"alpha", c.options.alpha},         {"confidence", c.options.confidence},
                  {"resamples", c.options.resamples}, {"measure", measureOption(c.options.primary)},
                  {"ignore_params", ignore},          {"allow_undecided", c.options.allowUndecided}};
  const auto& s = c.summary;
  nlohmann::ordered_json geo = nlohmann::ordered_json::array();
  for (const auto& g : s.geometricMeans)
    geo.push_back({{"measure", g.measure},
                   {"benchmarks", g.benchmarks},
                   {"ratio", number(g.ratio)},
                   {"interval", {number(g.interval.low), number(g.interval.high)}}});
  j["summary"] = {{"headline", compareHeadline(c)},
                  {"line", compareSummaryLine(c)},
                  {"compared", s.compared},
                  {"slower", s.slower},
                  {"faster", s.faster},
                  {"unchanged", s.unchanged},
                  {"noisy", s.noisy},
                  {"undecided", s.undecided},
                  {"undecided_reason", s.undecidedReason},
                  {"only_in_baseline", s.onlyInBaseline},
                  {"only_in_candidate", s.onlyInCandidate},
                  {"failed_in_candidate", s.failedInCandidate},
                  {"failed_in_baseline", s.failedInBaseline},
                  {"regressions", s.regressions},
                  {"geometric_means", geo}};
  j["threshold_text"] = c.thresholdText;
  j["notes"] = c.notes;
  nlohmann::ordered_json benchmarks = nlohmann::ordered_json::array();
  for (const auto& b : c.benchmarks) {
    nlohmann::ordered_json bj;
    bj["name"] = b.name;
    bj["status"] = analysis::benchmarkStatusName(b.status);
    bj["verdict"] = benchmarkVerdictWord(b);
    bj["regression"] = b.regression();
    bj["reason"] = b.reason;
    if (b.status == BenchmarkStatus::Compared) {
      bj["primary"] = measureJson(b.primary);
      nlohmann::ordered_json sec = nlohmann::ordered_json::array();
      for (const auto& m : b.secondary) sec.push_back(measureJson(m));
      bj["secondary"] = sec;
      nlohmann::ordered_json ex = nlohmann::ordered_json::array();
      for (const auto& m : b.explanation)
        ex.push_back({{"measure", m.measure},
                      {"ratio", number(m.ratio)},
                      {"verdict", analysis::verdictName(m.verdict)},
                      {"text", analysis::describeMovement(m)}});
      bj["explanation"] = ex;
    }
    benchmarks.push_back(std::move(bj));
  }
  j["benchmarks"] = benchmarks;
  return j.dump(2) + "\n";
}

}  // namespace tunelab::render
