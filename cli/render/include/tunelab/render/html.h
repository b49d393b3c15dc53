#pragma once

// One self-contained HTML page for CI artifacts and e-mail (`tunelab report -f html`,
// `tunelab compare … -f html`): the Markdown report's sections and tables as HTML, inline
// CSS, charts as inline SVG, nothing fetched from the network, readable on a phone (tables
// scroll sideways in their own box, charts scale to the width) and on a desktop.

#include <string>
#include <string_view>
#include <vector>

namespace tunelab::render {

// A chart drawn by `tunelab plot` (the GUI's chart code) as SVG, shown under the heading of
// its workload's section, or of a section within it.
struct HtmlChart {
  std::string workload;  // the "#### workload" heading it belongs under; "" → the top
  std::string svg;       // a whole SVG document (an XML prolog is dropped)
  // The "##### section" heading within the workload's section it goes under ("Stream"); ""
  // → right under the workload's heading.
  std::string section = {};
};

// The page for `markdown` as this project writes it: headings (### … #####), GitHub tables,
// "- " bullets, paragraphs, `code` and **bold**. `notes` go under the title (e.g. why a chart
// is missing).
std::string htmlPage(std::string_view title, std::string_view markdown,
                     const std::vector<HtmlChart>& charts = {},
                     const std::vector<std::string>& notes = {});

}  // namespace tunelab::render
