#include "json/value.h"

namespace bw::json {

const Value* Value::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  // Member names differ in length or first byte far more often than not: checking those
  // inline spares a memcmp call per member on the rule engine's hot path.
  // The rest is compared inline too: names are short, and a memcmp call per candidate
  // showed up beside find() itself in bwbench rules profiles.
  for (const auto& [k, v] : as_object()) {
    if (k.size() != key.size() || (!key.empty() && k[0] != key[0])) continue;
    size_t i = 1;
    while (i < key.size() && k[i] == key[i]) ++i;
    if (i >= key.size()) return &v;
  }
  return nullptr;
}

const Value* Value::find_path(std::string_view dotted) const {
  const Value* cur = this;
  while (cur != nullptr) {
    size_t dot = dotted.find('.');
    cur = cur->find(dotted.substr(0, dot));
    if (dot == std::string_view::npos) return cur;
    dotted.remove_prefix(dot + 1);
  }
  return nullptr;
}

std::string Value::string_or(std::string_view key, std::string_view fallback) const {
  const Value* v = find(key);
  return v != nullptr && v->is_string() ? v->as_string() : std::string(fallback);
}

double Value::number_or(std::string_view key, double fallback) const {
  const Value* v = find(key);
  return v != nullptr && v->is_number() ? v->as_number() : fallback;
}

Value& Value::set(std::string key, Value value) {
  if (is_null()) v_ = Object{};
  auto& members = as_object();
  for (auto& [k, v] : members) {
    if (k == key) {
      v = std::move(value);
      return v;
    }
  }
  members.emplace_back(std::move(key), std::move(value));
  return members.back().second;
}

const char* Value::type_name(Type t) {
  switch (t) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "boolean";
    case Type::kNumber:
      return "number";
    case Type::kString:
      return "string";
    case Type::kArray:
      return "array";
    case Type::kObject:
      return "object";
  }
  return "unknown";
}

}  // namespace bw::json
