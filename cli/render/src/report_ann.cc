#include "report_ann.h"

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

using analysis::AnnCase;
using analysis::SessionReport;
using nlohmann::ordered_json;

constexpr const char* kFrontMark = "◆";

// The cases of one table: one data set of one workload (every worker count).
struct Table {
  std::string workload;
  std::string data;
  std::vector<const AnnCase*> cases;
  std::vector<std::string> knobs;  // the knobs whose value differs among the cases
};

std::vector<Table> tablesOf(const SessionReport& r) {
  std::vector<Table> out;
  for (const auto& c : r.annCases) {
    auto it = std::find_if(out.begin(), out.end(), [&](const Table& t) {
      return t.workload == c.workload && t.data == c.data;
    });
    if (it == out.end()) {
      out.push_back({c.workload, c.data, {}, {}});
      it = std::prev(out.end());
    }
    it->cases.push_back(&c);
  }
  for (auto& t : out) {
    const AnnCase& first = *t.cases.front();
    for (const auto* c : t.cases) {
      for (const auto& k : c->knobs) {
        if (std::find(t.knobs.begin(), t.knobs.end(), k.key) != t.knobs.end()) continue;
        if (std::any_of(t.cases.begin(), t.cases.end(), [&](const AnnCase* o) {
              return model::findParam(o->knobs, k.key) != model::findParam(first.knobs, k.key);
            }))
          t.knobs.push_back(k.key);
      }
    }
  }
  return out;
}

// "n:10000/nq:200": the data parameters the section's header does not state already.
std::string dataTitle(const SessionReport& r, const Table& t) {
  return varyingParamsOf(r, t.workload, t.data);
}

std::string recall(double x) { return fixed(x, 3); }
std::string count(double x) {
  return std::isfinite(x) ? analysis::formatCount(x) : analysis::undefinedText();
}
std::string seconds(double s) {
  if (!std::isfinite(s)) return analysis::undefinedText();
  return s == 0 ? std::string("0") : analysis::formatDuration(s);
}
// Bytes per vector: whole bytes from 100 up ("269"), a tenth below ("8.0", "12.8").
std::string bytes(double x) { return fixed(x, std::isfinite(x) && x >= 100 ? 0 : 1); }

std::vector<std::string> headers(const Table& t, const std::string& first) {
  std::vector<std::string> out = {first};
  out.push_back("p");
  for (const auto& k : t.knobs) out.push_back(k);
  for (const char* h : {"recall@1", "recall@k", "q/s", "ms/query", "B/vector", "build", "front"})
    out.push_back(h);
  return out;
}

std::vector<std::string> row(const Table& t, const AnnCase& c,
                             std::string (*code)(const std::string&)) {
  std::vector<std::string> out = {code(c.variant)};
  out.push_back(std::to_string(c.workers()));
  for (const auto& k : t.knobs)
    out.push_back(model::findParam(c.knobs, k).value_or(analysis::undefinedText()));
  out.push_back(recall(c.recallAt1));
  out.push_back(recall(c.recallAtK));
  out.push_back(count(c.qps));
  out.push_back(std::isfinite(c.msPerQuery) ? analysis::formatDuration(c.msPerQuery * 1e-3)
                                            : analysis::undefinedText());
  out.push_back(bytes(c.bytesPerVector));
  out.push_back(seconds(c.trainSeconds + c.encodeSeconds));
  out.push_back(c.pareto ? kFrontMark : "");
  return out;
}

std::string plain(const std::string& s) { return s; }
std::string backticks(const std::string& s) { return "`" + s + "`"; }

std::vector<std::string> notes(const SessionReport& r) {
  const bool threads = std::any_of(r.annCases.begin(), r.annCases.end(),
                                   [](const AnnCase& c) { return c.workers() > 1; });
  return {
      "recall@1, recall@k: the share of the exact nearest neighbours found (of the first; of the "
      "k nearest among the k returned); q/s: queries per second and ms/query its time per "
      "query (with p threads, wall time); B/vector: the index's memory per base vector; build: "
      "training the quantizers and adding the base vectors (hnsw: linking its graph). Medians "
      "over the repetitions.",
      std::string(kFrontMark) +
          " front: no other case on the same data" + (threads ? " and worker count" : "") +
          " has at least its recall@k and its q/s, one of them higher — the cases worth "
          "choosing from. Sorted by recall@k, then q/s: down the table, what each step of "
          "recall gives up in speed."};
}

ordered_json num(double x) {
  if (!std::isfinite(x)) return nullptr;
  return x;
}

store::CsvWriter& numberOrEmpty(store::CsvWriter& w, double x) {
  return std::isfinite(x) ? w.field(x) : w.empty();
}

}  // namespace

void printAnn(std::FILE* out, const SessionReport& r, const Layout& lay) {
  if (r.annCases.empty()) return;
  const auto tables = tablesOf(r);
  for (const auto& t : tables) {
    std::vector<TextTable::Column> tc;
    for (const auto& h : headers(t, "ANN"))
      tc.push_back({h, tc.empty() ? TextTable::Align::Left : TextTable::Align::Right});
    tc.back().align = TextTable::Align::Left;  // the front mark
    TextTable table(tc);
    for (const auto* c : t.cases) table.add(row(t, *c, plain));
    const std::string title = dataTitle(r, t);
    if (tables.size() > 1 && !title.empty()) fmt::print(out, "\nANN on {}", title);
    fmt::print(out, "\n{}", table.fit(lay, 2 + t.knobs.size()));
  }
  for (const auto& n : notes(r)) fmt::print(out, "{}", wrapText(n, lay.width, "  "));
}

std::string annMarkdown(const SessionReport& r) {
  if (r.annCases.empty()) return {};
  std::string out = "##### ANN\n\n";
  const auto tables = tablesOf(r);
  for (const auto& t : tables) {
    const auto h = headers(t, "variant");
    std::vector<bool> right;
    for (const auto& x : h) right.push_back(!(x == "variant" || x == "front"));
    MarkdownTable table(h, right);
    for (const auto* c : t.cases) table.add(row(t, *c, backticks));
    const std::string title = dataTitle(r, t);
    if (tables.size() > 1 && !title.empty()) out += "Data: " + backticks(title) + "\n\n";
    out += table.str() + "\n";
  }
  // Each note a paragraph of its own.
  for (const auto& n : notes(r)) out += n + "\n\n";
  return out;
}

ordered_json annJson(const SessionReport& r) {
  ordered_json cases = ordered_json::array();
  for (const auto& c : r.annCases)
    cases.push_back({{"name", c.name},
                     {"workload", c.workload},
                     {"variant", c.variant},
                     {"params", c.params},
                     {"threads", c.threads},
                     {"ranks", c.ranks},
                     {"data", c.data},
                     {"knobs", model::formatParams(c.knobs)},
                     {"repetitions", c.repetitions},
                     {"recall_at_1", num(c.recallAt1)},
                     {"recall_at_k", num(c.recallAtK)},
                     {"qps", num(c.qps)},
                     {"qps_per_core", num(c.qpsPerCore)},
                     {"ms_per_query", num(c.msPerQuery)},
                     {"bytes_per_vector", num(c.bytesPerVector)},
                     {"train_seconds", num(c.trainSeconds)},
                     {"encode_seconds", num(c.encodeSeconds)},
                     {"distance_evaluations", num(c.distanceEvaluations)},
                     {"pareto", c.pareto}});
  ordered_json series = ordered_json::array();
  for (const auto& s : r.annSeries) {
    ordered_json points = ordered_json::array();
    for (std::size_t i : s.cases) {
      const auto& c = r.annCases[i];
      points.push_back({{"name", c.name},
                        {"knobs", model::formatParams(c.knobs)},
                        {"recall_at_k", num(c.recallAtK)},
                        {"qps", num(c.qps)},
                        {"pareto", c.pareto}});
    }
    series.push_back({{"label", s.label},
                      {"workload", s.workload},
                      {"variant", s.variant},
                      {"data", s.data},
                      {"threads", s.threads},
                      {"ranks", s.ranks},
                      {"points", points}});
  }
  return {{"cases", cases}, {"series", series}};
}

void writeAnnCsv(std::ostream& out, const SessionReport& r) {
  store::CsvWriter w(out);
  for (const char* h :
       {"session", "name", "workload", "variant", "params", "threads", "ranks", "repetitions",
        "data", "knobs", "recall_at_1", "recall_at_k", "qps", "qps_per_core", "ms_per_query",
        "bytes_per_vector", "train_seconds", "encode_seconds", "distance_evaluations", "pareto"})
    w.field(h);
  w.endRow();
  const auto session = static_cast<long long>(r.session.id.value());
  for (const auto& c : r.annCases) {
    w.field(session).field(c.name).field(c.workload).field(c.variant).field(c.params);
    w.field(c.threads).field(c.ranks).field(static_cast<long long>(c.repetitions));
    w.field(c.data).field(model::formatParams(c.knobs));
    for (double x : {c.recallAt1, c.recallAtK, c.qps, c.qpsPerCore, c.msPerQuery,
                     c.bytesPerVector, c.trainSeconds, c.encodeSeconds, c.distanceEvaluations})
      numberOrEmpty(w, x);
    w.field(c.pareto ? 1 : 0).endRow();
  }
}

}  // namespace tunelab::render
