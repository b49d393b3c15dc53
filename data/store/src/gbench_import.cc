// Google Benchmark JSON (--benchmark_out=FILE --benchmark_out_format=json) → a tunelab session.
//
// The mapping, written against the JSON of Google Benchmark 1.7 (run_name, run_type,
// repetition_index, aggregate_unit) and 1.8 (skipped/skip_message); older files without
// run_name / run_type / repetition_index import too (name, aggregate_name with the name's
// "_mean"-style suffix, file order).
//
//   context → Session
//     date                → startedAt: converted to UTC ("…T…:SS.mmmZ", as tunelab writes it)
//                           when it carries an offset (1.7 writes "2026-11-25T07:02:37+01:00");
//                           a local time without a zone is kept as written (nothing to convert
//                           it with honestly); absent → empty, the caller fills in its own time
//     host_name           → environment.host
//     num_cpus            → environment.logicalCores
//     library_build_type  → environment.buildType "gbench:<type>": the build of libbenchmark,
//                           not of the code measured (GB itself warns about a debug library)
//     executable          → commandLine "imported from FILE (executable …)"
//     caches              → extra "caches" in tunelab's own spelling ("L1d 32K, L2 1024K, …")
//     load_avg            → extra "load_avg" (all three) and "load_average_1min" (tunelab's key)
//     any other scalar (mhz_per_cpu, cpu_scaling_enabled, library_version …) → extra, same key
//     always              → extra "imported_from" = FILE; label = FILE's stem
//
//   benchmarks[] → one Run per run_name (name where absent), in the order first seen
//     name      = run_name; workload = the text before the first '/'; variant = "gbench"
//     params    = the further '/'-separated parts: "key:value" as it is, a bare value as
//                 arg0, arg1 … in order; "threads:N" is not a parameter (it is Run::threads);
//                 GB's bare flags real_time / manual_time / process_time become FLAG = yes;
//                 a label (State::SetLabel) becomes the parameter "label"
//     threads   = "threads" (else the name's threads:N, else 1)
//     iteration rows → Samples: repetition = repetition_index (else the row's position),
//                 iterations, wallSeconds/cpuSeconds = real_time/cpu_time × time_unit, which
//                 GB has already divided by the iteration count (per execution, as tunelab
//                 stores them). Every numeric key that is not in kKnownKeys is a user counter
//                 → Metric{name, value, ""} (GB's bytes_per_second / items_per_second, and
//                 its memory-manager keys, are counters too)
//     aggregate rows (mean, median, stddev, cv, user statistics): not samples; tunelab
//                 computes its own statistics from the repetitions. A run with *only*
//                 aggregates (--benchmark_report_aggregates_only) still imports: its median
//                 (else mean) becomes one sample with iterations 1 (the per-repetition count
//                 is not in the file) and a metric gbench_repetitions = how many repetitions
//                 that value summarizes
//     complexity rows (BigO, RMS): skipped with a note; they are fits over several runs, not
//                 measurements
//     error_occurred / error_message (SkipWithError) and skipped / skip_message (1.8's
//                 SkipWithMessage) → status Failed with that reason; such rows carry no timing
//                 and give no sample
//
// GB writes non-finite doubles as NaN / Infinity, which JSON lacks (a cv over a zero mean, a
// rate over zero time). They are read as null: such a counter is left out with a note, such a
// time is an error. Everything is validated before anything is returned: the caller stores
// only a file that was read completely.

#include "tunelab/store/gbench_import.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

namespace tunelab::store {
namespace {

using model::Error;
using model::ErrorKind;
using nlohmann::json;

// Keys of a benchmark row that describe it; any other numeric key is a user counter.
// clang-format off
constexpr std::array<std::string_view, 27> kKnownKeys = {
    "name", "family_index", "per_family_instance_index", "run_name", "run_type", "repetitions",
    "repetition_index", "threads", "aggregate_name", "aggregate_unit", "iterations",
    "real_time", "cpu_time", "time_unit", "error_occurred", "error_message", "skipped",
    "skip_message", "label", "big_o", "cpu_coefficient", "real_coefficient", "rms",
    // a MemoryManager's result: read by memoryMetrics(), not as user counters
    "allocs_per_iter", "max_bytes_used", "total_allocated_bytes", "net_heap_growth"};
// clang-format on

bool isKnownKey(std::string_view key) {
  return std::find(kKnownKeys.begin(), kKnownKeys.end(), key) != kKnownKeys.end();
}

Error inputError(std::string message) { return Error{ErrorKind::Input, std::move(message)}; }

std::string shortest(double value) {
  std::array<char, 32> buf{};
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  return std::string(buf.data(), r.ptr);
}

// --- NaN / Infinity ---------------------------------------------------------------------

struct Sanitized {
  std::string text;
  std::vector<std::size_t> widened;  // offsets in `text` of a "null" that replaced 3 bytes
};

bool isLetter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// Replaces GB's bare NaN / Infinity (and a C stream's nan / inf) outside strings by null, so
// that a strict JSON parser reads the file. Longer words are padded with spaces to keep every
// offset; the 3-letter ones grow by a byte, recorded so error offsets map back to the file.
Sanitized nonFiniteToNull(std::string_view in) {
  Sanitized out;
  out.text.reserve(in.size() + 16);
  bool inString = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (inString) {
      out.text += c;
      if (c == '\\' && i + 1 < in.size())
        out.text += in[++i];
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"') {
      inString = true;
      out.text += c;
      continue;
    }
    const std::size_t wordStart = i + (c == '-' ? 1 : 0);
    if (wordStart >= in.size() || !isLetter(in[wordStart])) {
      out.text += c;
      continue;
    }
    std::size_t end = wordStart;
    while (end < in.size() && isLetter(in[end])) ++end;
    const std::string_view word = in.substr(wordStart, end - wordStart);
    const std::size_t length = end - i;
    if (word == "NaN" || word == "nan" || word == "Infinity" || word == "inf") {
      if (length < 4) out.widened.push_back(out.text.size());
      out.text += "null";
      if (length > 4) out.text.append(length - 4, ' ');
    } else {
      out.text.append(in.substr(i, length));  // true, false, null, or an error for the parser
    }
    i = end - 1;
  }
  return out;
}

std::size_t originalOffset(const Sanitized& s, std::size_t offset) {
  std::size_t shift = 0;
  for (std::size_t w : s.widened)
    if (w + 4 <= offset) ++shift;
  return offset - shift;
}

// 1-based line and column (in bytes) of a 0-based byte offset.
std::pair<std::size_t, std::size_t> lineColumn(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t lineStart = 0;
  for (std::size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++line;
      lineStart = i + 1;
    }
  return {line, offset - lineStart + 1};
}

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line 3, column 7:
// syntax error …"; its position counts the sanitized text, so only the reason is kept.
std::string parserReason(const json::parse_error& e) {
  const std::string_view what = e.what();
  if (auto at = what.find("parse error"); at != std::string_view::npos)
    if (auto colon = what.find(": ", at); colon != std::string_view::npos)
      return std::string(what.substr(colon + 2));
  return std::string(what);
}

// --- small readers that never throw -------------------------------------------------------

const json* member(const json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::optional<std::string> stringMember(const json& object, const char* key) {
  const json* v = member(object, key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

bool trueMember(const json& object, const char* key) {
  const json* v = member(object, key);
  return v != nullptr && v->is_boolean() && v->get<bool>();
}

std::optional<std::int64_t> wholeNumber(const json& v) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) {
    // Some writers print counts as 1e+06; accept whole values that fit.
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e18)
      return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

std::optional<std::int64_t> wholeMember(const json& object, const char* key) {
  const json* v = member(object, key);
  return v == nullptr ? std::nullopt : wholeNumber(*v);
}

std::string scalarText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (auto whole = wholeNumber(v)) return std::to_string(*whole);
  if (v.is_number()) return shortest(v.get<double>());
  return {};
}

std::optional<double> secondsPerUnit(std::string_view unit) {
  if (unit == "ns") return 1e-9;
  if (unit == "us") return 1e-6;
  if (unit == "ms") return 1e-3;
  if (unit == "s") return 1.0;
  return std::nullopt;
}

// --- context --------------------------------------------------------------------------

// "2026-11-25T07:02:37+01:00" → "2026-11-25T06:02:37.000Z". Text that is not an ISO date
// with a zone is returned unchanged.
std::string utcTimestamp(std::string_view date) {
  auto digits = [&](std::size_t pos, std::size_t n, int& out) {
    if (pos + n > date.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(date[i]))) return false;
      out = out * 10 + (date[i] - '0');
    }
    return true;
  };
  auto unchanged = [date] { return std::string(date); };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!digits(0, 4, y) || date.size() < 19 || date[4] != '-' || !digits(5, 2, mo) ||
      date[7] != '-' || !digits(8, 2, d) || (date[10] != 'T' && date[10] != ' ') ||
      !digits(11, 2, h) || date[13] != ':' || !digits(14, 2, mi) || date[16] != ':' ||
      !digits(17, 2, s) || h > 23 || mi > 59 || s > 60)
    return unchanged();
  std::size_t pos = 19;
  int millis = 0;
  if (pos < date.size() && date[pos] == '.') {
    int scale = 100;
    for (++pos; pos < date.size() && std::isdigit(static_cast<unsigned char>(date[pos])); ++pos) {
      millis += (date[pos] - '0') * scale;
      scale /= 10;
    }
  }
  int offsetMinutes = 0;
  if (pos == date.size()) return unchanged();  // local time of an unknown zone
  if (date[pos] == 'Z') {
    if (pos + 1 != date.size()) return unchanged();
  } else if (date[pos] == '+' || date[pos] == '-') {
    int oh = 0, om = 0;
    std::size_t p = pos + 1;
    if (!digits(p, 2, oh)) return unchanged();
    p += 2;
    if (p < date.size() && date[p] == ':') ++p;
    if (!digits(p, 2, om) || p + 2 != date.size() || oh > 23 || om > 59) return unchanged();
    offsetMinutes = (date[pos] == '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return unchanged();
  }
  using namespace std::chrono;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return unchanged();
  const sys_seconds t =
      sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} - minutes{offsetMinutes};
  const auto dayPoint = floor<days>(t);
  const year_month_day utc{dayPoint};
  const hh_mm_ss hms{t - dayPoint};
  std::array<char, 40> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(utc.year()), static_cast<unsigned>(utc.month()),
                static_cast<unsigned>(utc.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                millis);
  return buf.data();
}

// GB's cache list in the spelling tunelab uses for its own sessions: "L1d 32K, L2 1024K".
std::string cacheText(const json& caches) {
  std::string out;
  for (const auto& c : caches) {
    if (!c.is_object()) continue;
    auto level = wholeMember(c, "level");
    auto size = wholeMember(c, "size");
    if (!level || !size) continue;
    std::string name = "L" + std::to_string(*level);
    const auto type = stringMember(c, "type").value_or("");
    if (type == "Data") name += "d";
    if (type == "Instruction") name += "i";
    if (!out.empty()) out += ", ";
    out += name + " " +
           (*size % 1024 == 0 ? std::to_string(*size / 1024) + "K" : std::to_string(*size) + "B");
  }
  return out;
}

void readContext(const json& context, std::string_view source, model::Session& session) {
  auto& env = session.environment;
  session.commandLine = "imported from " + std::string(source);
  env.extra.emplace_back("imported_from", std::string(source));
  if (!context.is_object()) return;
  for (const auto& [key, value] : context.items()) {
    if (key == "date") {
      if (value.is_string()) session.startedAt = utcTimestamp(value.get<std::string>());
    } else if (key == "host_name") {
      env.host = scalarText(value);
    } else if (key == "num_cpus") {
      if (auto n = wholeNumber(value); n && *n > 0 && *n <= std::numeric_limits<int>::max())
        env.logicalCores = static_cast<int>(*n);
    } else if (key == "library_build_type") {
      if (value.is_string()) env.buildType = "gbench:" + value.get<std::string>();
    } else if (key == "executable") {
      if (value.is_string())
        session.commandLine += " (executable " + value.get<std::string>() + ")";
    } else if (key == "caches") {
      if (value.is_array()) env.extra.emplace_back("caches", cacheText(value));
    } else if (key == "load_avg") {
      if (!value.is_array()) continue;
      std::string all;
      for (const auto& v : value)
        if (v.is_number()) all += (all.empty() ? "" : ", ") + shortest(v.get<double>());
      env.extra.emplace_back("load_avg", all);
      if (!value.empty() && value[0].is_number())
        env.extra.emplace_back("load_average_1min", shortest(value[0].get<double>()));
    } else if (value.is_primitive() && !value.is_null()) {
      env.extra.emplace_back(key, scalarText(value));
    }
  }
}

// --- benchmark rows ---------------------------------------------------------------------

struct Row {
  std::size_t index = 0;
  const json* object = nullptr;
  std::string name;
  std::string runName;
  bool aggregate = false;
  std::string aggregateName;
  bool complexity = false;
  std::optional<std::string> failure;  // why GB did not measure it
};

struct Timing {
  double wallSeconds = 0;
  double cpuSeconds = 0;
};

class RowReader {
 public:
  explicit RowReader(std::string_view source) : m_source(source) {}

  std::string where(std::size_t index, std::string_view name) const {
    std::string out = std::string(m_source) + ": benchmarks[" + std::to_string(index) + "]";
    if (!name.empty()) out += " (" + std::string(name) + ")";
    return out;
  }
  std::string where(const Row& row) const { return where(row.index, row.name); }

  model::Result<Row> read(const json& object, std::size_t index) const {
    Row row;
    row.index = index;
    row.object = &object;
    if (!object.is_object())
      return inputError(where(index, "") +
                        ": is not an object. Each entry of \"benchmarks\" is "
                        "one result object as Google Benchmark writes it.");
    auto name = stringMember(object, "name");
    auto runName = stringMember(object, "run_name");
    if (!name && !runName)
      return inputError(where(index, "") +
                        ": has no \"name\". Regenerate the file with "
                        "--benchmark_out_format=json.");
    row.name = name ? *name : *runName;
    row.runName = runName ? *runName : *name;
    auto aggregateName = stringMember(object, "aggregate_name");
    if (auto runType = stringMember(object, "run_type")) {
      if (*runType != "iteration" && *runType != "aggregate")
        return inputError(where(row) + ": \"run_type\" is \"" + *runType +
                          "\"; Google Benchmark writes \"iteration\" or \"aggregate\".");
      row.aggregate = *runType == "aggregate";
    } else {
      row.aggregate = aggregateName.has_value();
    }
    row.aggregateName = aggregateName.value_or("");
    // Before run_name (GB < 1.5) an aggregate was named after its run plus "_mean" etc.
    const std::string suffix = "_" + row.aggregateName;
    if (!runName && row.aggregate && !row.aggregateName.empty() &&
        row.runName.size() > suffix.size() &&
        row.runName.compare(row.runName.size() - suffix.size(), suffix.size(), suffix) == 0)
      row.runName.resize(row.runName.size() - suffix.size());
    row.complexity = row.aggregateName == "BigO" || row.aggregateName == "RMS" ||
                     member(object, "big_o") != nullptr || member(object, "rms") != nullptr;
    if (trueMember(object, "error_occurred")) {
      row.failure = stringMember(object, "error_message").value_or("error_occurred, no message");
    } else if (trueMember(object, "skipped")) {
      row.failure = "skipped: " + stringMember(object, "skip_message").value_or("no message");
    }
    return row;
  }

  model::Result<Timing> timing(const Row& row) const {
    const json& o = *row.object;
    std::array<double, 2> values{};
    std::array<const char*, 2> keys = {"real_time", "cpu_time"};
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const json* v = member(o, keys[i]);
      if (v == nullptr)
        return inputError(where(row) + ": has no \"" + keys[i] +
                          "\". Google Benchmark writes it for every timed result; regenerate the "
                          "file or drop this entry.");
      if (!v->is_number())
        return inputError(where(row) + ": \"" + keys[i] +
                          "\" is not a finite number (NaN, Infinity or text). Regenerate the file "
                          "or drop this entry.");
      values[i] = v->get<double>();
      if (values[i] < 0)
        return inputError(where(row) + ": \"" + keys[i] + "\" is negative (" + shortest(values[i]) +
                          "). Regenerate the file or drop this entry.");
    }
    auto unit = stringMember(o, "time_unit");
    if (!unit)
      return inputError(where(row) +
                        ": has no \"time_unit\" text. Google Benchmark writes ns, "
                        "us, ms or s; add it or regenerate the file.");
    auto scale = secondsPerUnit(*unit);
    if (!scale)
      return inputError(where(row) + ": \"time_unit\" is \"" + *unit +
                        "\", which is not a Google Benchmark unit (ns, us, ms or s). Fix it "
                        "or regenerate the file.");
    return Timing{values[0] * *scale, values[1] * *scale};
  }

  model::Result<std::int64_t> iterations(const Row& row) const {
    const json* v = member(*row.object, "iterations");
    auto n = v == nullptr ? std::nullopt : wholeNumber(*v);
    if (!n || *n < 1)
      return inputError(
          where(row) + ": \"iterations\" is " +
          (v == nullptr ? std::string("missing") : "not a whole number ≥ 1 (" + v->dump() + ")") +
          ". Regenerate the file or drop this entry.");
    return *n;
  }

  // User counters: every numeric key GB does not define. Null ones (NaN/Infinity in the
  // file) go to `nonFinite`.
  static std::vector<model::Metric> counters(const Row& row, std::vector<std::string>& nonFinite) {
    std::vector<model::Metric> out;
    for (const auto& [key, value] : row.object->items()) {
      if (isKnownKey(key)) continue;
      if (value.is_number())
        out.push_back({key, value.get<double>(), ""});
      else if (value.is_null())
        nonFinite.push_back(row.runName + " " + key);
    }
    return out;
  }

 private:
  std::string_view m_source;
};

// --- name → workload, params ------------------------------------------------------------

void addParam(std::vector<model::Param>& params, std::string key, std::string value) {
  auto taken = [&](const std::string& k) {
    return std::any_of(params.begin(), params.end(), [&](const auto& p) { return p.key == k; });
  };
  // The store keys parameters by name; a repeated one ("x:1/x:2") keeps both, numbered.
  if (taken(key)) {
    int n = 2;
    while (taken(key + "#" + std::to_string(n))) ++n;
    key += "#" + std::to_string(n);
  }
  params.push_back({std::move(key), std::move(value)});
}

// Returns the threads:N the name states, if any.
std::optional<int> splitName(std::string_view runName, model::Run& run) {
  auto slash = runName.find('/');
  run.workload = std::string(runName.substr(0, slash));
  int positional = 0;
  std::optional<int> threads;
  while (slash != std::string_view::npos) {
    const auto next = runName.find('/', slash + 1);
    const auto part = runName.substr(
        slash + 1, next == std::string_view::npos ? std::string_view::npos : next - slash - 1);
    slash = next;
    if (part.empty()) continue;
    const auto colon = part.find(':');
    if (colon != std::string_view::npos && colon > 0) {
      const auto key = part.substr(0, colon);
      const auto value = part.substr(colon + 1);
      if (key == "threads") {
        int t = 0;
        auto r = std::from_chars(value.data(), value.data() + value.size(), t);
        if (r.ec == std::errc{} && r.ptr == value.data() + value.size() && t >= 1) threads = t;
        continue;
      }
      addParam(run.params, std::string(key), std::string(value));
    } else if (part == "real_time" || part == "manual_time" || part == "process_time") {
      addParam(run.params, std::string(part), "yes");
    } else {
      addParam(run.params, "arg" + std::to_string(positional++), std::string(part));
    }
  }
  return threads;
}

// --- one run ----------------------------------------------------------------------------

struct Notes {
  std::size_t ignoredAggregates = 0;
  std::set<std::string> complexityOf;
  std::vector<std::string> aggregatesOnly;
  std::vector<std::string> noUsableAggregate;
  std::vector<std::string> nonFinite;
};

// nullopt: nothing of this run can be imported (noted).

// A MemoryManager's result (Google Benchmark's allocs_per_iter, max_bytes_used,
// total_allocated_bytes), as metrics of every sample: it comes from one extra run of the
// benchmark, not from each repetition. Google Benchmark 1.7 writes it into every repetition's
// row but fills only the last one; the others carry uninitialised memory (values of 10^18
// were seen), so only the last repetition's row is read, and values past 2^50 are dropped.
// That extra run has min(16, iterations) iterations (benchmark_runner.cc), which turns the
// total into bytes per iteration.
std::vector<model::Metric> memoryMetrics(const std::vector<const Row*>& iterations) {
  const Row* last = nullptr;
  std::int64_t lastIndex = -1;
  for (const Row* r : iterations) {
    const auto index = wholeMember(*r->object, "repetition_index").value_or(lastIndex + 1);
    if (!r->failure && index > lastIndex) last = r, lastIndex = index;
  }
  std::vector<model::Metric> out;
  if (!last) return out;
  const auto number = [&](const char* key) -> std::optional<double> {
    const json* v = member(*last->object, key);
    if (!v || !v->is_number()) return std::nullopt;
    const double d = v->get<double>();
    if (!std::isfinite(d) || d < 0 || d > 1125899906842624.0) return std::nullopt;  // 2^50
    return d;
  };
  const auto perIter = number("allocs_per_iter");
  if (!perIter) return out;
  out.push_back({"allocs_per_iter", *perIter, ""});
  if (auto peak = number("max_bytes_used")) out.push_back({"max_bytes_used", *peak, "B"});
  const auto iters = wholeMember(*last->object, "iterations");
  if (auto total = number("total_allocated_bytes"); total && iters && *iters > 0)
    out.push_back({"allocated_bytes_per_iter",
                   *total / static_cast<double>(std::min<std::int64_t>(16, *iters)), "B"});
  return out;
}

model::Result<std::optional<model::Run>> buildRun(const std::vector<const Row*>& rows,
                                                  const RowReader& reader, Notes& notes) {
  model::Run run;
  run.name = rows.front()->runName;
  run.variant = "gbench";
  const auto nameThreads = splitName(run.name, run);
  run.threads = nameThreads.value_or(1);
  if (const json* t = member(*rows.front()->object, "threads")) {
    auto n = wholeNumber(*t);
    if (!n || *n < 1 || *n > std::numeric_limits<int>::max())
      return inputError(reader.where(*rows.front()) + ": \"threads\" is not a whole number ≥ 1 (" +
                        t->dump() + "). Fix it or regenerate the file.");
    run.threads = static_cast<int>(*n);
  }
  for (const Row* r : rows)
    if (auto label = stringMember(*r->object, "label"); label && !label->empty()) {
      addParam(run.params, "label", *label);
      break;
    }

  std::vector<const Row*> iterations;
  std::vector<const Row*> aggregates;
  for (const Row* r : rows) (r->aggregate ? aggregates : iterations).push_back(r);

  std::set<int> seen;
  std::size_t failed = 0;
  std::string firstFailure;
  for (std::size_t position = 0; position < iterations.size(); ++position) {
    const Row& row = *iterations[position];
    int repetition = static_cast<int>(position);
    if (const json* v = member(*row.object, "repetition_index")) {
      auto n = wholeNumber(*v);
      if (!n || *n < 0 || *n > std::numeric_limits<int>::max())
        return inputError(reader.where(row) + ": \"repetition_index\" is not a whole number ≥ 0 (" +
                          v->dump() + "). Fix it or regenerate the file.");
      repetition = static_cast<int>(*n);
    }
    if (!seen.insert(repetition).second)
      return inputError(reader.where(row) + ": repetition " + std::to_string(repetition) + " of " +
                        row.runName +
                        " appears twice. Were two runs' outputs joined into one file? Import "
                        "each file on its own.");
    if (row.failure) {
      if (failed++ == 0) firstFailure = *row.failure;
      continue;
    }
    auto timing = reader.timing(row);
    if (!timing) return timing.error();
    auto count = reader.iterations(row);
    if (!count) return count.error();
    model::Sample sample;
    sample.repetition = repetition;
    sample.iterations = *count;
    sample.wallSeconds = timing->wallSeconds;
    sample.cpuSeconds = timing->cpuSeconds;
    sample.metrics = RowReader::counters(row, notes.nonFinite);
    run.samples.push_back(std::move(sample));
  }
  if (failed > 0) {
    run.status = model::RunStatus::Failed;
    run.reason = firstFailure;
    if (failed < iterations.size())
      run.reason += " (in " + std::to_string(failed) + " of " + std::to_string(iterations.size()) +
                    " repetitions)";
  }

  if (!iterations.empty()) {
    notes.ignoredAggregates += aggregates.size();
  } else {
    // --benchmark_report_aggregates_only: the repetitions are gone, their summary is all
    // there is. The median resists an outlier repetition; the mean is the fallback.
    const Row* chosen = nullptr;
    for (const char* wanted : {"median", "mean"})
      for (const Row* r : aggregates)
        if (!chosen && r->aggregateName == wanted) chosen = r;
    if (chosen == nullptr) {
      notes.noUsableAggregate.push_back(run.name);
      return std::optional<model::Run>{};
    }
    notes.ignoredAggregates += aggregates.size() - 1;
    notes.aggregatesOnly.push_back(run.name);
    if (chosen->failure) {
      run.status = model::RunStatus::Failed;
      run.reason = *chosen->failure;
    } else {
      auto timing = reader.timing(*chosen);
      if (!timing) return timing.error();
      model::Sample sample;
      sample.iterations = 1;
      sample.wallSeconds = timing->wallSeconds;
      sample.cpuSeconds = timing->cpuSeconds;
      sample.metrics = RowReader::counters(*chosen, notes.nonFinite);
      auto repetitions = wholeMember(*chosen->object, "repetitions");
      if (!repetitions) repetitions = wholeMember(*chosen->object, "iterations");
      const bool taken = std::any_of(sample.metrics.begin(), sample.metrics.end(),
                                     [](const auto& m) { return m.name == "gbench_repetitions"; });
      if (repetitions && !taken)
        sample.metrics.push_back({"gbench_repetitions", static_cast<double>(*repetitions), ""});
      run.samples.push_back(std::move(sample));
    }
  }
  std::sort(run.samples.begin(), run.samples.end(),
            [](const auto& a, const auto& b) { return a.repetition < b.repetition; });
  for (const auto& m : memoryMetrics(iterations))
    for (auto& sample : run.samples) sample.metrics.push_back(m);
  return std::optional<model::Run>{std::move(run)};
}

std::string joined(const std::vector<std::string>& names, std::size_t limit = 5) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > limit) out += " and " + std::to_string(names.size() - limit) + " more";
  return out;
}

std::vector<std::string> noteText(const Notes& n) {
  std::vector<std::string> out;
  if (!n.aggregatesOnly.empty())
    out.push_back(std::to_string(n.aggregatesOnly.size()) +
                  " benchmark(s) have only aggregates (--benchmark_report_aggregates_only): "
                  "each is imported as one sample holding its median (else mean), with the "
                  "metric gbench_repetitions; " +
                  joined(n.aggregatesOnly) + ".");
  if (!n.noUsableAggregate.empty())
    out.push_back("not imported, no repetitions and no median or mean aggregate: " +
                  joined(n.noUsableAggregate) + ".");
  if (n.ignoredAggregates > 0)
    out.push_back(std::to_string(n.ignoredAggregates) +
                  " aggregate row(s) (mean, median, stddev, cv …) were not imported: tunelab "
                  "computes its statistics from the repetitions.");
  if (!n.complexityOf.empty())
    out.push_back("complexity rows (BigO, RMS) of " +
                  joined({n.complexityOf.begin(), n.complexityOf.end()}) +
                  " were skipped: they are fits over several benchmarks, not measurements.");
  if (!n.nonFinite.empty())
    out.push_back("counters that are NaN or Infinity in the file were left out: " +
                  joined(n.nonFinite) + ".");
  return out;
}

model::Result<ImportedSession> parseDocument(const json& root, std::string_view source) {
  const json* benchmarks = root.is_object() ? member(root, "benchmarks") : nullptr;
  if (benchmarks == nullptr || !benchmarks->is_array())
    return inputError(std::string(source) +
                      ": no \"benchmarks\" array: is this Google Benchmark JSON output "
                      "(--benchmark_out=FILE --benchmark_out_format=json)?");

  ImportedSession out;
  out.session.label = std::filesystem::path(std::string(source)).stem().string();
  out.session.status = model::SessionStatus::Running;
  if (const json* context = member(root, "context"))
    readContext(*context, source, out.session);
  else
    readContext(json(), source, out.session);

  const RowReader reader(source);
  std::vector<Row> rows;
  rows.reserve(benchmarks->size());
  for (std::size_t i = 0; i < benchmarks->size(); ++i) {
    auto row = reader.read((*benchmarks)[i], i);
    if (!row) return row.error();
    rows.push_back(std::move(*row));
  }

  Notes notes;
  std::vector<std::vector<const Row*>> groups;
  std::map<std::string, std::size_t, std::less<>> groupOf;
  for (const Row& row : rows) {
    if (row.complexity) {
      notes.complexityOf.insert(row.runName);
      continue;
    }
    auto [it, inserted] = groupOf.try_emplace(row.runName, groups.size());
    if (inserted) groups.emplace_back();
    groups[it->second].push_back(&row);
  }
  for (const auto& group : groups) {
    auto run = buildRun(group, reader, notes);
    if (!run) return run.error();
    if (*run) out.runs.push_back(std::move(**run));
  }
  if (out.runs.empty())
    return inputError(std::string(source) +
                      ": holds no benchmark results to import (an empty \"benchmarks\" array: "
                      "did --benchmark_filter match nothing?). Nothing was imported.");
  out.notes = noteText(notes);
  return out;
}

}  // namespace

model::Result<ImportedSession> parseGoogleBenchmarkJson(std::string_view text,
                                                        std::string_view sourceName) {
  const Sanitized sanitized = nonFiniteToNull(text);
  try {
    const json root = json::parse(sanitized.text);
    return parseDocument(root, sourceName);
  } catch (const json::parse_error& e) {
    // e.byte counts the bytes read, the offending one included.
    const std::size_t offset = originalOffset(sanitized, e.byte > 0 ? e.byte - 1 : 0);
    const auto [line, column] = lineColumn(text, offset);
    return inputError(
        std::string(sourceName) + ":" + std::to_string(line) + ":" + std::to_string(column) +
        ": not valid JSON (" + parserReason(e) +
        "). Import the file Google Benchmark writes with --benchmark_out=FILE "
        "--benchmark_out_format=json; a benchmark that crashed leaves it unfinished.");
  } catch (const json::exception& e) {
    // The readers check every type before reading it; this is the net under a missed case.
    return inputError(std::string(sourceName) + ": unexpected JSON content (" + e.what() +
                      "). Is this Google Benchmark JSON output?");
  }
}

}  // namespace tunelab::store
