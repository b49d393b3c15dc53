#include "report_stream.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "report_common.h"
#include "tunelab/analysis/format.h"
#include "tunelab/model/params.h"
#include "tunelab/render/table.h"
#include "tunelab/store/csv.h"

namespace tunelab::render {
namespace {

using analysis::SessionReport;
using analysis::StreamCase;
using nlohmann::ordered_json;

// The parameters the section has columns of; the others that vary go to a params column.
constexpr const char* kOwnParams[] = {"query", "batch", "window_us", "rate"};

std::string micros(double us) { return analysis::formatDuration(us * 1e-6); }
std::string offered(const StreamCase& c) {
  return c.closedLoop() ? std::string("closed") : analysis::formatCount(c.offeredRate);
}
std::string wait(double us) {
  if (!std::isfinite(us)) return analysis::undefinedText();
  return us == 0 ? std::string("0") : analysis::formatMetric(us) + " µs";
}

// Whether the workload's runs share `key` (the section's header states it then).
bool shared(const SessionReport& r, const std::string& workload, const std::string& key) {
  const auto it = r.sharedParamsByWorkload.find(workload);
  const std::string& params = it != r.sharedParamsByWorkload.end() ? it->second : r.sharedParams;
  const std::string prefix = key + ":";
  for (std::size_t at = 0; at <= params.size();) {
    if (params.compare(at, prefix.size(), prefix) == 0) return true;
    const auto slash = params.find('/', at);
    if (slash == std::string::npos) break;
    at = slash + 1;
  }
  return false;
}

// Which of the optional key columns a section needs: a parameter that differs among its cases,
// or that the header does not state.
struct Columns {
  bool query = false, batch = false, wait = false, params = false;
  std::size_t keys() const { return 3 + query + batch + wait + params; }  // case, p, offered
};

std::string otherParams(const SessionReport& r, const StreamCase& c) {
  std::vector<model::Param> rest;
  for (const auto& p : c.paramValues)
    if (std::none_of(std::begin(kOwnParams), std::end(kOwnParams),
                     [&](const char* k) { return p.key == k; }))
      rest.push_back(p);
  return varyingParamsOf(r, c.workload, model::formatParams(rest));
}

Columns columnsOf(const SessionReport& r) {
  Columns cols;
  const auto& first = r.stream.front();
  for (const auto& c : r.stream) {
    cols.query = cols.query || c.query != first.query || !shared(r, c.workload, "query");
    cols.batch = cols.batch || !(c.batch == first.batch) || !shared(r, c.workload, "batch");
    cols.wait = cols.wait || !(c.windowUs == first.windowUs) || !shared(r, c.workload, "window_us");
    cols.params = cols.params || !otherParams(r, c).empty();
  }
  return cols;
}

// The row of a case; `code` wraps the case name (Markdown's backticks).
std::vector<std::string> row(const SessionReport& r, const StreamCase& c, const Columns& cols,
                             std::string (*code)(const std::string&)) {
  std::vector<std::string> out = {code(c.workload + "/" + c.variant)};
  if (cols.query) out.push_back(c.query.empty() ? analysis::undefinedText() : c.query);
  out.push_back(std::to_string(c.workers()));
  if (cols.batch) out.push_back(analysis::formatMetric(c.batch));
  if (cols.wait) out.push_back(wait(c.windowUs));
  if (cols.params) out.push_back(otherParams(r, c));
  out.push_back(offered(c));
  out.push_back(analysis::formatCount(c.eventsPerSecond) + (c.fellBehind() ? "!" : ""));
  for (double us : {c.p50Us, c.p99Us, c.p999Us, c.maxUs}) out.push_back(micros(us));
  out.push_back(std::isfinite(c.meanBatch) ? fixed(c.meanBatch, 1) : analysis::undefinedText());
  out.push_back(std::isfinite(c.allocsPerEvent) ? analysis::formatMetric(c.allocsPerEvent)
                                                : analysis::undefinedText());
  return out;
}

std::vector<std::string> headers(const Columns& cols, const char* first) {
  std::vector<std::string> out = {first};
  if (cols.query) out.push_back("query");
  out.push_back("p");
  if (cols.batch) out.push_back("batch");
  if (cols.wait) out.push_back("wait");
  if (cols.params) out.push_back("params");
  for (const char* h :
       {"offered", "events/s", "p50", "p99", "p99.9", "max", "mean batch", "allocs/ev"})
    out.push_back(h);
  return out;
}

std::string plain(const std::string& s) { return s; }
std::string backticks(const std::string& s) { return "`" + s + "`"; }

std::vector<std::string> notes(const SessionReport& r, const Columns& cols) {
  std::vector<std::string> out = {
      "offered: the open-loop arrival rate in events/s (closed: the closed loop, as fast as it "
      "goes); events/s: achieved, median over the repetitions. The runs' own metrics have the "
      "rest: events_per_cpu_s, queue_occupancy, blocked_fraction (backpressure).",
      "p50 … max: latency of the typical repetition (the one closest to the median wall time), "
      "from each event's scheduled arrival in open loop (a stall delays the events due during "
      "it), from its ingestion in closed loop.",
      std::string(cols.wait ? "wait: the dynamic batcher's longest wait for a batch to fill "
                              "(window_us); "
                            : "") +
          "mean batch: events per batch the source sent. allocs/ev: heap allocations per "
          "execution over its events (– where allocations were not tracked)."};
  if (std::any_of(r.stream.begin(), r.stream.end(), [](const StreamCase& c) { return c.fellBehind(); }))
    out.push_back(fmt::format(
        "!: achieved below {:.0f} % of the offered rate — the run fell behind, its queue grew "
        "all along, and its latency measures how long it ran rather than the system.",
        analysis::kKeptUpShare * 100));
  return out;
}

ordered_json num(double x) {
  if (!std::isfinite(x)) return nullptr;
  return x;
}

store::CsvWriter& numberOrEmpty(store::CsvWriter& w, double x) {
  return std::isfinite(x) ? w.field(x) : w.empty();
}

// The curve a case belongs to, by its run.
const analysis::StreamCurve* curveOf(const SessionReport& r, const StreamCase& c) {
  for (const auto& k : r.streamCurves)
    for (const auto& p : k.points)
      if (p.runIndex == c.runIndex) return &k;
  return nullptr;
}

}  // namespace

void printStream(std::FILE* out, const SessionReport& r, const Layout& lay) {
  if (r.stream.empty()) return;
  const Columns cols = columnsOf(r);
  std::vector<TextTable::Column> tc;
  for (const auto& h : headers(cols, "event stream"))
    tc.push_back({h, tc.empty() || h == "query" || h == "params" ? TextTable::Align::Left
                                                                  : TextTable::Align::Right});
  TextTable t(tc);
  for (const auto& c : r.stream) t.add(row(r, c, cols, plain));
  fmt::print(out, "\n{}", t.fit(lay, cols.keys()));
  for (const auto& n : notes(r, cols)) fmt::print(out, "{}", wrapText(n, lay.width, "  "));
}

std::string streamMarkdown(const SessionReport& r) {
  if (r.stream.empty()) return {};
  const Columns cols = columnsOf(r);
  const auto h = headers(cols, "case");
  std::vector<bool> right;
  for (const auto& x : h) right.push_back(!(x == "case" || x == "query" || x == "params"));
  MarkdownTable t(h, right);
  for (const auto& c : r.stream) t.add(row(r, c, cols, backticks));
  std::string out = "##### Stream\n\n" + t.str() + "\n";
  for (const auto& n : notes(r, cols)) out += n + "\n";
  return out + "\n";
}

ordered_json streamJson(const SessionReport& r) {
  ordered_json cases = ordered_json::array();
  for (const auto& c : r.stream)
    cases.push_back({{"name", c.name},
                     {"workload", c.workload},
                     {"variant", c.variant},
                     {"params", c.params},
                     {"threads", c.threads},
                     {"ranks", c.ranks},
                     {"query", c.query},
                     {"batch", num(c.batch)},
                     {"window_us", num(c.windowUs)},
                     {"offered_rate", c.offeredRate},
                     {"closed_loop", c.closedLoop()},
                     {"repetitions", c.repetitions},
                     {"events_per_s", num(c.eventsPerSecond)},
                     {"events_per_cpu_s", num(c.eventsPerCpuSecond)},
                     {"typical_repetition", c.typicalRepetition},
                     {"latency_p50_us", num(c.p50Us)},
                     {"latency_p99_us", num(c.p99Us)},
                     {"latency_p999_us", num(c.p999Us)},
                     {"latency_max_us", num(c.maxUs)},
                     {"queue_occupancy", num(c.queueOccupancy)},
                     {"blocked_fraction", num(c.blockedFraction)},
                     {"mean_batch", num(c.meanBatch)},
                     {"allocs_per_event", num(c.allocsPerEvent)},
                     {"fell_behind", c.fellBehind()}});
  ordered_json curves = ordered_json::array();
  for (const auto& k : r.streamCurves) {
    ordered_json points = ordered_json::array();
    for (const auto& p : k.points)
      points.push_back({{"offered_rate", p.offeredRate},
                        {"closed_loop", p.closedLoop},
                        {"events_per_s", num(p.eventsPerSecond)},
                        {"latency_p99_us", num(p.p99Us)},
                        {"fell_behind", p.fellBehind}});
    curves.push_back({{"label", k.label},
                      {"workload", k.workload},
                      {"variant", k.variant},
                      {"params", k.params},
                      {"threads", k.threads},
                      {"ranks", k.ranks},
                      {"points", points}});
  }
  return {{"cases", cases}, {"curves", curves}};
}

void writeStreamCsv(std::ostream& out, const SessionReport& r) {
  store::CsvWriter w(out);
  for (const char* h :
       {"session", "name", "workload", "variant", "params", "threads", "ranks", "query", "batch",
        "window_us", "offered_rate", "closed_loop", "repetitions", "events_per_s",
        "events_per_cpu_s", "typical_repetition", "latency_p50_us", "latency_p99_us",
        "latency_p999_us", "latency_max_us", "queue_occupancy", "blocked_fraction", "mean_batch",
        "fell_behind", "curve", "allocs_per_event"})
    w.field(h);
  w.endRow();
  const auto session = static_cast<long long>(r.session.id.value());
  for (const auto& c : r.stream) {
    w.field(session).field(c.name).field(c.workload).field(c.variant).field(c.params);
    w.field(c.threads).field(c.ranks).field(c.query);
    numberOrEmpty(w, c.batch);
    numberOrEmpty(w, c.windowUs);
    w.field(c.offeredRate).field(c.closedLoop() ? 1 : 0).field(static_cast<long long>(c.repetitions));
    numberOrEmpty(w, c.eventsPerSecond);
    numberOrEmpty(w, c.eventsPerCpuSecond);
    w.field(c.typicalRepetition);
    for (double x : {c.p50Us, c.p99Us, c.p999Us, c.maxUs, c.queueOccupancy, c.blockedFraction,
                     c.meanBatch})
      numberOrEmpty(w, x);
    const auto* curve = curveOf(r, c);
    w.field(c.fellBehind() ? 1 : 0).field(curve ? curve->label : std::string());
    numberOrEmpty(w, c.allocsPerEvent);
    w.endRow();
  }
}

}  // namespace tunelab::render
