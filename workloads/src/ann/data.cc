// The vectors: Debian's Fashion-MNIST (IDX files, gzip), FAISS's synthetic recipe.
#include <zlib.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "ann.h"

namespace tunelab::workloads::ann {
namespace {

using model::Error;
using model::ErrorKind;

std::uint32_t bigEndian(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

// The first `rows` images of an IDX3 file (magic 0x803, count, rows, cols, then bytes).
Result<Matrix> readIdxImages(const std::string& path, std::size_t rows) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f)
    return Error{ErrorKind::Input,
                 "ann: cannot open " + path +
                     "; dataset=fashion-mnist needs Debian's dataset-fashion-mnist (apt-get "
                     "install dataset-fashion-mnist, or scripts/setup), or TUNELAB_FASHION_MNIST "
                     "set to a folder with its four IDX files."};
  unsigned char header[16];
  const int got = gzread(f, header, sizeof header);
  if (got != static_cast<int>(sizeof header) || bigEndian(header) != 0x803) {
    gzclose(f);
    return Error{ErrorKind::Input, "ann: " + path +
                                       " is not an IDX image file (magic 0x00000803 expected in "
                                       "its first 4 bytes); is the download complete?"};
  }
  const std::size_t count = bigEndian(header + 4);
  const std::size_t d = std::size_t{bigEndian(header + 8)} * bigEndian(header + 12);
  if (rows > count) {
    gzclose(f);
    return Error{ErrorKind::Usage, "ann: " + path + " holds " + std::to_string(count) +
                                       " images; " + std::to_string(rows) +
                                       " were asked for. Choose at most " + std::to_string(count) +
                                       "."};
  }
  std::vector<unsigned char> bytes(rows * d);
  const auto want = static_cast<unsigned>(bytes.size());
  const int read = bytes.empty() ? 0 : gzread(f, bytes.data(), want);
  gzclose(f);
  if (read < 0 || static_cast<unsigned>(read) != want)
    return Error{ErrorKind::Input, "ann: " + path + " ends after " +
                                       std::to_string(read < 0 ? 0 : read) + " of the " +
                                       std::to_string(want) + " image bytes asked for (truncated?)."};
  Matrix m{rows, d, std::vector<float>(bytes.begin(), bytes.end())};
  return m;
}

}  // namespace

std::string fashionMnistDir() {
  if (const char* dir = std::getenv("TUNELAB_FASHION_MNIST"); dir && *dir) return dir;
  return "/usr/share/datasets/fashion-mnist";
}

Result<Dataset> loadFashionMnist(std::size_t nBase, std::size_t nQueries) {
  const std::string dir = fashionMnistDir();
  auto base = readIdxImages(dir + "/train-images-idx3-ubyte.gz", nBase);
  if (!base) return base.error();
  auto queries = readIdxImages(dir + "/t10k-images-idx3-ubyte.gz", nQueries);
  if (!queries) return queries.error();
  return Dataset{"fashion-mnist", std::move(*base), std::move(*queries)};
}

Dataset synthetic(std::size_t nBase, std::size_t nQueries, std::size_t d, std::uint64_t seed) {
  // faiss.contrib.datasets.SyntheticDataset: x = sin((g · R) ∘ s), g ~ N(0, 1)^(n × 10),
  // R ~ U(0, 1)^(10 × d), s ~ U(0.1, 4.1)^d. Queries are further rows of the same draw.
  constexpr std::size_t kIntrinsic = 10;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> map(kIntrinsic * d), scale(d);
  for (auto& v : map) v = uniform(rng);
  for (auto& v : scale) v = uniform(rng) * 4.0 + 0.1;
  std::normal_distribution<double> normal(0.0, 1.0);
  auto draw = [&](std::size_t n) {
    Matrix m{n, d, std::vector<float>(n * d)};
    double g[kIntrinsic];
    for (std::size_t i = 0; i < n; ++i) {
      for (auto& v : g) v = normal(rng);
      for (std::size_t j = 0; j < d; ++j) {
        double x = 0;
        for (std::size_t t = 0; t < kIntrinsic; ++t) x += g[t] * map[t * d + j];
        m.values[i * d + j] = static_cast<float>(std::sin(x * scale[j]));
      }
    }
    return m;
  };
  Dataset out;
  out.name = "synthetic";
  out.base = draw(nBase);
  out.queries = draw(nQueries);
  return out;
}

}  // namespace tunelab::workloads::ann
