#include "input.h"

#include <filesystem>
#include <map>
#include <mutex>

#include "lapack.h"
#include "tunelab/io/matrix_market.h"
#include "tunelab/workloads/factor/generators.h"

namespace tunelab::workloads::factor {
namespace {

std::mutex g_mutex;
Input g_last;                                                               // guarded by g_mutex
std::map<std::string, std::shared_ptr<const std::vector<double>>> g_sigma;  // by input key
std::string g_fileKey;                                                      // path|size|mtime
std::shared_ptr<const Matrix> g_file;

std::string fileKey(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return {};
  const auto time = std::filesystem::last_write_time(path, ec);
  if (ec) return {};
  return path + "|" + std::to_string(size) + "|" + std::to_string(time.time_since_epoch().count());
}

std::string defaultKind(OpKind op) {
  switch (op) {
    case OpKind::Cholesky:
      return "spd";
    case OpKind::Rsvd:
      return "lowrank";
    default:
      return "general";
  }
}

std::string keyOf(const InputSpec& s, const std::string& kind) {
  if (!s.file.empty()) return "file:" + s.file;
  std::string key = kind + ":" + std::to_string(s.rows) + "x" + std::to_string(s.cols) +
                    ":seed=" + std::to_string(s.seed);
  if (kind == "spd" || kind == "graded") key += ":cond=" + std::to_string(s.cond);
  if (kind == "lowrank")
    key += ":rank=" + std::to_string(s.rank) + ":noise=" + std::to_string(s.noise);
  return key;
}

}  // namespace

model::Result<std::shared_ptr<const Matrix>> readInputFile(const std::string& path) {
  const std::string key = fileKey(path);
  {
    std::lock_guard lock(g_mutex);
    if (!key.empty() && key == g_fileKey) return g_file;
  }
  auto m = io::readMatrixMarket(path);
  if (!m) return m.error();
  auto a = std::make_shared<Matrix>(m->rows, m->cols);
  std::copy(m->values.begin(), m->values.end(), a->data());
  std::lock_guard lock(g_mutex);
  g_fileKey = key;
  g_file = a;
  return std::shared_ptr<const Matrix>(std::move(a));
}

model::Result<Input> loadInput(const InputSpec& spec, OpKind op) {
  const std::string kind =
      spec.file.empty() ? (spec.kind == "auto" ? defaultKind(op) : spec.kind) : "file";
  const std::string key = keyOf(spec, kind);
  {
    std::lock_guard lock(g_mutex);
    // A file may have changed since it was read: only generated inputs are reused.
    if (g_last.a && g_last.key == key && spec.file.empty()) return g_last;
  }
  Input in;
  in.key = key;
  in.kind = kind;
  if (!spec.file.empty()) {
    auto a = readInputFile(spec.file);
    if (!a) return a.error();
    in.a = std::move(*a);
    return in;
  }
  if (kind == "spd" && spec.rows != spec.cols)
    return model::Error{model::ErrorKind::Usage,
                        "factor: matrix=spd is square: m=" + std::to_string(spec.rows) +
                            " differs from n=" + std::to_string(spec.cols) + ". Drop m."};
  if (kind == "spd")
    in.a = std::make_shared<Matrix>(randomSpd(spec.cols, spec.cond, spec.seed));
  else if (kind == "graded")
    in.a = std::make_shared<Matrix>(randomGraded(spec.rows, spec.cols, spec.cond, spec.seed));
  else if (kind == "lowrank")
    in.a = std::make_shared<Matrix>(
        lowRankPlusNoise(spec.rows, spec.cols, spec.rank, spec.noise, spec.seed));
  else
    in.a = std::make_shared<Matrix>(gaussian(spec.rows, spec.cols, spec.seed));
  std::lock_guard lock(g_mutex);
  g_last = in;
  return in;
}

std::shared_ptr<const std::vector<double>> referenceSingularValues(const Input& input) {
  {
    std::lock_guard lock(g_mutex);
    if (auto it = g_sigma.find(input.key); it != g_sigma.end() && input.key.rfind("file:", 0) != 0)
      return it->second;
  }
  lapack::setThreads(1);
  auto s = std::make_shared<const std::vector<double>>(lapack::singularValues(input.a->view()));
  std::lock_guard lock(g_mutex);
  g_sigma[input.key] = s;
  return s;
}

}  // namespace tunelab::workloads::factor
