#include "tunelab/render/table.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

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

Layout layoutFor(std::FILE* stream) {
  Layout layout;
  if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
    char* end = nullptr;
    const long n = std::strtol(columns, &end, 10);
    if (*end == '\0' && n >= 40) {
      layout.width = static_cast<std::size_t>(n);
      return layout;
    }
  }
  winsize ws{};
  if (stream && isatty(fileno(stream)) && ioctl(fileno(stream), TIOCGWINSZ, &ws) == 0 &&
      ws.ws_col >= 40)
    layout.width = ws.ws_col;
  return layout;
}

std::string TextTable::fit(const Layout& layout, std::size_t keyColumns) const {
  keyColumns = std::max<std::size_t>(1, std::min(keyColumns, m_columns.size()));
  auto cell = [](const std::vector<std::string>& row, std::size_t c) -> std::string_view {
    return c < row.size() ? std::string_view(row[c]) : std::string_view();
  };
  // The columns that say something in some row.
  std::vector<std::size_t> kept;
  for (std::size_t c = 0; c < m_columns.size(); ++c) {
    const bool says = c < keyColumns || std::any_of(m_rows.begin(), m_rows.end(), [&](const auto& r) {
                        const auto v = cell(r, c);
                        return !v.empty() && v != "–";
                      });
    if (says) kept.push_back(c);
  }
  std::vector<std::size_t> width(m_columns.size(), 0);
  for (std::size_t c : kept) {
    width[c] = displayWidth(m_columns[c].title);
    for (const auto& row : m_rows) width[c] = std::max(width[c], displayWidth(cell(row, c)));
  }
  std::size_t keyWidth = 0;
  for (std::size_t i = 0; i < keyColumns; ++i) keyWidth += width[kept[i]] + (i ? 2 : 0);
  // Greedy: as many of the other columns beside the key as the width allows.
  std::vector<std::vector<std::size_t>> parts;
  std::vector<std::size_t> part;
  std::size_t used = keyWidth;
  for (std::size_t i = keyColumns; i < kept.size(); ++i) {
    const std::size_t add = 2 + width[kept[i]];
    if (!part.empty() && layout.width != Layout::kUnlimited && used + add > layout.width) {
      parts.push_back(std::move(part));
      part.clear();
      used = keyWidth;
    }
    part.push_back(kept[i]);
    used += add;
  }
  if (!part.empty() || parts.empty()) parts.push_back(std::move(part));
  std::string out;
  for (const auto& columns : parts) {
    std::vector<std::size_t> cols(kept.begin(), kept.begin() + static_cast<long>(keyColumns));
    cols.insert(cols.end(), columns.begin(), columns.end());
    std::vector<Column> titles;
    for (std::size_t c : cols) titles.push_back(m_columns[c]);
    TextTable t(std::move(titles));
    for (const auto& row : m_rows) {
      std::vector<std::string> r;
      for (std::size_t c : cols) r.emplace_back(cell(row, c));
      t.add(std::move(r));
    }
    if (!out.empty()) out += "\n";
    out += t.str();
  }
  return out;
}

std::string wrapText(std::string_view text, std::size_t width, std::string_view indent,
                     std::string_view continuation) {
  std::string out, line(indent);
  std::size_t lineWidth = displayWidth(indent);
  bool lineHasWord = false;
  // Places `piece` on the line, or on the next one where it does not fit; `glued` pieces
  // continue the word before them (no space).
  auto place = [&](std::string_view piece, bool glued) {
    const std::size_t w = displayWidth(piece);
    const std::size_t gap = lineHasWord && !glued ? 1 : 0;
    if (lineHasWord && lineWidth + gap + w > width) {
      out += line + "\n";
      line = std::string(continuation);
      lineWidth = displayWidth(continuation);
      lineHasWord = false;
    } else if (gap) {
      line += ' ';
      ++lineWidth;
    }
    line += piece;
    lineWidth += w;
    lineHasWord = true;
  };
  const std::size_t room = width > displayWidth(continuation) ? width - displayWidth(continuation) : 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto space = text.find(' ', pos);
    const auto word = text.substr(pos, space == std::string_view::npos ? text.npos : space - pos);
    pos = space == std::string_view::npos ? text.size() : space + 1;
    if (word.empty()) continue;
    if (displayWidth(word) <= room || word.find('/') == std::string_view::npos) {
      place(word, false);
      continue;
    }
    // A name longer than a line (a benchmark's, a path) breaks after its slashes.
    bool glued = false;
    for (std::size_t at = 0; at < word.size();) {
      const auto slash = word.find('/', at);
      const auto end = slash == std::string_view::npos ? word.size() : slash + 1;
      place(word.substr(at, end - at), glued);
      glued = true;
      at = end;
    }
  }
  return out + line + "\n";
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
  // Columns after the first with nothing in any row ("" or "–") are left out.
  std::vector<std::size_t> kept;
  for (std::size_t c = 0; c < m_headers.size(); ++c)
    if (c == 0 || m_rows.empty() || std::any_of(m_rows.begin(), m_rows.end(), [&](const auto& r) {
          return c < r.size() && !r[c].empty() && r[c] != "–";
        }))
      kept.push_back(c);
  std::string out = "|";
  for (std::size_t c : kept) out += " " + escapeCell(m_headers[c]) + " |";
  out += "\n|";
  for (std::size_t c : kept) out += c < m_right.size() && m_right[c] ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : m_rows) {
    out += "|";
    for (std::size_t c : kept) out += " " + escapeCell(c < row.size() ? row[c] : "") + " |";
    out += "\n";
  }
  return out;
}

}  // namespace tunelab::render
