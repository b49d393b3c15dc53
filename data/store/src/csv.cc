#include "tunelab/store/csv.h"

#include <charconv>

namespace tunelab::store {

std::string csvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void CsvWriter::separate() {
  if (m_rowStarted) m_out << ',';
  m_rowStarted = true;
}

CsvWriter& CsvWriter::field(std::string_view text) {
  separate();
  m_out << csvField(text);
  return *this;
}

CsvWriter& CsvWriter::field(double value) {
  separate();
  // Shortest representation that reads back to the same double.
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  m_out.write(buf, end - buf);
  return *this;
}

CsvWriter& CsvWriter::field(long long value) {
  separate();
  m_out << value;
  return *this;
}

CsvWriter& CsvWriter::empty() {
  separate();
  return *this;
}

void CsvWriter::endRow() {
  m_out << '\n';
  m_rowStarted = false;
}

void CsvWriter::row(std::initializer_list<std::string_view> fields) {
  for (auto f : fields) field(f);
  endRow();
}

}  // namespace tunelab::store
