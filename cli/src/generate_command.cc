#include <fmt/core.h>

#include <filesystem>

#include "commands.h"
#include "common.h"
#include "tunelab/analysis/format.h"
#include "tunelab/io/points.h"
#include "tunelab/workloads/kmeans.h"

namespace tunelab::cli {
namespace {

using model::Error;
using model::ErrorKind;

struct BlobOptions {
  std::string out;
  long long n = 20000;
  long long d = 8;
  long long centers = 8;
  double spread = 1.5;
  double box = 10.0;
  long long seed = 42;
  bool force = false;
  bool quiet = false;
  bool withBlob = false;
};

int generateBlobs(const BlobOptions& o) {
  if (o.n < 1 || o.n > 1'000'000'000 || o.d < 1 || o.d > 4096 || o.centers < 1 ||
      o.centers > 1'000'000)
    return reportError({ErrorKind::Usage,
                        "generate blobs: -n must be 1..1e9, -d 1..4096 and "
                        "-k 1..1e6."});
  if (!(o.spread >= 0) || !(o.box >= 0) || o.seed < 0)
    return reportError(
        {ErrorKind::Usage, "generate blobs: --spread, --box and --seed must not be negative."});
  if (o.withBlob && io::isBinaryPointsPath(o.out))
    return reportError({ErrorKind::Usage,
                        "generate blobs: --with-blob adds a named label column, which "
                        "only a CSV file can carry; write FILE.csv."});
  std::error_code ec;
  if (!o.force && std::filesystem::exists(o.out, ec))
    return reportError({ErrorKind::Usage, o.out + " exists; pass --force to replace it."});

  const workloads::kmeans::BlobSpec spec{static_cast<std::size_t>(o.n),
                                         static_cast<std::size_t>(o.d),
                                         static_cast<std::size_t>(o.centers),
                                         o.spread,
                                         o.box,
                                         static_cast<std::uint64_t>(o.seed)};
  auto points = workloads::kmeans::generateBlobs(spec);
  io::PointTable table{points.n, points.d, std::move(points.values), {}};
  for (std::size_t j = 0; j < table.cols; ++j) table.names.push_back("x" + std::to_string(j + 1));
  if (o.withBlob) {
    // One more column: the blob each point was drawn from (i mod k), the ground truth.
    std::vector<float> wide;
    wide.reserve(table.rows * (table.cols + 1));
    for (std::size_t i = 0; i < table.rows; ++i) {
      wide.insert(wide.end(), table.values.begin() + static_cast<std::ptrdiff_t>(i * table.cols),
                  table.values.begin() + static_cast<std::ptrdiff_t>((i + 1) * table.cols));
      wide.push_back(static_cast<float>(i % spec.centers));
    }
    table.values = std::move(wide);
    table.cols += 1;
    table.names.push_back("blob");
  }
  const std::string provenance =
      fmt::format("tunelab generate blobs -n {} -d {} -k {} --spread {} --box {} --seed {}{}", o.n,
                  o.d, o.centers, o.spread, o.box, o.seed, o.withBlob ? " --with-blob" : "");
  if (auto s = io::writePoints(o.out, table, {provenance}); !s) return reportError(s.error());
  if (!o.quiet)
    fmt::print(stderr, "wrote {} points × {} dimensions ({} blobs) to {} ({}, {})\n", o.n, o.d,
               o.centers, o.out, io::isBinaryPointsPath(o.out) ? "binary float32" : "CSV",
               analysis::formatBytes(static_cast<double>(std::filesystem::file_size(o.out, ec))));
  return kExitOk;
}

}  // namespace

void addGenerateCommand(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("generate",
                                 "Write a generated data set to a file (input for `tunelab run`)");
  cmd->require_subcommand(1);
  auto* blobs = cmd->add_subcommand("blobs", "Gaussian blobs: the points k-means clusters");
  auto o = std::make_shared<BlobOptions>();
  blobs
      ->add_option("-o,--out", o->out,
                   "FILE.csv (text, with a header) or FILE.f32 (binary float32)")
      ->required()
      ->type_name("FILE");
  blobs->add_option("-n,--points", o->n, "number of points")->capture_default_str();
  blobs->add_option("-d,--dims", o->d, "dimensions per point")->capture_default_str();
  blobs->add_option("-k,--centers", o->centers, "number of blobs (point i belongs to blob i mod k)")
      ->capture_default_str();
  blobs->add_option("--spread", o->spread, "standard deviation of each blob")
      ->capture_default_str();
  blobs->add_option("--box", o->box, "blob centres are uniform in [-box, box]^d")
      ->capture_default_str();
  blobs->add_option("--seed", o->seed, "random seed: the same options give the same file")
      ->capture_default_str();
  blobs->add_flag("--with-blob", o->withBlob,
                  "CSV only: add a last column 'blob' with each point's blob (the ground truth); "
                  "cluster the coordinates with -p columns=1-D");
  blobs->add_flag("--force", o->force, "replace FILE if it exists");
  blobs->add_flag("-q,--quiet", o->quiet, "no summary line on standard error");
  blobs->footer(
      R"(The defaults are those of `tunelab run kmeans` (input=blobs): the file holds exactly
the points that run clusters, so a run on the file gives the same answer.

The binary format (.f32) is a 32-byte header ("TLPNTF32", version, columns, rows) and the
values as little-endian float32, row-major; tunelab maps it into memory instead of parsing.
CSV files start with a comment line naming the command that made them.

Examples:
  tunelab generate blobs -o points.f32 -n 1000000 -d 16 -k 64
  tunelab run kmeans -p input=points.f32 -p k=64
  tunelab generate blobs -o small.csv -n 300 -d 2 -k 3 --seed 7)");
  blobs->callback([o, &ctx] { ctx.exitCode = generateBlobs(*o); });
}

}  // namespace tunelab::cli
