#pragma once

// The exact answer is the slow part of preparing a large case (Fashion-MNIST, 10 000 queries:
// 0.9 TFLOP), and the same for every variant and knob: it is kept in a file and read back
// when the file's fingerprint (sizes, k and a hash of every base and query value) matches.
#include <optional>
#include <string>

#include "ann.h"

namespace tunelab::workloads::ann {

// Where the truth for a data set lives: beside a points file (FILE.gt-k10-n…-nq….bin), else
// in $XDG_CACHE_HOME/tunelab/ann (or ~/.cache/tunelab/ann). Empty: nowhere to keep it.
std::string truthCachePath(const std::string& dataset, std::size_t n, std::size_t nq,
                           std::size_t d, std::uint64_t seed, std::size_t k);

// Reads the truth from path when it is there and matches data and k; otherwise computes it
// and writes it there (atomically; a folder that cannot be written is no error, the truth is
// then computed again next time). `read` says which happened.
Neighbors cachedGroundTruth(const Dataset& data, std::size_t k, const std::string& path,
                            WorkerPool* pool, bool* read = nullptr);

}  // namespace tunelab::workloads::ann
