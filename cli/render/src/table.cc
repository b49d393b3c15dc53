#include "tunelab/render/table.h"

#include <algorithm>

#include "tunelab/render/style.h"

namespace tunelab::render {

std::string TextTable::str(const std::string& indent) const {
  std::vector<std::size_t> width(m_columns.size(), 0);
  for (std::size_t c = 0; c < m_columns.size(); ++c) width[c] = displayWidth(m_columns[c].title);
  for (const auto& row : m_rows)
    for (std::size_t c = 0; c < row.size() && c < width.size(); ++c)
      width[c] = std::max(width[c], displayWidth(row[c]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out = indent;
    for (std::size_t c = 0; c < m_columns.size(); ++c) {
      const std::string cell = c < cells.size() ? cells[c] : "";
      const bool last = c + 1 == m_columns.size();
      if (c) out += "  ";
      if (m_columns[c].align == Align::Right)
        out += padLeft(cell, width[c]);
      else
        out += last ? cell : padRight(cell, width[c]);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::vector<std::string> titles;
  for (const auto& c : m_columns) titles.push_back(c.title);
  std::string out = line(titles);
  for (const auto& row : m_rows) out += line(row);
  return out;
}

namespace {
std::string escapeCell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}
}  // namespace

std::string MarkdownTable::str() const {
  std::string out = "|";
  for (const auto& h : m_headers) out += " " + escapeCell(h) + " |";
  out += "\n|";
  for (std::size_t c = 0; c < m_headers.size(); ++c)
    out += c < m_right.size() && m_right[c] ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : m_rows) {
    out += "|";
    for (std::size_t c = 0; c < m_headers.size(); ++c)
      out += " " + escapeCell(c < row.size() ? row[c] : "") + " |";
    out += "\n";
  }
  return out;
}

}  // namespace tunelab::render
