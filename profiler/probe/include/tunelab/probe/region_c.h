/* The region API for C (and any language that calls C): what TUNELAB_REGION does in C++.
 *
 *   tunelab_region_begin("parse");
 *   parse();
 *   tunelab_region_end("parse");
 *
 * Link libtunelab_probe_c.a (CMake: tunelab::probe_c; pkg-config: tunelab-c), a static
 * library, so that the program still runs where tunelab is not installed. A begin must be
 * ended on the same thread, innermost first; `name` must outlive the program (a literal).
 * Under `tunelab run -- PROGRAM` the time per region is recorded as for C++ (docs/SDK.md);
 * on its own a pair costs two relaxed loads and two branches. */
#ifndef TUNELAB_PROBE_REGION_C_H
#define TUNELAB_PROBE_REGION_C_H

#ifdef __cplusplus
extern "C" {
#endif

void tunelab_region_begin(const char* name);
void tunelab_region_end(const char* name);

#ifdef __cplusplus
}
#endif

#endif
