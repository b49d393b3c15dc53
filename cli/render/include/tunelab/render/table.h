#pragma once

// A plain text table: columns sized to their widest cell, numbers right-aligned. Used by
// every terminal view so that they line up the same way.

#include <string>
#include <vector>

namespace tunelab::render {

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

 private:
  std::vector<Column> m_columns;
  std::vector<std::vector<std::string>> m_rows;
};

// A GitHub-flavoured Markdown table; `|` in cells is escaped.
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
