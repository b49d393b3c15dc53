#pragma once

#include <QString>
#include <string>
#include <string_view>

#include "tunelab/model/session.h"

namespace tunelab::gui {

// How the GUI writes numbers: the number formats are analysis/format.h's (shared with the
// CLI, so the two read alike), wrapped as QString; the rest is Qt-specific.

// UTF-8 text from the model types.
QString toQString(std::string_view text);

// Shown wherever a value is not defined: a failed run's time, a speedup without a p = 1 run.
QString undefinedText();

// "10.3 ms", "950 µs", "1.25 s"; undefinedText() when not finite.
QString formatDuration(double seconds);
// 1.386 → "1.39×".
QString formatSpeedup(double speedup);
// A fraction as a percentage: 0.6931 → "69%" (decimals = 0) or "69.3%" (decimals = 1).
QString formatPercent(double fraction, int decimals);
// A ratio with two decimals: CPU time over wall time, 1.66 → "1.66".
QString formatRatio(double ratio);
// Integers as integers, everything else with 4 significant digits: "20", "6.068e+05".
QString formatMetric(double value);
// "2026-11-25T04:59:20.724Z" → "2026-11-25 04:59:20" (or "2026-11-25 04:59" without
// seconds, where space is short); the input unchanged if it does not parse.
QString formatTimestamp(const std::string& iso8601, bool withSeconds = true);
// One line about a session for a header: "session 3 "nightly" · complete · started … ·
// host · CPU (8 logical cores) · GNU 12.2.0 · Release build".
QString describeSession(const model::Session& session);

}  // namespace tunelab::gui
