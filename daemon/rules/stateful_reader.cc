// Read stage of `stateful:` (see stateful.h): shape and value types only; operands and
// conditions are parsed and checked by the compile stage like any other condition.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>

#include "rules/stateful.h"
#include "rules/yaml_values.h"
#include "util/time.h"

namespace bw::rules {

const char* to_string(StatefulKind k) {
  switch (k) {
    case StatefulKind::kCount:
      return "count";
    case StatefulKind::kDistinct:
      return "distinct";
    case StatefulKind::kSum:
      return "sum";
    case StatefulKind::kAbsentAfter:
      return "absent_after";
    case StatefulKind::kAbsentBefore:
      return "absent_before";
    case StatefulKind::kImpossibleTravel:
      return "impossible_travel";
    case StatefulKind::kSequence:
      return "followed_by";
  }
  return "?";
}

namespace {

class StatefulReader {
 public:
  StatefulReader(YamlValues& v, Diagnostics& diags) : v_(v), diags_(diags) {}

  std::shared_ptr<const StatefulDef> read(const YAML::Node& n, const TextOrigin& at) {
    if (!n.IsMap()) {
      diags_.error(at,
                   "stateful must be a mapping such as {aggregate: count, by: ..., within: 7d}");
      return nullptr;
    }
    def_.origin = at;
    bool ok = true;
    int kinds = 0;
    for (const auto& kv : n) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
      const TextOrigin kat = v_.origin(kv.second, kv.first);
      if (key == "aggregate" || key == "absent_after" || key == "absent_before" ||
          key == "impossible_travel" || key == "followed_by") {
        ++kinds;
      }
      ok = value(key, kv.second, kat) && ok;
      def_.canonical += key + '=' + (kv.second.IsScalar() ? kv.second.Scalar() : "?") + ';';
    }
    // followed_by may carry an aggregate: it then counts completed sequences.
    if (sequence_) {
      def_.aggregated = def_.aggregate != nullptr || counted_;
      if (def_.aggregated) --kinds;
      def_.counted = def_.kind;
      def_.kind = StatefulKind::kSequence;
    }
    if (kinds != 1) {
      diags_.error(at,
                   "stateful needs exactly one of aggregate, absent_after, absent_before, "
                   "impossible_travel, followed_by (followed_by may add an aggregate)");
      return nullptr;
    }
    if (def_.where != nullptr && !sequence_) {
      diags_.error(at, "stateful 'where' relates the events of a sequence: it needs followed_by");
      return nullptr;
    }
    ok = required(at) && ok;
    if (!ok) return nullptr;
    return std::make_shared<const StatefulDef>(std::move(def_));
  }

 private:
  bool value(const std::string& key, const YAML::Node& n, const TextOrigin& at) {
    if (key == "by") return (def_.by = v_.text(n, at, "by")) != nullptr;
    if (key == "within") return window(n, at);
    if (key == "threshold") return number(n, at, "threshold", def_.threshold);
    if (key == "aggregate") return aggregate(n, at);
    if (key == "absent_after" || key == "absent_before") {
      def_.kind = key == "absent_after" ? StatefulKind::kAbsentAfter : StatefulKind::kAbsentBefore;
      return (def_.other = v_.text(n, at, key.c_str())) != nullptr;
    }
    if (key == "followed_by") {
      sequence_ = true;
      return (def_.other = v_.text(n, at, "followed_by")) != nullptr;
    }
    if (key == "where") return (def_.where = v_.text(n, at, "where")) != nullptr;
    if (key == "impossible_travel") {
      def_.kind = StatefulKind::kImpossibleTravel;
      return number(n, at, "impossible_travel (km/h)", def_.max_speed_kmh);
    }
    diags_.error(at, "unknown key '" + key +
                         "' in stateful (allowed: aggregate, absent_after, absent_before, "
                         "impossible_travel, followed_by, where, by, within, threshold)");
    return false;
  }

  bool window(const YAML::Node& n, const TextOrigin& at) {
    std::string s;
    if (!v_.string(n, at, "within", s)) return false;
    const auto ms = parse_duration_ms(s, kMaxWindowMs);
    if (ms) def_.window_ms = *ms;
    if (!ms) {
      diags_.error(at,
                   "within must be a positive duration such as 90s, 10m, 2h or 30d (at most "
                   "400d), not '" +
                       s + "'");
      return false;
    }
    return true;
  }

  bool number(const YAML::Node& n, const TextOrigin& at, const char* what, double& out) {
    std::string s;
    if (!v_.string(n, at, what, s)) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(out) || out <= 0) {
      diags_.error(at, std::string(what) + " must be a positive number, not '" + s + "'");
      return false;
    }
    return true;
  }

  // count | distinct(a, b) | sum(a): the operands are stored as texts of their own so the
  // compile stage reports errors at their positions.
  bool aggregate(const YAML::Node& n, const TextOrigin& at) {
    const SourceText* text = v_.text(n, at, "aggregate");
    if (text == nullptr) return false;
    const std::string& s = text->text;
    if (s == "count") {
      def_.kind = StatefulKind::kCount;
      counted_ = true;
      return true;
    }
    const auto open = s.find('(');
    const std::string fn = s.substr(0, open);
    if (open == std::string::npos || s.back() != ')' || (fn != "distinct" && fn != "sum")) {
      diags_.error(at,
                   "aggregate must be count, distinct(FIELD, ...) or sum(FIELD), not '" + s + "'");
      return false;
    }
    def_.kind = fn == "sum" ? StatefulKind::kSum : StatefulKind::kDistinct;
    size_t begin = open + 1;
    for (size_t i = begin; i < s.size(); ++i) {
      if (s[i] != ',' && i + 1 != s.size()) continue;
      operand_texts_.push_back({begin, i});
      begin = i + 1;
    }
    def_.aggregate = text;
    for (auto [b, e] : operand_texts_) {
      while (b < e && s[b] == ' ') ++b;
      while (e > b && s[e - 1] == ' ') --e;
      def_.values.emplace_back(b, e);
    }
    if (def_.kind == StatefulKind::kSum && def_.values.size() != 1) {
      diags_.error(at, "sum takes exactly one field");
      return false;
    }
    return true;
  }

  bool required(const TextOrigin& at) {
    bool ok = true;
    auto need = [&](bool present, const char* key) {
      if (present) return;
      diags_.error(at, std::string("stateful ") + to_string(def_.kind) + " needs '" + key + "'");
      ok = false;
    };
    need(def_.by != nullptr, "by");
    if (def_.kind != StatefulKind::kImpossibleTravel) need(def_.window_ms > 0, "within");
    if (def_.kind <= StatefulKind::kSum || def_.aggregated) need(def_.threshold > 0, "threshold");
    if (def_.kind == StatefulKind::kSequence && !def_.aggregated && def_.threshold > 0) {
      diags_.error(at, "stateful followed_by takes a threshold only with an aggregate");
      ok = false;
    }
    return ok;
  }

  YamlValues& v_;
  Diagnostics& diags_;
  StatefulDef def_;
  std::vector<std::pair<size_t, size_t>> operand_texts_;
  bool sequence_ = false;  // followed_by was given
  bool counted_ = false;   // aggregate: count was given (it keeps no operand text)
};

}  // namespace

std::shared_ptr<const StatefulDef> read_stateful(const YAML::Node& n, const TextOrigin& at,
                                                 YamlValues& values, Diagnostics& diags) {
  return StatefulReader(values, diags).read(n, at);
}

}  // namespace bw::rules
