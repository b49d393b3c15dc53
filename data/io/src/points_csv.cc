#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "atomic_file.h"
#include "tunelab/io/parse_error.h"
#include "tunelab/io/points.h"

namespace tunelab::io {
namespace {

using model::Error;
using model::ErrorKind;

// One line that holds data, its comment and line ending removed. `number` is 1-based.
struct Line {
  std::string_view text;
  std::size_t number = 0;
};

// Lines with content, in order; comments ('#' outside quotes), '\r' and blank lines go.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : m_rest(text) {
    if (m_rest.substr(0, 3) == "\xEF\xBB\xBF") m_rest.remove_prefix(3);  // a UTF-8 BOM
  }
  bool next(Line& out) {
    while (!m_done) {
      const auto nl = m_rest.find('\n');
      std::string_view line = m_rest.substr(0, nl);
      if (nl == std::string_view::npos)
        m_done = true;
      else
        m_rest.remove_prefix(nl + 1);
      ++m_number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      bool quoted = false;
      for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '"') quoted = !quoted;
        if (line[i] == '#' && !quoted) {
          line = line.substr(0, i);
          break;
        }
      }
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      out = {line, m_number};
      return true;
    }
    return false;
  }

 private:
  std::string_view m_rest;
  std::size_t m_number = 0;
  bool m_done = false;
};

struct Field {
  std::string_view text;  // trimmed, quotes still on
  std::size_t column;     // 1-based character position in the line, for messages
};

// ',' ';' or tab when the first data line has one (outside quotes), else runs of blanks.
char detectDelimiter(std::string_view line) {
  bool quoted = false;
  for (char want : {',', '\t', ';'})
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      if (c == want && !quoted) return want;
    }
  return ' ';
}

void split(std::string_view line, char delim, std::vector<Field>& out) {
  out.clear();
  const auto isBlank = [](char c) { return c == ' ' || c == '\t'; };
  std::size_t i = 0;
  if (delim == ' ') {
    while (i < line.size()) {
      while (i < line.size() && isBlank(line[i])) ++i;
      if (i == line.size()) break;
      std::size_t start = i;
      bool quoted = false;
      while (i < line.size() && (quoted || !isBlank(line[i]))) quoted ^= line[i++] == '"';
      out.push_back({line.substr(start, i - start), start + 1});
    }
    return;
  }
  for (;;) {
    std::size_t start = i;
    bool quoted = false;
    while (i < line.size() && (quoted || line[i] != delim)) quoted ^= line[i++] == '"';
    std::size_t b = start, e = i;
    while (b < e && isBlank(line[b])) ++b;
    while (e > b && isBlank(line[e - 1])) --e;
    out.push_back({line.substr(b, e - b), b + 1});
    if (i == line.size()) break;
    ++i;  // past the delimiter: a trailing one makes an empty last field
  }
}

std::string unquote(std::string_view s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::string(s);
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    out += s[i];
    if (s[i] == '"' && s[i + 1] == '"') ++i;
  }
  return out;
}

enum class Parsed { Number, Empty, NotANumber, NonFinite, OutOfRange };

Parsed parseFloat(std::string_view s, float& out) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  if (s.empty()) return Parsed::Empty;
  if (s.front() == '+' && s.size() > 1 && s[1] != '-' && s[1] != '+') s.remove_prefix(1);
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, out);
  if (ptr != end || ec == std::errc::invalid_argument) return Parsed::NotANumber;
  if (ec == std::errc::result_out_of_range) {
    // Too large for float32 is refused; too small underflows to the nearest float, as any
    // float32 reader would round it.
    double wide = 0;
    std::from_chars(s.data(), end, wide);
    if (std::isfinite(wide) && std::abs(wide) < 1.0) {
      out = static_cast<float>(wide);
      return Parsed::Number;
    }
    return Parsed::OutOfRange;
  }
  return std::isfinite(out) ? Parsed::Number : Parsed::NonFinite;
}

bool isNumber(std::string_view s) {
  float ignored = 0;
  const Parsed p = parseFloat(s, ignored);
  return p == Parsed::Number || p == Parsed::NonFinite || p == Parsed::OutOfRange;
}

// Python's csv.Sniffer idea: line 1 is a header when some field is text where the next line
// has a number. Without a next line, when no field of line 1 is a number.
bool looksLikeHeader(const std::vector<Field>& first, const std::vector<Field>* second) {
  bool anyText = false, anyNumber = false;
  for (std::size_t j = 0; j < first.size(); ++j) {
    const bool text = !isNumber(first[j].text);
    anyText = anyText || text;
    anyNumber = anyNumber || !text;
    if (text && second && j < second->size() && isNumber((*second)[j].text)) return true;
  }
  return !second && anyText && !anyNumber;
}

std::string columnLabel(std::size_t index, const std::vector<std::string>& names) {
  std::string s = "column " + std::to_string(index + 1);
  if (index < names.size() && !names[index].empty()) s += " ('" + names[index] + "')";
  return s;
}

std::string quoteForMessage(std::string_view s) {
  constexpr std::size_t kMax = 40;
  std::string out(s.substr(0, kMax));
  if (s.size() > kMax) out += "…";
  return "'" + out + "'";
}

// "2,4-5,petal_width" → 0-based column indices, in the order given.
model::Result<std::vector<std::size_t>> selectColumns(const std::string& spec, std::size_t fields,
                                                      const std::vector<std::string>& names,
                                                      const Location& where) {
  std::vector<std::size_t> out;
  if (spec.empty() || spec == "all") {
    for (std::size_t j = 0; j < fields; ++j) out.push_back(j);
    return out;
  }
  const std::string available =
      names.empty() ? "this file has no header, so select by number: 1 to " + std::to_string(fields)
                    : "columns are 1 to " + std::to_string(fields) + " or the header's names";
  std::stringstream items(spec);
  std::string item;
  while (std::getline(items, item, ',')) {
    const auto b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
    item = b == std::string::npos ? "" : item.substr(b, e - b + 1);
    std::size_t lo = 0, hi = 0;
    const char* s = item.data();
    const char* end = s + item.size();
    auto [p1, ec1] = std::from_chars(s, end, lo);
    bool numeric = ec1 == std::errc() && p1 == end;
    if (!numeric && ec1 == std::errc() && p1 < end && *p1 == '-') {
      auto [p2, ec2] = std::from_chars(p1 + 1, end, hi);
      numeric = ec2 == std::errc() && p2 == end;
      if (numeric && (lo == 0 || hi < lo))
        return parseError(where, "columns=" + spec + ": the range '" + item + "' is empty",
                          "Write ranges as FIRST-LAST with 1 <= FIRST <= LAST");
    } else {
      hi = lo;
    }
    if (numeric) {
      if (lo == 0 || hi > fields)
        return parseError(
            where, "columns=" + spec + ": '" + item + "' is not a column of this file", available);
      for (std::size_t j = lo; j <= hi; ++j) out.push_back(j - 1);
      continue;
    }
    std::size_t found = names.size();
    for (std::size_t j = 0; j < names.size(); ++j)
      if (names[j] == item) found = j;
    if (found == names.size()) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      return parseError(where, "columns=" + spec + ": no column named '" + item + "'",
                        names.empty() ? available : "The header names: " + list);
    }
    out.push_back(found);
  }
  for (std::size_t a = 0; a < out.size(); ++a)
    for (std::size_t b = a + 1; b < out.size(); ++b)
      if (out[a] == out[b])
        return parseError(
            where, "columns=" + spec + ": " + columnLabel(out[a], names) + " is selected twice",
            "Name each column once");
  if (out.empty()) return parseError(where, "columns=" + spec + " selects no column", available);
  return out;
}

// A header name as a field: quoted when it holds a delimiter, quote or comment sign.
std::string csvName(const std::string& name) {
  if (name.find_first_of(",;\t\"# ") == std::string::npos) return name;
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

model::Result<PointTable> parsePointsCsv(std::string_view text, const std::string& name,
                                         const CsvOptions& options) {
  LineReader reader(text);
  Line first, second;
  if (!reader.next(first))
    return parseError({name, 0, 0}, "no data rows: the file is empty or has only comments",
                      "A points CSV has one point per line, its coordinates separated by commas");
  const bool haveSecond = reader.next(second);
  const char delim = detectDelimiter(first.text);

  std::vector<Field> fields, secondFields;
  split(first.text, delim, fields);
  if (haveSecond) split(second.text, delim, secondFields);
  bool header = options.header == HeaderMode::Present;
  if (options.header == HeaderMode::Auto)
    header = looksLikeHeader(fields, haveSecond ? &secondFields : nullptr);

  PointTable table;
  std::vector<std::string> names;
  if (header)
    for (const auto& f : fields) names.push_back(unquote(f.text));
  const std::size_t expected = fields.size();
  const std::size_t shapeLine = header ? (haveSecond ? second.number : first.number) : first.number;

  auto columns = selectColumns(options.columns, expected, names, {name, first.number, 0});
  if (!columns) return columns.error();
  table.cols = columns->size();
  if (header)
    for (std::size_t j : *columns) table.names.push_back(names[j]);

  auto parseRow = [&](const Line& line, const std::vector<Field>& row) -> model::Status {
    if (row.size() != expected) {
      const std::size_t col = row.size() > expected ? row[expected].column : line.text.size() + 1;
      return parseError(
          {name, line.number, col},
          "this line has " + std::to_string(row.size()) + " fields, expected " +
              std::to_string(expected) +
              (header ? " like the header" : " like line " + std::to_string(shapeLine)),
          "Every row needs the same number of fields; fix or remove the line");
    }
    for (std::size_t j : *columns) {
      float v = 0;
      switch (parseFloat(row[j].text, v)) {
        case Parsed::Number:
          break;
        case Parsed::Empty:
          return parseError({name, line.number, row[j].column},
                            "empty field in " + columnLabel(j, names),
                            "Every selected column needs a number on every row");
        case Parsed::NotANumber:
          return parseError({name, line.number, row[j].column},
                            "expected a number in " + columnLabel(j, names) + ", found " +
                                quoteForMessage(row[j].text),
                            line.number == first.number
                                ? "If this line is a header, give every column a name; to skip "
                                  "text columns select the numeric ones (columns=1,3-4)"
                                : "Fix the value, or select only numeric columns (columns=1,3-4)");
        case Parsed::NonFinite:
          return parseError({name, line.number, row[j].column},
                            quoteForMessage(row[j].text) + " in " + columnLabel(j, names) +
                                " is not a finite number",
                            "k-means needs finite coordinates: remove or impute the row");
        case Parsed::OutOfRange:
          return parseError({name, line.number, row[j].column},
                            quoteForMessage(row[j].text) + " in " + columnLabel(j, names) +
                                " is outside the float32 range (about ±3.4e38)",
                            "Rescale the column");
      }
      table.values.push_back(v);
    }
    ++table.rows;
    return model::Ok{};
  };

  if (!header)
    if (auto s = parseRow(first, fields); !s) return s.error();
  if (haveSecond)
    if (auto s = parseRow(second, secondFields); !s) return s.error();
  Line line;
  while (reader.next(line)) {
    split(line.text, delim, fields);
    if (auto s = parseRow(line, fields); !s) return s.error();
  }
  if (table.rows == 0)
    return parseError({name, first.number, 0},
                      "no data rows: the file has a header and nothing else",
                      "Add one point per line below the header");
  return table;
}

model::Result<PointTable> readPointsCsv(const std::string& path, const CsvOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error{ErrorKind::Input,
                 "cannot read " + path + ": " + std::strerror(errno) +
                     ". Check the path (relative paths start in the current directory)."};
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad())
    return Error{ErrorKind::Input, "reading " + path + " failed: " + std::strerror(errno)};
  return parsePointsCsv(text, path, options);
}

model::Status writePointsCsv(const std::string& path, const PointTable& table,
                             const std::vector<std::string>& comments) {
  if (table.values.size() != table.rows * table.cols)
    return Error{ErrorKind::Usage, "writePointsCsv: table has " +
                                       std::to_string(table.values.size()) + " values for " +
                                       std::to_string(table.rows) + " × " +
                                       std::to_string(table.cols)};
  auto file = AtomicFile::open(path);
  if (!file) return file.error();
  std::string buf;
  for (const auto& c : comments) buf += "# " + c + "\n";
  if (!table.names.empty()) {
    for (std::size_t j = 0; j < table.names.size(); ++j)
      buf += (j ? "," : "") + csvName(table.names[j]);
    buf += '\n';
  }
  char num[32];
  for (std::size_t i = 0; i < table.rows; ++i) {
    for (std::size_t j = 0; j < table.cols; ++j) {
      if (j) buf += ',';
      // Shortest text that reads back as the same float: a CSV round trip is exact.
      auto [end, ec] = std::to_chars(num, num + sizeof num, table.values[i * table.cols + j]);
      buf.append(num, end);
    }
    buf += '\n';
    if (buf.size() > (1u << 20)) {
      (*file)->write(buf);
      buf.clear();
    }
  }
  (*file)->write(buf);
  return (*file)->commit();
}

}  // namespace tunelab::io
