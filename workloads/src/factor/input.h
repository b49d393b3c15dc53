#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tunelab/model/result.h"
#include "tunelab/workloads/factor/cost.h"
#include "tunelab/workloads/factor/matrix.h"

namespace tunelab::workloads::factor {

// What to factor: a Matrix Market file, or a seeded generator.
struct InputSpec {
  std::string file;           // non-empty: read this (the shape comes from the file)
  std::string kind = "auto";  // spd, general, graded, lowrank; auto picks by op
  std::size_t rows = 0;
  std::size_t cols = 0;
  double cond = 100;
  std::size_t rank = 32;
  double noise = 0.01;
  std::uint64_t seed = 42;
};

struct Input {
  std::shared_ptr<const Matrix> a;
  std::string key;   // identifies the matrix: generator and arguments, or file
  std::string kind;  // the generator used ("file" for a file)
};

// A Matrix Market file as a matrix. The last file read is kept (by path, size and modification
// time): checkParams and prepare of a sweep over variants all ask for the same one.
model::Result<std::shared_ptr<const Matrix>> readInputFile(const std::string& path);

// The matrix for `op`. A case sweep builds the same input for every variant and thread
// count, so the last one is kept and handed out again (it is never modified).
model::Result<Input> loadInput(const InputSpec& spec, OpKind op);

// The singular values of the input by LAPACK (dgesdd without vectors, one OpenBLAS thread),
// computed once per input and process: the reference for the randomized SVD's error.
std::shared_ptr<const std::vector<double>> referenceSingularValues(const Input& input);

}  // namespace tunelab::workloads::factor
