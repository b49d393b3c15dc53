#include "tunelab/render/html.h"

#include <cctype>
#include <sstream>

namespace tunelab::render {
namespace {

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// The Markdown's emoji as coloured marks a page can always draw: a machine without an emoji
// font (a CI runner, a headless browser) shows the emoji as empty boxes.
std::string symbols(std::string s) {
  static const std::pair<std::string_view, std::string_view> kMarks[] = {
      {"🔴", "<span class=\"mark bad\" title=\"regression\">●</span>"},
      {"🟢", "<span class=\"mark good\" title=\"faster\">●</span>"},
      {"🟡", "<span class=\"mark warn\" title=\"noisy\">●</span>"},
      {"⚪", "<span class=\"mark none\" title=\"unchanged\">○</span>"},
      {"❌", "<span class=\"mark bad\" title=\"failed\">✗</span>"},
      {"❔", "<span class=\"mark warn\" title=\"undecided\">?</span>"},
      {"➖", "<span class=\"mark none\" title=\"on one side only\">–</span>"},
      {"⚠️", "<span class=\"mark warn\" title=\"caveat\">!</span>"}};
  for (const auto& [emoji, mark] : kMarks)
    for (auto at = s.find(emoji); at != std::string::npos; at = s.find(emoji, at + mark.size()))
      s.replace(at, emoji.size(), mark);
  return s;
}

// `code` and **bold** within a line of text, escaped.
std::string inlineHtml(std::string_view s) {
  std::string out;
  bool code = false, bold = false;
  std::string text;
  auto flush = [&] {
    out += symbols(escape(text));
    text.clear();
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '`') {
      flush();
      out += code ? "</code>" : "<code>";
      code = !code;
    } else if (!code && s.compare(i, 2, "**") == 0) {
      flush();
      out += bold ? "</strong>" : "<strong>";
      bold = !bold;
      ++i;
    } else if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '|') {
      text += '|';
      ++i;
    } else {
      text += s[i];
    }
  }
  flush();
  if (code) out += "</code>";
  if (bold) out += "</strong>";
  return out;
}

// The cells of a table row "| a | b \| c |".
std::vector<std::string> cells(std::string_view row) {
  std::vector<std::string> out;
  std::string cell;
  for (std::size_t i = 1; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cell += "\\|";
      ++i;
    } else if (row[i] == '|') {
      while (!cell.empty() && cell.back() == ' ') cell.pop_back();
      const auto start = cell.find_first_not_of(' ');
      out.push_back(start == std::string::npos ? std::string() : cell.substr(start));
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  return out;
}

std::string anchor(std::string_view heading) {
  std::string out = "w-";
  for (char c : heading)
    out += (std::isalnum(static_cast<unsigned char>(c)) ? c : '-');
  return out;
}

std::string inlineSvg(std::string_view svg) {
  // Drop the XML prolog and any DOCTYPE: an inline <svg> is an element of the page.
  const auto start = svg.find("<svg");
  return start == std::string_view::npos ? std::string() : std::string(svg.substr(start));
}

constexpr std::string_view kStyle = R"(
:root { color-scheme: light dark; --fg: #1d2430; --bg: #ffffff; --muted: #5b6472;
        --line: #d8dde5; --head: #f3f5f8; --code: #eef1f5; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e9ee; --bg: #161a20; --muted: #9aa3ae; --line: #2e3540; --head: #1f252d;
          --code: #242b34; }
  figure { background: #ffffff; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 12px 16px 48px; color: var(--fg);
       background: var(--bg); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.5em; margin: 0.4em 0; }
h2 { font-size: 1.3em; margin: 1.6em 0 0.4em; padding-top: 0.4em; border-top: 2px solid var(--line); }
h3 { font-size: 1.05em; margin: 1.2em 0 0.3em; }
p, li { overflow-wrap: anywhere; }
nav a { margin-right: 0.8em; white-space: nowrap; }
code { font: 0.9em ui-monospace, "DejaVu Sans Mono", monospace; background: var(--code);
       padding: 0 0.25em; border-radius: 3px; overflow-wrap: anywhere; }
.table { overflow-x: auto; margin: 0.5em 0 1em; border: 1px solid var(--line); border-radius: 4px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.88em; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { background: var(--head); position: sticky; top: 0; text-align: left; }
td.n, th.n { text-align: right; }
.mark { font-weight: bold; }
.mark.bad { color: #c62828; } .mark.good { color: #2e7d32; } .mark.warn { color: #b7791f; }
.mark.none { color: var(--muted); }
blockquote { margin: 0.6em 0; padding: 0.2em 0.8em; border-left: 3px solid var(--line);
             color: var(--muted); }
tr:last-child td { border-bottom: none; }
figure { margin: 0.6em 0 1em; border: 1px solid var(--line); border-radius: 4px; padding: 4px; }
figure svg { display: block; width: 100%; height: auto; }
/* Qt names its font "Sans Serif", which no browser knows: it would fall back to a serif. */
figure svg text { font-family: "DejaVu Sans", system-ui, sans-serif; }
.notes { color: var(--muted); }
)";

}  // namespace

std::string htmlPage(std::string_view title, std::string_view markdown,
                     const std::vector<HtmlChart>& charts, const std::vector<std::string>& notes) {
  std::vector<std::string> lines;
  {
    std::istringstream in{std::string(markdown)};
    for (std::string l; std::getline(in, l);) lines.push_back(l);
  }
  std::string body, nav;
  std::string paragraph;
  bool inList = false;
  auto endParagraph = [&] {
    if (!paragraph.empty()) body += "<p>" + inlineHtml(paragraph) + "</p>\n";
    paragraph.clear();
  };
  auto endList = [&] {
    if (inList) body += "</ul>\n";
    inList = false;
  };
  std::string workload;  // the section the lines are in
  auto chartsOf = [&](std::string_view section) {
    for (const auto& c : charts)
      if (c.workload == workload && c.section == section)
        body += "<figure>" + inlineSvg(c.svg) + "</figure>\n";
  };
  bool titled = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.empty()) {
      endParagraph();
      endList();
      continue;
    }
    const auto hashes = l.find_first_not_of('#');
    if (hashes != std::string::npos && hashes >= 3 && hashes <= 5 && l[hashes] == ' ') {
      endParagraph();
      endList();
      const std::string text = l.substr(hashes + 1);
      if (hashes == 3) {
        body += "<h1>" + inlineHtml(text) + "</h1>\n";
        titled = true;
        if (!notes.empty()) {
          body += "<div class=\"notes\">";
          for (const auto& n : notes) body += "<p>" + escape(n) + "</p>";
          body += "</div>\n";
        }
        workload.clear();
        chartsOf("");
      } else if (hashes == 4) {
        body += "<h2 id=\"" + anchor(text) + "\">" + inlineHtml(text) + "</h2>\n";
        nav += "<a href=\"#" + anchor(text) + "\">" + escape(text) + "</a>";
        workload = text;
        chartsOf("");
      } else {
        body += "<h3>" + inlineHtml(text) + "</h3>\n";
        chartsOf(text);
      }
      continue;
    }
    if (l[0] == '|' && i + 1 < lines.size() && lines[i + 1].rfind("|--", 0) == 0) {
      endParagraph();
      endList();
      const auto head = cells(l);
      const auto align = cells(lines[i + 1]);
      auto numeric = [&](std::size_t c) {
        return c < align.size() && align[c].size() > 1 && align[c].back() == ':';
      };
      body += "<div class=\"table\"><table>\n<thead><tr>";
      for (std::size_t c = 0; c < head.size(); ++c)
        body += std::string(numeric(c) ? "<th class=\"n\">" : "<th>") + inlineHtml(head[c]) + "</th>";
      body += "</tr></thead>\n<tbody>\n";
      i += 2;
      for (; i < lines.size() && !lines[i].empty() && lines[i][0] == '|'; ++i) {
        body += "<tr>";
        const auto row = cells(lines[i]);
        for (std::size_t c = 0; c < head.size(); ++c)
          body += std::string(numeric(c) ? "<td class=\"n\">" : "<td>") +
                  inlineHtml(c < row.size() ? row[c] : "") + "</td>";
        body += "</tr>\n";
      }
      body += "</tbody></table></div>\n";
      --i;
      continue;
    }
    if (l.rfind("> ", 0) == 0) {
      endParagraph();
      endList();
      body += "<blockquote>" + inlineHtml(l.substr(2)) + "</blockquote>\n";
      continue;
    }
    if (l.rfind("- ", 0) == 0) {
      endParagraph();
      if (!inList) body += "<ul>\n";
      inList = true;
      body += "<li>" + inlineHtml(l.substr(2)) + "</li>\n";
      continue;
    }
    if (l.rfind("<details>", 0) == 0 || l.rfind("</details>", 0) == 0) {
      endParagraph();
      endList();
      // compare's Markdown folds long lists: <details><summary>…</summary> passes through.
      const auto summary = l.find("<summary>");
      const auto end = l.find("</summary>");
      if (l.rfind("</details>", 0) == 0)
        body += "</details>\n";
      else if (summary != std::string::npos && end != std::string::npos)
        body += "<details><summary>" + escape(l.substr(summary + 9, end - summary - 9)) +
                "</summary>\n";
      else
        body += "<details>\n";
      continue;
    }
    endList();
    paragraph += (paragraph.empty() ? "" : " ") + l;
  }
  endParagraph();
  endList();
  if (!titled) body = "<h1>" + escape(title) + "</h1>\n" + body;
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta name=\"generator\" content=\"tunelab\">\n<title>" +
                     escape(title) + "</title>\n<style>" + std::string(kStyle) +
                     "</style>\n</head>\n<body>\n";
  if (!nav.empty()) {
    // The sections' headings follow the title: link them after it.
    const auto afterTitle = body.find("</h1>\n");
    body.insert(afterTitle == std::string::npos ? 0 : afterTitle + 6, "<nav>" + nav + "</nav>\n");
  }
  return page + body + "</body>\n</html>\n";
}

}  // namespace tunelab::render
