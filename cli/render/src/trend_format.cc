#include "tunelab/render/trend_format.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "tunelab/analysis/format.h"
#include "tunelab/render/table.h"

namespace tunelab::render {
namespace {

using analysis::Trend;
using nlohmann::ordered_json;

std::string value(const Trend& t, double v) {
  return analysis::formatMeasure(v, t.unit, t.measure.find("(simulated)") != std::string::npos);
}

std::string percent(double ratio) {
  if (!std::isfinite(ratio)) return analysis::undefinedText();
  char buf[32];
  const double pct = (ratio - 1) * 100;
  std::snprintf(buf, sizeof buf, std::abs(pct) < 10 ? "%+.1f %%" : "%+.0f %%", pct);
  return buf;
}

std::string halfWidth(const analysis::Interval& i, double median) {
  if (!i.defined() || !(median > 0)) return analysis::undefinedText();
  return "±" + analysis::formatPercent((i.high - i.low) / 2 / median, 1);
}

// The step that begins at point i, as "↑ +13 % (+9.8 % to +16 %), 8.1 σ", or "".
std::string stepAt(const Trend& t, std::size_t i) {
  for (const auto& s : t.steps) {
    if (s.index != i) continue;
    char z[32];
    std::snprintf(z, sizeof z, "%.1f σ", s.z);
    return std::string(s.direction == analysis::Verdict::Slower ? "↑ " : "↓ ") +
           (s.kind == analysis::StepKind::Excursion ? "excursion " : "step ") + percent(s.ratio) +
           " (" + percent(s.ratioInterval.low) + " to " + percent(s.ratioInterval.high) + "), " + z;
  }
  return "";
}

std::vector<std::string> cells(const Trend& t, std::size_t i) {
  const auto& p = t.points[i];
  if (!p.ok)
    return {std::to_string(i + 1),
            p.name,
            p.revision,
            p.startedAt,
            std::to_string(p.count),
            analysis::undefinedText(),
            analysis::undefinedText(),
            analysis::undefinedText(),
            "–",
            "not fitted: " + p.reason};
  return {std::to_string(i + 1),
          p.name,
          p.revision,
          p.startedAt,
          std::to_string(p.count),
          value(t, p.median),
          halfWidth(p.interval, p.median),
          analysis::formatPercent(p.cv, 1) + (p.noisy ? " noisy" : ""),
          std::to_string(p.level + 1),
          stepAt(t, i)};
}

std::string header(const Trend& t) {
  return "trend of " + t.benchmark + " (" + t.measure + ", " + std::to_string(t.points.size()) +
         " points)";
}

}  // namespace

std::string trendTable(const Trend& t, const Style& st) {
  constexpr auto kLeft = TextTable::Align::Left;
  TextTable table({{"#"},
                   {"session", kLeft},
                   {"revision", kLeft},
                   {"started", kLeft},
                   {"reps"},
                   {"median"},
                   {"±95%"},
                   {"CV"},
                   {"level"},
                   {"change", kLeft}});
  for (std::size_t i = 0; i < t.points.size(); ++i) {
    auto row = cells(t, i);
    if (!row.back().empty() && t.points[i].ok) row.back() = st.bold(row.back());
    table.add(std::move(row));
  }
  std::string out = st.bold(header(t)) + "\n\n" + table.str() + "\n" + t.conclusion + "\n";
  return out;
}

std::string trendMarkdown(const Trend& t) {
  MarkdownTable table(
      {"#", "session", "revision", "started", "reps", "median", "±95%", "CV", "level", "change"},
      {true, false, false, false, true, true, true, true, true, false});
  for (std::size_t i = 0; i < t.points.size(); ++i) table.add(cells(t, i));
  return "**" + header(t) + "**\n\n" + t.conclusion + "\n\n" + table.str();
}

std::string trendJson(const Trend& t) {
  auto num = [](double x) -> ordered_json {
    if (!std::isfinite(x)) return nullptr;
    return x;
  };
  ordered_json j;
  j["tool"] = "tunelab trend";
  j["format_version"] = 1;
  j["benchmark"] = t.benchmark;
  j["measure"] = t.measure;
  j["unit"] = t.unit;
  j["options"] = {{"threshold", t.options.threshold},
                  {"cv_limit", t.options.cvLimit},
                  {"min_z", t.options.minZ}};
  j["between_sessions"] = num(t.betweenSessions);
  j["conclusion"] = t.conclusion;
  ordered_json points = ordered_json::array();
  for (const auto& p : t.points)
    points.push_back({{"name", p.name},
                      {"revision", p.revision},
                      {"started_at", p.startedAt},
                      {"ok", p.ok},
                      {"reason", p.reason},
                      {"count", p.count},
                      {"median", num(p.median)},
                      {"interval", {num(p.interval.low), num(p.interval.high)}},
                      {"cv", num(p.cv)},
                      {"noisy", p.noisy},
                      {"level", p.ok ? ordered_json(p.level) : ordered_json(nullptr)}});
  j["points"] = points;
  ordered_json levels = ordered_json::array();
  for (const auto& l : t.levels)
    levels.push_back({{"first", l.first},
                      {"last", l.last},
                      {"value", num(l.value)},
                      {"interval", {num(l.interval.low), num(l.interval.high)}}});
  j["levels"] = levels;
  ordered_json steps = ordered_json::array();
  for (const auto& s : t.steps)
    steps.push_back({{"index", s.index},
                     {"name", t.points[s.index].name},
                     {"ratio", num(s.ratio)},
                     {"interval", {num(s.ratioInterval.low), num(s.ratioInterval.high)}},
                     {"z", num(s.z)},
                     {"kind", analysis::stepKindName(s.kind)},
                     {"direction", s.direction == analysis::Verdict::Slower ? "up" : "down"}});
  j["steps"] = steps;
  return j.dump(2) + "\n";
}

}  // namespace tunelab::render
