// The only file that includes simdjson: it is fast on the ingest path and validates UTF-8.
#include "json/parse.h"

#include <simdjson.h>

#include <new>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

namespace bw::json {

namespace {

// The element's type was checked by the caller, so get() cannot fail here.
template <typename T>
T scalar(simdjson::dom::element el) {
  T v{};
  if (el.get(v) != simdjson::SUCCESS) return T{};
  return v;
}

void fill_array(simdjson::dom::element el, Value& dst);
void fill_object(simdjson::dom::element el, Value& dst);

// Converts `el` into the Value that `emplace(arg)` constructs in place (from one Value
// constructor argument) and returns. Building each member where it will live, instead of
// returning Values up the recursion, spares a variant move per value and a second copy of
// every short string: a visible share of the ingest loop's decode time.
template <typename Emplace>
void emplace_converted(simdjson::dom::element el, Emplace&& emplace) {
  using simdjson::dom::element_type;
  switch (el.type()) {
    case element_type::ARRAY:
      fill_array(el, emplace(Array{}));
      return;
    case element_type::OBJECT:
      fill_object(el, emplace(Object{}));
      return;
    case element_type::INT64:
      emplace(static_cast<double>(scalar<int64_t>(el)));
      return;
    case element_type::UINT64:
      emplace(static_cast<double>(scalar<uint64_t>(el)));
      return;
    case element_type::DOUBLE:
      emplace(scalar<double>(el));
      return;
    case element_type::STRING:
      emplace(scalar<std::string_view>(el));
      return;
    case element_type::BOOL:
      emplace(scalar<bool>(el));
      return;
    case element_type::NULL_VALUE:
      emplace(nullptr);
      return;
  }
  emplace(nullptr);
}

// `dst` is an empty Array. Reserving the exact size first keeps the references that the
// recursion fills stable.
void fill_array(simdjson::dom::element el, Value& dst) {
  simdjson::dom::array arr;
  if (el.get(arr) != simdjson::SUCCESS) return;
  Array& out = dst.as_array();
  out.reserve(arr.size());
  for (simdjson::dom::element child : arr) {
    emplace_converted(child, [&out](auto&& arg) -> Value& {
      return out.emplace_back(std::forward<decltype(arg)>(arg));
    });
  }
}

// `dst` is an empty Object; as fill_array.
void fill_object(simdjson::dom::element el, Value& dst) {
  simdjson::dom::object obj;
  if (el.get(obj) != simdjson::SUCCESS) return;
  Object& out = dst.as_object();
  out.reserve(obj.size());
  for (simdjson::dom::key_value_pair field : obj) {
    emplace_converted(field.value, [&out, &field](auto&& arg) -> Value& {
      return out
          .emplace_back(std::piecewise_construct, std::forward_as_tuple(field.key),
                        std::forward_as_tuple(std::forward<decltype(arg)>(arg)))
          .second;
    });
  }
}

Value convert(simdjson::dom::element el) {
  Value root;
  emplace_converted(el, [&root](auto&& arg) -> Value& {
    root = Value(std::forward<decltype(arg)>(arg));
    return root;
  });
  return root;
}

}  // namespace

struct JsonParser::Impl {
  simdjson::dom::parser parser;
};

JsonParser::JsonParser(ParseLimits limits) : impl_(std::make_unique<Impl>()), limits_(limits) {
  impl_->parser = simdjson::dom::parser(limits.max_bytes);
  // Capacity grows on demand up to max_bytes; the depth limit is fixed here.
  if (impl_->parser.allocate(4096, limits.max_depth) != simdjson::SUCCESS) {
    throw std::bad_alloc();  // start-up only: nothing can run without a parser
  }
}

JsonParser::~JsonParser() = default;

Result<Value> JsonParser::parse(std::string_view text) {
  if (text.size() > limits_.max_bytes) {
    return Error{"message is " + std::to_string(text.size()) + " bytes, above the limit of " +
                 std::to_string(limits_.max_bytes)};
  }
  // simdjson needs SIMDJSON_PADDING readable bytes after the text. With realloc_if_needed the
  // parser copies the text into a padded buffer it owns and keeps for the next call, so the
  // ingest path does no allocation per message here (a padded_string would allocate each time).
  // The buffer grows to the largest message seen, which max_bytes bounds.
  const char* data = text.empty() ? "" : text.data();  // memcpy must not see a null pointer
  simdjson::dom::element root;
  auto err = impl_->parser.parse(data, text.size(), /*realloc_if_needed=*/true).get(root);
  if (err == simdjson::DEPTH_ERROR) {
    return Error{"malformed JSON: nesting deeper than " + std::to_string(limits_.max_depth)};
  }
  if (err) return Error{std::string("malformed JSON: ") + simdjson::error_message(err)};
  return convert(root);
}

Result<Value> parse(std::string_view text, ParseLimits limits) {
  JsonParser parser(limits);
  return parser.parse(text);
}

}  // namespace bw::json
