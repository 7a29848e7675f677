#include "rules/analysis.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "rules/watchlist_nodes.h"

namespace bw::rules {

namespace {

constexpr int kMaxMacroDepth = 64;

bool is_event_member(const std::string& s) {
  return s == "event_id" || s == "checkpoint" || s == "direction" || s == "time";
}

std::string number_key(double d) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  return "n:" + std::string(buf, r.ptr);
}

std::string key_of(const Literal& l) {
  switch (l.kind) {
    case Literal::Kind::kString:
      return "s:" + l.str;
    case Literal::Kind::kNumber:
      return number_key(l.num);
    case Literal::Kind::kBool:
      return "b:" + l.str;
  }
  return {};
}

}  // namespace

std::vector<std::string> body_path(const Operand& o) {
  if (o.kind != Operand::Kind::kField) return {};
  const std::string& first = o.steps.front();
  if (origin_of(first) == FieldOrigin::kSite) return {};
  if (origin_of(first) == FieldOrigin::kExtra) {
    return std::vector<std::string>(o.steps.begin() + 1, o.steps.end());
  }
  if (o.steps.size() == 1 && is_event_member(first)) return {};
  std::vector<std::string> path;
  const FieldSpec* spec = &event_schema();
  for (const auto& step : o.steps) {
    path.push_back(step);
    spec = spec != nullptr ? spec->member(step) : nullptr;
    if (spec != nullptr && spec->type == FieldType::kArray) break;
  }
  return path;
}

const Expr* Analyzer::macro_ref(const Expr& e) const {
  if (e.kind != Expr::Kind::kRelation || e.op != Op::kNone) return nullptr;
  const Operand& o = e.lhs;
  if (o.kind != Operand::Kind::kField || o.steps.size() != 1 || o.filter) return nullptr;
  return compiler_.macro_ast(o.steps.front());
}

ConditionFacts Analyzer::analyse(const Expr& condition) {
  ConditionFacts facts;
  budget_ = kAnalysisBudget;
  walked_macros_.clear();
  walk(condition, true, facts, 0);

  budget_ = kAnalysisBudget;
  facts.never = fold(condition, facts.never_reason) == Truth::kFalse;

  budget_ = kAnalysisBudget;
  std::vector<const Expr*> atoms;
  flatten(condition, atoms, 0);
  for (const Expr* atom : atoms) requirements(*atom, facts);
  return facts;
}

// --- references and usage ------------------------------------------------------------------

void Analyzer::walk(const Expr& e, bool root_scope, ConditionFacts& facts, int depth) {
  if (!spend() || depth > kMaxMacroDepth) return;
  if (const Expr* m = macro_ref(e)) {
    // Inside a [filter] a macro is a compile error; count it as used to avoid a second message.
    const std::string& name = e.lhs.steps.front();
    used_macros_.insert(name);
    if (root_scope && walked_macros_.insert(name).second) walk(*m, true, facts, depth + 1);
    return;
  }
  for (const auto& c : e.children) walk(*c, root_scope, facts, depth);
  if (e.kind != Expr::Kind::kRelation) return;
  if (!e.list_name.empty()) used_lists_.insert(e.list_name);
  walk_operand(e.lhs, root_scope, facts, depth);
  for (const Operand& r : e.rhs) walk_operand(r, root_scope, facts, depth);
}

void Analyzer::walk_operand(const Operand& o, bool root_scope, ConditionFacts& facts, int depth) {
  for (const Operand& a : o.args) walk_operand(a, root_scope, facts, depth);
  if (root_scope && is_watchlist_call(o)) {  // the alert shows the hit and its breakdown
    facts.referenced.push_back(copy_watchlist_call(o));
    return;
  }
  if (o.kind != Operand::Kind::kField) return;
  if (o.filter) walk(*o.filter, false, facts, depth);
  if (!root_scope) return;
  // Arrays are shown whole: the officer sees every element, not only the matching ones.
  std::vector<std::string> steps;
  const FieldSpec* spec =
      origin_of(o.steps.front()) == FieldOrigin::kBody ? &event_schema() : nullptr;
  for (const auto& s : o.steps) {
    steps.push_back(s);
    spec = spec != nullptr ? spec->member(s) : nullptr;
    if (spec != nullptr && spec->type == FieldType::kArray) break;
  }
  Operand plain;
  plain.kind = Operand::Kind::kField;
  plain.text = o.text;
  plain.offset = o.offset;
  plain.steps = std::move(steps);
  const std::string path = plain.path();
  for (const Operand& r : facts.referenced) {
    if (r.kind == Operand::Kind::kField && r.path() == path) return;
  }
  facts.referenced.push_back(std::move(plain));
}

// --- constant folding ------------------------------------------------------------------------

Analyzer::Truth Analyzer::fold(const Expr& e, std::string& reason) {
  if (!spend()) return Truth::kUnknown;
  switch (e.kind) {
    case Expr::Kind::kConst:
      if (!e.value) reason = "the condition is 'false'";
      return e.value ? Truth::kTrue : Truth::kFalse;
    case Expr::Kind::kNot: {
      std::string ignored;
      Truth t = fold(*e.children.front(), ignored);
      if (t == Truth::kTrue) reason = "it negates a condition that always holds";
      return t == Truth::kUnknown ? t : t == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
    }
    case Expr::Kind::kOr: {
      Truth all = Truth::kFalse;
      std::string last;
      for (const auto& c : e.children) {
        Truth t = fold(*c, last);
        if (t == Truth::kTrue) return Truth::kTrue;
        if (t == Truth::kUnknown) all = Truth::kUnknown;
      }
      if (all == Truth::kFalse) reason = "no alternative of an 'or' can hold (" + last + ")";
      return all;
    }
    case Expr::Kind::kAnd: {
      Truth all = Truth::kTrue;
      for (const auto& c : e.children) {
        Truth t = fold(*c, reason);
        if (t == Truth::kFalse) return Truth::kFalse;
        if (t == Truth::kUnknown) all = Truth::kUnknown;
      }
      if (all == Truth::kUnknown && contradiction(e, reason)) return Truth::kFalse;
      return all;
    }
    case Expr::Kind::kRelation:
      return fold_relation(e, reason);
  }
  return Truth::kUnknown;
}

Analyzer::Truth Analyzer::fold_relation(const Expr& e, std::string& reason) {
  if (const Expr* m = macro_ref(e)) {
    // Recursive macros are compile errors; the depth bound only keeps this walk finite.
    if (fold_depth_ >= kMaxMacroDepth) return Truth::kUnknown;
    ++fold_depth_;
    Truth t = fold(*m, reason);
    --fold_depth_;
    if (t == Truth::kFalse && reason.find("macro") == std::string::npos) {
      reason = "macro '" + e.lhs.steps.front() + "' can never hold: " + reason;
    }
    return t;
  }
  if (e.op == Op::kIn && e.list_name.empty() && e.rhs.empty()) {
    reason = "'" + e.lhs.path() + " in ()' has no values";
    return Truth::kFalse;
  }
  if (e.op == Op::kIn && !e.list_name.empty()) {
    const ListDef* list = compiler_.list(e.list_name);
    if (list != nullptr && list->items.empty()) {
      reason = "list '" + e.list_name + "' is empty";
      return Truth::kFalse;
    }
  }
  return Truth::kUnknown;
}

std::vector<std::string> Analyzer::literal_keys(const Expr& atom) {
  std::vector<std::string> keys;
  if (atom.op == Op::kEq && atom.rhs.front().kind == Operand::Kind::kLiteral) {
    keys.push_back(key_of(atom.rhs.front().literal));
  } else if (atom.list_name.empty()) {
    for (const Operand& r : atom.rhs) keys.push_back(key_of(r.literal));
  } else if (const ListDef* list = compiler_.list(atom.list_name)) {
    for (const Scalar& item : list->items) {
      keys.push_back("s:" + item.value);
      double d;
      auto [p, ec] = std::from_chars(item.value.data(), item.value.data() + item.value.size(), d);
      if (ec == std::errc() && p == item.value.data() + item.value.size()) {
        keys.push_back(number_key(d));
      }
      if (item.value == "true" || item.value == "false") keys.push_back("b:" + item.value);
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// True when the conjunction requires one field to equal values that cannot all hold at once:
// `x = "a" and x = "b"`, `x = "a" and x in ("b", "c")`, through macros too.
bool Analyzer::contradiction(const Expr& conjunction, std::string& reason) {
  std::vector<const Expr*> atoms;
  flatten(conjunction, atoms, 0);
  std::map<std::string, std::vector<std::string>> allowed;
  for (const Expr* a : atoms) {
    if (a->kind != Expr::Kind::kRelation || !a->lhs.plain_field()) continue;
    const bool eq_literal = a->op == Op::kEq && a->rhs.front().kind == Operand::Kind::kLiteral;
    if (!eq_literal && a->op != Op::kIn) continue;
    std::vector<std::string> keys = literal_keys(*a);
    const std::string path = a->lhs.path();
    auto [it, fresh] = allowed.emplace(path, keys);
    if (!fresh) {
      std::vector<std::string> both;
      std::set_intersection(it->second.begin(), it->second.end(), keys.begin(), keys.end(),
                            std::back_inserter(both));
      it->second = std::move(both);
    }
    if (it->second.empty()) {
      reason = "'" + path + "' would have to equal different values at once";
      return true;
    }
  }
  return false;
}

// --- requirements for the index ------------------------------------------------------------

void Analyzer::flatten(const Expr& e, std::vector<const Expr*>& atoms, int depth) {
  if (!spend() || depth > kMaxMacroDepth) return;
  if (e.kind == Expr::Kind::kAnd) {
    for (const auto& c : e.children) flatten(*c, atoms, depth);
  } else if (const Expr* m = macro_ref(e)) {
    flatten(*m, atoms, depth + 1);
  } else {
    atoms.push_back(&e);
  }
}

void Analyzer::operand_requirements(const Operand& o, ConditionFacts& facts) {
  for (const Operand& a : o.args) operand_requirements(a, facts);
  if (o.kind != Operand::Kind::kField) return;
  if (origin_of(o.steps.front()) == FieldOrigin::kSite) facts.requires_site = true;
  std::vector<std::string> path = body_path(o);
  if (path.empty()) return;
  if (std::find(facts.required_paths.begin(), facts.required_paths.end(), path) ==
      facts.required_paths.end()) {
    facts.required_paths.push_back(std::move(path));
  }
}

void Analyzer::requirements(const Expr& atom, ConditionFacts& facts) {
  if (atom.kind != Expr::Kind::kRelation) return;
  value_keys(atom, facts);
  // Every operator, function and bare bool is false when a field it reads is missing.
  operand_requirements(atom.lhs, facts);
  for (const Operand& r : atom.rhs) operand_requirements(r, facts);

  // Checkpoints are value keys (value_keys.cc); the direction picks the index's half.
  if (!atom.lhs.plain_field() || atom.lhs.steps != std::vector<std::string>{"direction"}) return;
  if (atom.op != Op::kEq && atom.op != Op::kIn) return;
  if (atom.op == Op::kEq && atom.rhs.front().kind != Operand::Kind::kLiteral) return;
  std::vector<std::string> values;
  for (const std::string& key : literal_keys(atom)) {
    if (key.rfind("s:", 0) == 0) values.push_back(key.substr(2));
  }
  if (values.size() != 1) return;
  if (values.front() == "exit") facts.direction = event::Direction::kExit;
  if (values.front() == "entry") facts.direction = event::Direction::kEntry;
}

}  // namespace bw::rules
