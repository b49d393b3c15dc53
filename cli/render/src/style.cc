#include "tunelab/render/style.h"

#include <unistd.h>

#include <cstdlib>

namespace tunelab::render {

Style styleFor(std::FILE* stream) {
  const char* noColor = std::getenv("NO_COLOR");
  Style s;
  s.colour = isatty(fileno(stream)) == 1 && !(noColor && *noColor);
  return s;
}

std::size_t displayWidth(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0x1b) {  // ESC [ … m: a colour, no width
      while (i < text.size() && text[i] != 'm') ++i;
      continue;
    }
    if ((c & 0xC0) != 0x80) ++width;  // count lead bytes only
  }
  return width;
}

std::string padRight(std::string_view text, std::size_t width) {
  const std::size_t w = displayWidth(text);
  return std::string(text) + std::string(w < width ? width - w : 0, ' ');
}

std::string padLeft(std::string_view text, std::size_t width) {
  const std::size_t w = displayWidth(text);
  return std::string(w < width ? width - w : 0, ' ') + std::string(text);
}

}  // namespace tunelab::render
