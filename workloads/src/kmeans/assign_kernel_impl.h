#pragma once

// The tuned assignment kernel as a template over the SIMD width, written with GCC vector
// extensions. Included only by assign_avx512.cc, assign_avx2.cc and assign_baseline.cc,
// each compiled with its own instruction-set flags and -ffp-contract=fast (so `acc += x * c`
// becomes a fused multiply-add where the instruction set has one). Everything here has
// internal linkage on purpose: each of those files gets its own copy, and no symbol compiled
// for AVX-512 can be shared with code that runs on any CPU (see kernel_abi.h).

#include <utility>  // std::integer_sequence: types only, no functions

#include "kernel_abi.h"

namespace tunelab::workloads::kmeans {
namespace {  // NOLINT(google-build-namespaces): one private copy per instruction set

template <int W>
struct Vec {
  typedef float F __attribute__((vector_size(4 * W)));
  typedef std::int32_t I __attribute__((vector_size(4 * W)));
};

// By reference, not by value: a vector passed or returned by value in a function compiled
// for the baseline would change the calling convention (GCC's -Wpsabi).
template <class V>
[[gnu::always_inline]] inline void load(V& v, const float* p) {
  __builtin_memcpy(&v, p, sizeof v);
}

// All lanes = s. (V{} + s would not do: −0 + 0 is +0, so the compiler must keep the add;
// s − 0 is s for every s and folds into a plain broadcast.)
template <class V>
[[gnu::always_inline]] inline void broadcast(V& v, float s) {
  v = s - V{};
}

// Transposes W vectors of W floats in place (r[i][l] → r[l][i]): log2(W) butterfly stages of
// two-input shuffles, each swapping the off-diagonal H × H blocks of every 2H × 2H block.
// Everything is a compile-time constant (stage, masks, indices), so r stays in registers.
template <int W, int H, class V, class VI, int... L>
[[gnu::always_inline]] inline void transposeStage(V (&r)[W], std::integer_sequence<int, L...>) {
  // Indices into the concatenation (r[a], r[a + H]).
  constexpr VI toLow = {((L & H) ? W + L - H : L)...};
  constexpr VI toHigh = {((L & H) ? W + L : L + H)...};
#pragma GCC unroll 16
  for (int a = 0; a < W; ++a)
    if (!(a & H)) {
      const V low = __builtin_shuffle(r[a], r[a + H], toLow);
      const V high = __builtin_shuffle(r[a], r[a + H], toHigh);
      r[a] = low;
      r[a + H] = high;
    }
  if constexpr (H > 1) transposeStage<W, H / 2, V, VI>(r, std::integer_sequence<int, L...>{});
}

template <int W, class V, class VI>
[[gnu::always_inline]] inline void transpose(V (&r)[W]) {
  transposeStage<W, W / 2, V, VI>(r, std::make_integer_sequence<int, W>{});
}

// The results of one tile, per lane (point): the label of the nearest centroid, the float32
// estimates of the squared distances to the nearest and second-nearest, whether the two are
// far enough apart to trust the label, and the error bound of the estimates.
template <std::size_t T>
struct Tile {
  alignas(64) float best[T];
  alignas(64) float second[T];
  alignas(64) float bound[T];
  alignas(64) std::int32_t label[T];
  alignas(64) std::int32_t far[T];
};

// Points are processed in tiles of W·P points held in SIMD lanes (P vectors of W), against
// groups of R = kGroup centroids: P·R accumulators stay in registers while the d coordinates
// stream through, then the argmin is updated lane-wise — no horizontal reductions. The tile is
// first transposed into `xt` (d × W·P) so a coordinate of W points is one vector load.
//
// Ties: the kernel keeps, per point, the smallest and second-smallest estimate. The estimate
// ‖c‖² − 2x·c has a rounding error of at most 2(d+1)·u·(‖x‖² + max‖c‖²) with FMA (twice that
// without); `bound` is 8(d+1)·u·(‖x‖² + max‖c‖²), above both, and a label is trusted only
// when the two smallest differ by more than twice the bound. Otherwise the caller decides
// with referenceNearest, so labels are exactly the textbook's.
template <int W, int P>
[[gnu::always_inline]] inline void nearestTile(const KernelCentroids& c, const float* x,
                                               std::size_t m, float* xt,
                                               Tile<static_cast<std::size_t>(W* P)>& out) {
  using V = typename Vec<W>::F;
  using VI = typename Vec<W>::I;
  constexpr std::size_t R = kCentroidGroup;
  constexpr std::size_t T = static_cast<std::size_t>(W * P);
  const std::size_t d = c.d;
  const float kappa = c.tieBound * 8.0f * static_cast<float>(d + 1) * 0x1p-24f;

  if (m == T && d % W == 0) {
    // W rows × W coordinates at a time, through registers.
    for (int p = 0; p < P; ++p)
      for (std::size_t j0 = 0; j0 < d; j0 += W) {
        V r[W];
        for (int i = 0; i < W; ++i) load(r[i], x + (static_cast<std::size_t>(p * W + i)) * d + j0);
        transpose<W, V, VI>(r);
        for (int i = 0; i < W; ++i)
          __builtin_memcpy(
              xt + (j0 + static_cast<std::size_t>(i)) * T + static_cast<std::size_t>(p * W), &r[i],
              sizeof(V));
      }
  } else {
    for (std::size_t i = 0; i < T; ++i) {
      if (i < m)
        for (std::size_t j = 0; j < d; ++j) xt[j * T + i] = x[i * d + j];
      else
        for (std::size_t j = 0; j < d; ++j) xt[j * T + i] = 0.0f;
    }
  }

  V xnorm[P], min1[P], min2[P];
  VI idx[P];
  for (int p = 0; p < P; ++p) {
    xnorm[p] = V{} + 0.0f;
    min1[p] = V{} + __builtin_inff();
    min2[p] = min1[p];
    idx[p] = VI{} + 0;
  }
  for (std::size_t j = 0; j < d; ++j)
    for (int p = 0; p < P; ++p) {
      V v;
      load(v, xt + j * T + static_cast<std::size_t>(p * W));
      xnorm[p] += v * v;
    }

  for (std::size_t g = 0; g < c.kPadded; g += R) {
    const float* cg = c.scaled + g * d;
    V acc[P][R];
    for (std::size_t r = 0; r < R; ++r)
      for (int p = 0; p < P; ++p) broadcast(acc[p][r], c.norms[g + r]);
    for (std::size_t j = 0; j < d; ++j) {
      V xv[P];
      for (int p = 0; p < P; ++p) load(xv[p], xt + j * T + static_cast<std::size_t>(p * W));
      for (std::size_t r = 0; r < R; ++r) {
        V cv;
        broadcast(cv, cg[j * R + r]);
        for (int p = 0; p < P; ++p) acc[p][r] += xv[p] * cv;
      }
    }
    for (std::size_t r = 0; r < R; ++r)
      for (int p = 0; p < P; ++p) {
        const V v = acc[p][r];
        const VI lower = v < min1[p];
        const V hi = v > min1[p] ? v : min1[p];
        min2[p] = hi < min2[p] ? hi : min2[p];
        min1[p] = lower ? v : min1[p];
        idx[p] = lower ? VI{} + static_cast<std::int32_t>(g + r) : idx[p];
      }
  }

  for (int p = 0; p < P; ++p) {
    const V bound = kappa * (xnorm[p] + c.maxNorm);
    // Written so that NaN (float overflow of huge coordinates) counts as "not far".
    const VI isFar = (min2[p] - min1[p]) > 2.0f * bound;
    const V best = min1[p] + xnorm[p];
    const V second = min2[p] + xnorm[p];
    __builtin_memcpy(out.best + p * W, &best, sizeof best);
    __builtin_memcpy(out.second + p * W, &second, sizeof second);
    __builtin_memcpy(out.bound + p * W, &bound, sizeof bound);
    __builtin_memcpy(out.label + p * W, &idx[p], sizeof idx[p]);
    __builtin_memcpy(out.far + p * W, &isFar, sizeof isFar);
  }
}

// Assigns a block's points and adds them to the block's sums, counts, inertia and changes.
template <int W, int P>
[[gnu::always_inline]] inline void assignBlock(const KernelCentroids& c, const KernelBlock& t) {
  using V = typename Vec<W>::F;
  using VI = typename Vec<W>::I;
  constexpr std::size_t T = static_cast<std::size_t>(W * P);
  const std::size_t d = c.d;
  Tile<T> tile;
  alignas(64) double inertiaLanes[W] = {};
  VI changedLanes = VI{} + 0;
  BlockScalars& out = *t.scalars;

  for (std::size_t i0 = 0; i0 < t.count; i0 += T) {
    const std::size_t m = t.count - i0 < T ? t.count - i0 : T;
    const float* x = t.x + (t.first + i0) * d;
    nearestTile<W, P>(c, x, m, t.scratch, tile);

    // The estimates of the points the kernel decided (0 for the others, and for the padding
    // lanes of a last, partial tile); then the fallback for the others.
    for (int p = 0; p < P; ++p) {
      V dist;
      VI isFar;
      load(dist, tile.best + p * W);
      __builtin_memcpy(&isFar, tile.far + p * W, sizeof isFar);
      dist = dist > V{} ? dist : V{};  // cancellation can dip a tiny distance below 0
      dist = isFar ? dist : V{};
      __builtin_memcpy(tile.best + p * W, &dist, sizeof dist);
    }
    for (std::size_t i = m; i < T; ++i) tile.best[i] = 0.0f;
    for (std::size_t i = 0; i < m; ++i)
      if (!tile.far[i]) [[unlikely]] {
        double sq;
        tile.label[i] =
            static_cast<std::int32_t>(referenceNearest(x + i * d, c.original, c.k, d, sq));
        out.inertia += sq;
        ++out.fallbacks;
      }
    // Lane-wise sums of the estimates: no serial chain of additions through every point.
    for (std::size_t i = 0; i < T; ++i) inertiaLanes[i % W] += static_cast<double>(tile.best[i]);

    std::uint32_t* labels = t.labels + t.first + i0;
    if (m == T) {
      for (int p = 0; p < P; ++p) {
        VI now, before;
        __builtin_memcpy(&now, tile.label + p * W, sizeof now);
        __builtin_memcpy(&before, labels + p * W, sizeof before);
        changedLanes -= now != before;  // a true comparison is −1
        __builtin_memcpy(labels + p * W, &now, sizeof now);
      }
    } else {
      for (std::size_t i = 0; i < m; ++i) {
        out.changed += labels[i] != static_cast<std::uint32_t>(tile.label[i]);
        labels[i] = static_cast<std::uint32_t>(tile.label[i]);
      }
    }
    for (std::size_t i = 0; i < m; ++i) {
      const auto l = static_cast<std::size_t>(tile.label[i]);
      const float* row = x + i * d;
      double* s = t.sums + l * d;
      for (std::size_t j = 0; j < d; ++j) s[j] += static_cast<double>(row[j]);
      ++t.counts[l];
    }
  }
  for (int l = 0; l < W; ++l) {
    out.inertia += inertiaLanes[l];
    out.changed += static_cast<std::uint64_t>(changedLanes[l]);
  }
  out.evaluations += t.count * c.k;
}

// The nearest and second-nearest centroids of contiguous rows (Hamerly's full recomputation):
// per row the label, the estimate of the squared distance to it and a lower bound on the
// squared distance to every other centroid (the second-smallest estimate less the error
// bound: every other estimate is at least that large); decided = 0 where the two are too
// close to call.
template <int W, int P>
[[gnu::always_inline]] inline void nearestRows(const KernelCentroids& c, const KernelNearest& q) {
  constexpr std::size_t T = static_cast<std::size_t>(W * P);
  Tile<T> tile;
  for (std::size_t i0 = 0; i0 < q.count; i0 += T) {
    const std::size_t m = q.count - i0 < T ? q.count - i0 : T;
    nearestTile<W, P>(c, q.rows + i0 * c.d, m, q.scratch, tile);
    for (std::size_t i = 0; i < m; ++i) {
      const float lower = tile.second[i] - tile.bound[i];
      q.label[i0 + i] = tile.label[i];
      q.best[i0 + i] = tile.best[i] > 0.0f ? tile.best[i] : 0.0f;
      q.secondLower[i0 + i] = lower > 0.0f ? lower : 0.0f;
      q.decided[i0 + i] = tile.far[i] != 0;
    }
  }
}

// The sum of a vector's lanes as a tree (lane l + lane l + W/2, then + W/4 …): log2(W)
// shuffle-and-add steps instead of a chain of W dependent additions.
template <int W, class V, class VI, int... L>
[[gnu::always_inline]] inline float horizontalSum(V v, std::integer_sequence<int, L...>) {
  if constexpr (W >= 16) v += __builtin_shuffle(v, VI{((L + 8) % W)...});
  if constexpr (W >= 8) v += __builtin_shuffle(v, VI{((L + 4) % W)...});
  v += __builtin_shuffle(v, VI{((L + 2) % W)...});
  v += __builtin_shuffle(v, VI{((L + 1) % W)...});
  return v[0];
}

// Squared distance of each row to its own centroid, direct form Σ(x − c)² in float32: every
// term is non-negative, so the relative error is at most (d + 3)·u (2^-24 units).
template <int W>
[[gnu::always_inline]] inline void assignedDistances(const KernelCentroids& c,
                                                     const KernelAssigned& q) {
  using V = typename Vec<W>::F;
  const std::size_t d = c.d, full = d / W * W;
  for (std::size_t i = 0; i < q.count; ++i) {
    const float* x = q.rows + i * d;
    const float* m = c.original + static_cast<std::size_t>(q.labels[i]) * d;
    V acc = V{} + 0.0f;
    for (std::size_t j = 0; j < full; j += W) {
      V a, b;
      load(a, x + j);
      load(b, m + j);
      const V diff = a - b;
      acc += diff * diff;
    }
    float s = horizontalSum<W, V, typename Vec<W>::I>(acc, std::make_integer_sequence<int, W>{});
    for (std::size_t j = full; j < d; ++j) {
      const float diff = x[j] - m[j];
      s += diff * diff;
    }
    q.out[i] = s;
  }
}

}  // namespace
}  // namespace tunelab::workloads::kmeans
