#include <algorithm>
#include <limits>
#include <random>

#include "tunelab/workloads/kmeans.h"

namespace tunelab::workloads::kmeans {

Points generateBlobs(const BlobSpec& spec) {
  std::mt19937_64 rng(spec.seed);
  std::uniform_real_distribution<double> box(-spec.box, spec.box);
  std::normal_distribution<double> noise(0.0, spec.spread);
  const std::size_t centers = std::max<std::size_t>(spec.centers, 1);
  std::vector<double> centre(centers * spec.d);
  for (auto& c : centre) c = box(rng);

  Points p{spec.n, spec.d, std::vector<float>(spec.n * spec.d)};
  for (std::size_t i = 0; i < spec.n; ++i) {
    // Round-robin over blobs keeps them equally sized whatever n is.
    const double* c = centre.data() + (i % centers) * spec.d;
    for (std::size_t j = 0; j < spec.d; ++j)
      p.values[i * spec.d + j] = static_cast<float>(c[j] + noise(rng));
  }
  return p;
}

}  // namespace tunelab::workloads::kmeans
