#pragma once

// A plain text table: columns sized to their widest cell, numbers right-aligned. Used by
// every terminal view so that they line up the same way.

#include <cstddef>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace tunelab::render {

// How wide terminal output may be: the terminal's width (COLUMNS, else the tty's), 120 when
// the output is not a terminal; kUnlimited for `--wide` (one line per row, however long).
struct Layout {
  static constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t kDefaultWidth = 120;
  std::size_t width = kDefaultWidth;
};

// The layout for `stream`: COLUMNS when set to a number, else the terminal's width when
// `stream` is one, else 120.
Layout layoutFor(std::FILE* stream);

// `text` broken at spaces into lines of at most `width` display columns, each starting with
// `indent` (the first) or `continuation` (the others), each ending in a newline. A word longer
// than a line breaks after its slashes (a benchmark's name, a path); one without gets a line of
// its own.
std::string wrapText(std::string_view text, std::size_t width, std::string_view indent = "",
                     std::string_view continuation = "    ");

class TextTable {
 public:
  enum class Align { Left, Right };
  struct Column {
    std::string title;
    Align align = Align::Right;
  };

  explicit TextTable(std::vector<Column> columns) : m_columns(std::move(columns)) {}
  void add(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }
  bool empty() const { return m_rows.empty(); }
  // Two spaces between columns; the header underlined by nothing (perf's style): it reads in
  // a terminal and in a log file alike.
  std::string str(const std::string& indent = "") const;
  // The table as it fits `layout`: columns after the first `keyColumns` that are empty or
  // "–" in every row are left out, and when the rest would pass the width the table is split
  // into stacked tables, each repeating the key columns (what names a row) beside as many of
  // the others as fit, separated by a blank line.
  std::string fit(const Layout& layout, std::size_t keyColumns = 1) const;

 private:
  std::vector<Column> m_columns;
  std::vector<std::vector<std::string>> m_rows;
};

// A GitHub-flavoured Markdown table; `|` in cells is escaped, and columns after the first
// that are empty or "–" in every row are left out.
class MarkdownTable {
 public:
  MarkdownTable(std::vector<std::string> headers, std::vector<bool> rightAligned)
      : m_headers(std::move(headers)), m_right(std::move(rightAligned)) {}
  void add(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }
  bool empty() const { return m_rows.empty(); }
  std::string str() const;

 private:
  std::vector<std::string> m_headers;
  std::vector<bool> m_right;
  std::vector<std::vector<std::string>> m_rows;
};

}  // namespace tunelab::render
