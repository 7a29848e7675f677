#include "rules/output.h"

#include "rules/parser.h"

namespace bw::rules {

namespace {

// End of the placeholder opened at `open` (the index of its '}'), skipping quoted strings so
// a filter like {goods[category = "}"].count} works; npos when unterminated.
size_t placeholder_end(const std::string& s, size_t open) {
  bool quoted = false;
  for (size_t i = open + 1; i < s.size(); ++i) {
    if (quoted) {
      if (s[i] == '\\') {
        ++i;
      } else if (s[i] == '"') {
        quoted = false;
      }
    } else if (s[i] == '"') {
      quoted = true;
    } else if (s[i] == '}') {
      return i;
    }
  }
  return std::string::npos;
}

bool blank(const std::string& s, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    if (s[i] != ' ' && s[i] != '\t') return false;
  }
  return true;
}

}  // namespace

std::optional<OutputTemplate> OutputTemplate::compile(const SourceText& text, Compiler& compiler,
                                                      Diagnostics& diags) {
  OutputTemplate t;
  const std::string& s = text.text;
  std::string literal;
  bool ok = true;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if ((c == '{' || c == '}') && i + 1 < s.size() && s[i + 1] == c) {
      literal += c;
      ++i;
      continue;
    }
    if (c != '{') {
      literal += c;
      continue;
    }
    const size_t end = placeholder_end(s, i);
    if (end == std::string::npos) {
      diags.error_at(text, i, "unterminated '{' in output (write '{{' for a brace)");
      return std::nullopt;
    }
    if (blank(s, i + 1, end)) {
      diags.error_at(text, i, "empty '{}' in output (write '{{' for a brace)");
      ok = false;
    } else if (auto op = parse_operand(text, i + 1, end, diags)) {
      ValuePtr v = compiler.value(*op);
      ok = ok && v != nullptr;
      t.parts_.push_back(Part{std::move(literal), std::move(v)});
      literal.clear();
    } else {
      ok = false;
    }
    i = end;
  }
  if (!ok) return std::nullopt;
  if (!literal.empty()) t.parts_.push_back(Part{std::move(literal), nullptr});
  return t;
}

void OutputTemplate::render(EvalState& st, std::string& out) const {
  for (const Part& p : parts_) {
    out += p.literal;
    if (p.value) append_text(out, p.value->eval(st), st.ctx.event.time.offset_minutes);
  }
}

}  // namespace bw::rules
