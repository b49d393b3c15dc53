#pragma once

#include <string>
#include <vector>

#include "tunelab/workloads/factor/blas.h"
#include "tunelab/workloads/factor/factorizations.h"

// OpenBLAS + LAPACKE behind plain functions, so that no other file sees their headers.
namespace tunelab::workloads::factor::lapack {

// OpenBLAS keeps its own thread pool: `lapack` cases set it to their p; every other case sets
// it to 1 so that the oracle and generator calls never leave OpenBLAS threads spinning next
// to a measured run.
void setThreads(int threads);
std::string coreName();  // the kernel set OpenBLAS chose for this CPU ("Haswell", …)

int potrf(View a);                                    // LAPACK info
int getrf(View a, std::vector<std::size_t>& pivots);  // LAPACK info
void geqrf(View a, std::vector<double>& tau);
void orgqr(View q, const std::vector<double>& tau);  // in place: reflectors → Q
bool gesdd(ConstView a, SvdResult& out);             // thin U, s, V; false: no convergence
std::vector<double> singularValues(ConstView a);     // empty on failure
void gemm(Op ta, Op tb, double alpha, ConstView a, ConstView b, double beta, View c);

}  // namespace tunelab::workloads::factor::lapack
