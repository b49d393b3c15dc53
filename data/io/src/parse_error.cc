#include "tunelab/io/parse_error.h"

namespace tunelab::io {

model::Error parseError(const Location& where, std::string_view what, std::string_view hint) {
  std::string msg = where.file;
  if (where.line > 0) {
    msg += ':' + std::to_string(where.line);
    if (where.column > 0) msg += ':' + std::to_string(where.column);
  } else if (where.column > 0) {
    msg += " (byte " + std::to_string(where.column) + ")";
  }
  msg += ": ";
  msg += what;
  if (!hint.empty()) {
    msg += ". ";
    msg += hint;
  }
  return model::Error{model::ErrorKind::Input, std::move(msg)};
}

}  // namespace tunelab::io
