#include "kmeans_workload.h"
#include "tunelab/io/points.h"

namespace tunelab::workloads::kmeans {

Result<Points> loadPoints(const std::vector<model::Param>& params) {
  const std::string input = paramText(params, "input");
  if (input == "blobs") {
    BlobSpec spec;
    spec.n = static_cast<std::size_t>(paramInt(params, "n"));
    spec.d = static_cast<std::size_t>(paramInt(params, "d"));
    spec.centers = static_cast<std::size_t>(paramInt(params, "k"));
    spec.spread = paramReal(params, "spread");
    spec.seed = static_cast<std::uint64_t>(paramInt(params, "seed"));
    return generateBlobs(spec);
  }
  io::CsvOptions options;
  options.columns = paramText(params, "columns");
  auto table = io::readPoints(input, options);
  if (!table) return table.error();
  return Points{table->rows, table->cols, std::move(table->values)};
}

}  // namespace tunelab::workloads::kmeans
