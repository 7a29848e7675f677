#include "rules/diagnostics.h"

#include <algorithm>
#include <cctype>

namespace bw::rules {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// First byte of the scalar's content: after the opening quote, or on the line after a block
// scalar's header (`|`, `>-`, `|2 # comment`...).
size_t content_start(const std::string& src, size_t pos) {
  const char c = src[pos];
  if (c == '"' || c == '\'') return pos + 1;
  if (c == '|' || c == '>') {
    size_t nl = src.find('\n', pos);
    return nl == std::string::npos ? src.size() : nl + 1;
  }
  return pos;
}

}  // namespace

Position locate(const TextOrigin& origin, std::string_view value, size_t offset) {
  if (origin.source == nullptr) return {origin.line, origin.column};
  const std::string& src = origin.source->text;
  size_t start = origin.pos;
  if (src.compare(0, 3, "\xEF\xBB\xBF") == 0) start += 3;  // yaml-cpp does not count a BOM
  if (start >= src.size()) return {origin.line, origin.column};
  size_t j = content_start(src, start);
  offset = std::min(offset, value.size());
  size_t i = 0;
  while (i < offset && j < src.size()) {
    if (src[j] == value[i]) {
      ++i, ++j;
    } else if (is_blank(src[j])) {
      ++j;  // indentation or a line break folded away
    } else if (is_blank(value[i])) {
      ++i;  // a folded line break in the value
    } else {
      ++j;  // an escape character in a quoted scalar
    }
  }
  while (j < src.size() && i == offset && offset < value.size() && is_blank(src[j]) &&
         !is_blank(value[i])) {
    ++j;  // land on the character itself, not the indentation before it
  }
  int line = origin.line;
  size_t line_start = start - std::min<size_t>(start, origin.column - 1);
  for (size_t k = start; k < j && k < src.size(); ++k) {
    if (src[k] == '\n') {
      ++line;
      line_start = k + 1;
    }
  }
  return {line, static_cast<int>(j - line_start) + 1};
}

void Diagnostics::add(Diagnostic::Severity severity, const TextOrigin& origin,
                      std::string message) {
  Diagnostic d;
  d.severity = severity;
  d.file = origin.source != nullptr ? origin.source->name : std::string();
  d.line = origin.line;
  d.column = origin.column;
  d.message = std::move(message);
  push(std::move(d));
}

void Diagnostics::add_at(Diagnostic::Severity severity, const SourceText& text, size_t offset,
                         std::string message) {
  Position p = locate(text.origin, text.text, offset);
  TextOrigin at = text.origin;
  at.line = p.line;
  at.column = p.column;
  add(severity, at, std::move(message));
}

void Diagnostics::push(Diagnostic d) {
  if (d.severity == Diagnostic::Severity::kError) ++errors_;
  list_.push_back(std::move(d));
}

std::vector<Diagnostic> Diagnostics::take_sorted(const std::vector<RuleSource>& sources) {
  auto rank = [&](const Diagnostic& d) {
    for (size_t i = 0; i < sources.size(); ++i) {
      if (sources[i].name == d.file) return i;
    }
    return sources.size();
  };
  std::stable_sort(list_.begin(), list_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    size_t ra = rank(a), rb = rank(b);
    if (ra != rb) return ra < rb;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
  errors_ = 0;
  return std::move(list_);
}

}  // namespace bw::rules
