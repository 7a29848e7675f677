// Small value types of rule_set.h: priorities and diagnostic text.
#include <cctype>

#include "rules/rule_set.h"

namespace bw::rules {

namespace {

constexpr const char* kPriorityNames[] = {"info", "low", "medium", "high", "critical"};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

}  // namespace

const char* to_string(Priority p) {
  return kPriorityNames[static_cast<int>(p)];
}

bool parse_priority(std::string_view s, Priority& out) {
  for (int i = 0; i < 5; ++i) {
    if (iequals(s, kPriorityNames[i])) {
      out = static_cast<Priority>(i);
      return true;
    }
  }
  return false;
}

std::string Diagnostic::to_string() const {
  std::string out = file.empty() ? std::string("<rules>") : file;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  out += severity == Severity::kError ? ": error: " : ": warning: ";
  out += message;
  return out;
}

std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) return {};
  std::string out;
  size_t errors = 0;
  for (const auto& d : diagnostics) {
    out += d.to_string();
    out += '\n';
    if (d.severity == Diagnostic::Severity::kError) ++errors;
  }
  const size_t warnings = diagnostics.size() - errors;
  out += std::to_string(errors) + (errors == 1 ? " error, " : " errors, ");
  out += std::to_string(warnings) + (warnings == 1 ? " warning\n" : " warnings\n");
  return out;
}

}  // namespace bw::rules
