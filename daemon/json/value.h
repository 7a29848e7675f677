// A small JSON document model owned by value. Events, control requests and replies use it;
// parsing is done by json/parse.h, serialising by json/writer.h.
//
// Thread safety: a const Value may be read from many threads; mutation needs exclusive access.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace bw::json {

class Value;
using Array = std::vector<Value>;
using Member = std::pair<std::string, Value>;
using Object = std::vector<Member>;  // keeps the sender's member order

class Value {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : v_(b) {}
  Value(double d) : v_(d) {}
  Value(int i) : v_(static_cast<double>(i)) {}
  Value(int64_t i) : v_(static_cast<double>(i)) {}
  Value(uint64_t i) : v_(static_cast<double>(i)) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(Array a) : v_(std::move(a)) {}
  Value(Object o) : v_(std::move(o)) {}

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  bool is_number() const { return type() == Type::kNumber; }
  bool is_string() const { return type() == Type::kString; }
  bool is_array() const { return type() == Type::kArray; }
  bool is_object() const { return type() == Type::kObject; }

  // Preconditions: the matching is_*() is true.
  bool as_bool() const { return std::get<bool>(v_); }
  double as_number() const { return std::get<double>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const Array& as_array() const { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Array& as_array() { return std::get<Array>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

  // Member lookup; nullptr when this is not an object or has no such key.
  const Value* find(std::string_view key) const;
  // Dotted path lookup ("traveller.document.number"); nullptr when any step is missing.
  const Value* find_path(std::string_view dotted) const;

  // Convenience for optional members of an object: the string or `fallback`.
  std::string string_or(std::string_view key, std::string_view fallback = {}) const;
  double number_or(std::string_view key, double fallback) const;

  // Appends or replaces a member. Precondition: is_object() or is_null() (becomes an object).
  Value& set(std::string key, Value value);

  static const char* type_name(Type t);

 private:
  std::variant<std::monostate, bool, double, std::string, Array, Object> v_;
};

// The value reached from `from` by member names, one per step; nullptr when `from` is null or
// any step is missing. For paths split once at load (the rules engine's compiled fields).
// Inline: the rules engine calls it for every field it reads.
inline const Value* find_steps(const Value* from, const std::vector<std::string>& steps) {
  for (const auto& step : steps) {
    if (from == nullptr) return nullptr;
    from = from->find(step);
  }
  return from;
}

}  // namespace bw::json
