// The only file that includes simdjson: it is fast on the ingest path and validates UTF-8.
#include "json/parse.h"

#include <simdjson.h>

#include <new>
#include <string>

namespace bw::json {

namespace {

// The element's type was checked by the caller, so get() cannot fail here.
template <typename T>
T scalar(simdjson::dom::element el) {
  T v{};
  if (el.get(v) != simdjson::SUCCESS) return T{};
  return v;
}

Value convert(simdjson::dom::element el) {
  using simdjson::dom::element_type;
  switch (el.type()) {
    case element_type::ARRAY: {
      simdjson::dom::array arr;
      Array out;
      if (el.get(arr) == simdjson::SUCCESS) {
        out.reserve(arr.size());
        for (simdjson::dom::element child : arr) out.push_back(convert(child));
      }
      return Value(std::move(out));
    }
    case element_type::OBJECT: {
      simdjson::dom::object obj;
      Object out;
      if (el.get(obj) == simdjson::SUCCESS) {
        out.reserve(obj.size());
        for (simdjson::dom::key_value_pair field : obj) {
          out.emplace_back(std::string(field.key), convert(field.value));
        }
      }
      return Value(std::move(out));
    }
    case element_type::INT64:
      return Value(static_cast<double>(scalar<int64_t>(el)));
    case element_type::UINT64:
      return Value(static_cast<double>(scalar<uint64_t>(el)));
    case element_type::DOUBLE:
      return Value(scalar<double>(el));
    case element_type::STRING:
      return Value(std::string(scalar<std::string_view>(el)));
    case element_type::BOOL:
      return Value(scalar<bool>(el));
    case element_type::NULL_VALUE:
      return Value();
  }
  return Value();
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
