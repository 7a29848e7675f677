#include "rules/yaml_values.h"

#include <yaml-cpp/yaml.h>

#include "rules/reader.h"

namespace bw::rules {

TextOrigin YamlValues::origin(const YAML::Node& n) const {
  const YAML::Mark m = n.Mark();
  if (m.is_null()) return TextOrigin{&source_, 0, 0, 0};
  return TextOrigin{&source_, static_cast<size_t>(m.pos), m.line + 1, m.column + 1};
}

TextOrigin YamlValues::origin(const YAML::Node& n, const YAML::Node& fallback) const {
  return n.IsNull() || n.Mark().is_null() ? origin(fallback) : origin(n);
}

bool YamlValues::string(const YAML::Node& n, const TextOrigin& at, const char* what,
                        std::string& out) {
  if (!n.IsScalar()) {
    diags_.error(at, std::string("'") + what + "' must be a string");
    return false;
  }
  out = n.Scalar();
  return true;
}

bool YamlValues::boolean(const YAML::Node& n, const TextOrigin& at, const char* what, bool& out) {
  if (n.IsScalar() && (n.Scalar() == "true" || n.Scalar() == "false")) {
    out = n.Scalar() == "true";
    return true;
  }
  diags_.error(at, std::string("'") + what + "' must be true or false");
  return false;
}

bool YamlValues::scalar(const YAML::Node& n, const TextOrigin& at, const char* what, Scalar& out) {
  if (!n.IsScalar()) {
    diags_.error(at, std::string("'") + what + "' must be a single value");
    return false;
  }
  out.value = n.Scalar();
  out.origin = at;
  out.plain = n.Tag() == "?";
  return true;
}

bool YamlValues::scalars(const YAML::Node& n, const TextOrigin& at, const char* what,
                         std::vector<Scalar>& out) {
  if (!n.IsSequence()) {
    diags_.error(at, std::string("'") + what + "' must be a sequence such as [a, b]");
    return false;
  }
  bool ok = true;
  for (const YAML::Node& e : n) {
    Scalar s;
    if (scalar(e, origin(e, n), what, s)) {
      out.push_back(std::move(s));
    } else {
      ok = false;
    }
  }
  return ok;
}

const SourceText* YamlValues::text(const YAML::Node& n, const TextOrigin& at, const char* what) {
  std::string s;
  if (!string(n, at, what, s)) return nullptr;
  texts_.push_back(SourceText{std::move(s), at});
  return &texts_.back();
}

bool YamlValues::overrides(const YAML::Node& n, const TextOrigin& at,
                           std::vector<std::pair<std::string, OverrideMode>>& out) {
  if (!n.IsMap()) {
    diags_.error(at, "'override' must be a mapping such as {condition: append}");
    return false;
  }
  for (const auto& kv : n) {
    const std::string key = kv.first.Scalar();
    const std::string mode = kv.second.IsScalar() ? kv.second.Scalar() : std::string();
    if (mode != "append" && mode != "replace") {
      diags_.error(origin(kv.second, kv.first),
                   "override of '" + key + "' must be 'append' or 'replace'");
      return false;
    }
    out.emplace_back(key, mode == "append" ? OverrideMode::kAppend : OverrideMode::kReplace);
  }
  return true;
}

bool YamlValues::exceptions(const YAML::Node& n, const TextOrigin& at,
                            std::vector<ExceptionDef>& out) {
  if (!n.IsSequence()) {
    diags_.error(at, "'exceptions' must be a sequence of {name, fields, comps, values}");
    return false;
  }
  bool ok = true;
  for (const YAML::Node& e : n) {
    ExceptionDef def;
    if (exception(e, def)) {
      out.push_back(std::move(def));
    } else {
      ok = false;
    }
  }
  return ok;
}

bool YamlValues::exception(const YAML::Node& n, ExceptionDef& out) {
  out.origin = origin(n);
  if (!n.IsMap()) {
    diags_.error(out.origin, "an exception must be a mapping {name, fields, comps, values}");
    return false;
  }
  bool ok = true;
  for (const auto& kv : n) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    const TextOrigin at = origin(v, kv.first);
    if (key == "name") {
      ok = string(v, at, "name", out.name) && ok;
    } else if (key == "fields" || key == "comps") {
      std::vector<Scalar> list;
      const bool single = v.IsScalar();
      if (single) {
        list.emplace_back();
        ok = scalar(v, at, key.c_str(), list.back()) && ok;
      } else {
        ok = scalars(v, at, key.c_str(), list) && ok;
      }
      if (key == "comps") {
        out.comps = std::move(list);
        continue;
      }
      out.single_field = single;
      for (const Scalar& f : list) {
        texts_.push_back(SourceText{f.value, f.origin});
        out.fields.push_back(&texts_.back());
      }
    } else if (key == "values") {
      if (!v.IsSequence()) {
        diags_.error(at, "exception 'values' must be a sequence");
        ok = false;
        continue;
      }
      for (const YAML::Node& e : v) {
        out.entries.emplace_back();
        ok = entry(e, out.entries.back()) && ok;
      }
    } else {
      diags_.error(origin(kv.first),
                   "unknown key '" + key + "' in exception (allowed: name, fields, comps, values)");
      ok = false;
    }
  }
  if (out.name.empty()) {
    diags_.error(out.origin, "an exception needs a 'name'");
    ok = false;
  }
  return ok;
}

bool YamlValues::entry(const YAML::Node& n, ExceptionEntry& out) {
  out.origin = origin(n);
  if (n.IsScalar()) {
    out.is_seq = false;
    return scalar(n, out.origin, "values", out.scalar);
  }
  if (!n.IsSequence()) {
    diags_.error(out.origin, "an exception value must be a value or a sequence of values");
    return false;
  }
  out.is_seq = true;
  bool ok = true;
  for (const YAML::Node& e : n) {
    out.elements.emplace_back();
    ok = value(e, out.elements.back()) && ok;
  }
  return ok;
}

bool YamlValues::value(const YAML::Node& n, ExceptionValue& out) {
  out.origin = origin(n);
  if (n.IsSequence()) {
    out.is_list = true;
    return scalars(n, out.origin, "values", out.scalars);
  }
  out.scalars.emplace_back();
  return scalar(n, out.origin, "values", out.scalars.back());
}

}  // namespace bw::rules
