#pragma once

// How terminal output looks: colour only where a person reads it (a terminal, NO_COLOR
// unset); files, pipes and CI logs get plain text.

#include <cstdio>
#include <string>
#include <string_view>

namespace tunelab::render {

struct Style {
  bool colour = false;

  std::string red(std::string_view s) const { return wrap("31", s); }
  std::string green(std::string_view s) const { return wrap("32", s); }
  std::string yellow(std::string_view s) const { return wrap("33", s); }
  std::string bold(std::string_view s) const { return wrap("1", s); }
  std::string dim(std::string_view s) const { return wrap("2", s); }

 private:
  std::string wrap(const char* code, std::string_view s) const {
    if (!colour) return std::string(s);
    return "\033[" + std::string(code) + "m" + std::string(s) + "\033[0m";
  }
};

// Colour for `stream` when it is a terminal and the NO_COLOR convention does not forbid it.
Style styleFor(std::FILE* stream);

// Pads `text` to `width` display columns (UTF-8 aware: "µs", "×" and "–" are one column
// each; colour escapes take none). Left- or right-aligned.
std::string padRight(std::string_view text, std::size_t width);
std::string padLeft(std::string_view text, std::size_t width);
std::size_t displayWidth(std::string_view text);

}  // namespace tunelab::render
