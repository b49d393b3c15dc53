#include "csv_reader.h"

#include <stdexcept>

namespace tunelab::testing {

std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, wasQuoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      if (!field.empty() || wasQuoted) throw std::runtime_error("quote inside an unquoted field");
      quoted = wasQuoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      wasQuoted = false;
    } else if (c == '\n') {
      row.push_back(field);
      rows.push_back(row);
      row.clear();
      field.clear();
      wasQuoted = false;
    } else {
      field += c;
    }
  }
  if (quoted) throw std::runtime_error("unterminated quoted field");
  if (!field.empty() || !row.empty()) throw std::runtime_error("last row not terminated by a newline");
  return rows;
}

}  // namespace tunelab::testing
