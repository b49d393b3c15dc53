#pragma once

// The factories behind makeIndex, one per variant (exact.cc, pq.cc, ivf.cc, peers.cc).
#include <memory>

#include "ann.h"

namespace tunelab::workloads::ann {

std::unique_ptr<Index> makeNaive(const Knobs& knobs);
std::unique_ptr<Index> makeGemm(const Knobs& knobs);
std::unique_ptr<Index> makePq(const Knobs& knobs);      // 8-bit PQ, float lookup tables
std::unique_ptr<Index> makePq4fs(const Knobs& knobs);   // 4-bit PQ, fast-scan
std::unique_ptr<Index> makeOpq(const Knobs& knobs);     // pq4fs after a learned rotation
std::unique_ptr<Index> makeIvfpq(const Knobs& knobs);   // coarse quantizer + 4-bit fast-scan
std::unique_ptr<Index> makeMpi(const Knobs& knobs);     // gemm on shards, top-k merged
std::unique_ptr<Index> makeLsh(const Knobs& knobs);     // random hyperplanes, popcount
// The peers, Debian's builds: FAISS (libfaiss-dev) and hnswlib (libhnswlib-dev).
std::unique_ptr<Index> makeFaissFlat(const Knobs& knobs);   // IndexFlatL2
std::unique_ptr<Index> makeFaissPq(const Knobs& knobs);     // IndexPQ, M × 8 bits
std::unique_ptr<Index> makeFaissPqfs(const Knobs& knobs);   // IndexPQFastScan, M × 4 bits
std::unique_ptr<Index> makeFaissIvfpqfs(const Knobs& knobs);  // IVF{nlist},PQ{M}x4fs,RFlat
std::unique_ptr<Index> makeHnsw(const Knobs& knobs);        // hnswlib HierarchicalNSW

}  // namespace tunelab::workloads::ann
