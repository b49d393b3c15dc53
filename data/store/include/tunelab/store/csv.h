#pragma once

#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>

namespace tunelab::store {

// RFC 4180 output: fields with a comma, quote, CR or LF are quoted, quotes doubled.
std::string csvField(std::string_view text);

// Writes rows of fields; numbers are written with enough digits to read back exactly.
class CsvWriter {
 public:
  explicit CsvWriter(std::ostream& out) : m_out(out) {}
  CsvWriter& field(std::string_view text);
  CsvWriter& field(double value);
  CsvWriter& field(long long value);
  CsvWriter& field(int value) { return field(static_cast<long long>(value)); }
  CsvWriter& empty();  // an empty field: a missing value, never 0
  void endRow();
  void row(std::initializer_list<std::string_view> fields);

 private:
  void separate();
  std::ostream& m_out;
  bool m_rowStarted = false;
};

}  // namespace tunelab::store
