#include "event/decode.h"

#include <array>
#include <iterator>
#include <string>
#include <string_view>

namespace bw::event {

const char* to_string(Direction d) {
  return d == Direction::kExit ? "exit" : "entry";
}

namespace {

constexpr size_t kMaxShown = 40;

std::string shown(std::string_view s) {
  if (s.size() <= kMaxShown) return "\"" + std::string(s) + "\"";
  return "\"" + std::string(s.substr(0, kMaxShown)) + "...\"";
}

std::string a_type(json::Value::Type t) {
  const std::string name = json::Value::type_name(t);
  return (t == json::Value::Type::kObject || t == json::Value::Type::kArray ? "an " : "a ") + name;
}

Error field_error(std::string_view field, std::string_view problem) {
  return Error{std::string(field) + ": " + std::string(problem)};
}

// Checks that `v` (the value at `path`), when present, has the expected JSON type.
Status check_type(const json::Value* v, std::string_view path, json::Value::Type want) {
  if (v == nullptr || v->is_null() || v->type() == want) return ok_status();
  return field_error(path, "must be " + a_type(want) + ", not " + a_type(v->type()));
}

Status check_type(const json::Value& body, std::string_view key, json::Value::Type want) {
  return check_type(body.find(key), key, want);
}

Status check_date(const json::Value* v, std::string_view path, bool partial_allowed) {
  if (v == nullptr || v->is_null()) return ok_status();
  const std::string& s = v->as_string();
  const bool ok =
      partial_allowed ? parse_partial_date(s).has_value() : parse_date_days(s).has_value();
  if (ok) return ok_status();
  return field_error(path, std::string("not a date ") +
                               (partial_allowed ? "YYYY-MM-DD, YYYY-MM or YYYY" : "YYYY-MM-DD") +
                               " (got " + shown(s) + ")");
}

// The optional fields whose type is fixed. Each names its parent's row (kTop: the body), so
// one pass resolves every path with a single member lookup each, in this order (which is
// also the order errors are reported in).
struct TypedField {
  int parent;
  std::string_view name;  // not const char*: a strlen per lookup showed in profiles
  std::string_view path;
  json::Value::Type type;
};
constexpr int kTop = -1;
constexpr int kTraveller = 0;
constexpr int kDocument = 1;
constexpr int kVehicle = 14;
constexpr TypedField kTyped[] = {
    {kTop, "traveller", "traveller", json::Value::Type::kObject},
    {kTraveller, "document", "traveller.document", json::Value::Type::kObject},
    {kDocument, "type", "traveller.document.type", json::Value::Type::kString},
    {kDocument, "number", "traveller.document.number", json::Value::Type::kString},
    {kDocument, "country", "traveller.document.country", json::Value::Type::kString},
    {kDocument, "expiry", "traveller.document.expiry", json::Value::Type::kString},
    {kDocument, "issued", "traveller.document.issued", json::Value::Type::kString},
    {kTraveller, "surname", "traveller.surname", json::Value::Type::kString},
    {kTraveller, "given_names", "traveller.given_names", json::Value::Type::kString},
    {kTraveller, "birth_date", "traveller.birth_date", json::Value::Type::kString},
    {kTraveller, "sex", "traveller.sex", json::Value::Type::kString},
    {kTraveller, "nationality", "traveller.nationality", json::Value::Type::kString},
    {kTraveller, "id_number", "traveller.id_number", json::Value::Type::kString},
    {kTraveller, "residence", "traveller.residence", json::Value::Type::kObject},
    {kTop, "vehicle", "vehicle", json::Value::Type::kObject},
    {kVehicle, "plate", "vehicle.plate", json::Value::Type::kString},
    {kTop, "party_id", "party_id", json::Value::Type::kString},
    {kTop, "party_size", "party_size", json::Value::Type::kNumber},
    {kTop, "goods", "goods", json::Value::Type::kArray},
    {kTop, "cash", "cash", json::Value::Type::kArray},
    {kTop, "attributes", "attributes", json::Value::Type::kObject},
};
constexpr size_t kTypedCount = std::size(kTyped);
constexpr int kExpiry = 5;
constexpr int kIssued = 6;
constexpr int kBirthDate = 9;
static_assert(kTyped[kDocument].parent == kTraveller && kTyped[kVehicle].parent == kTop);
static_assert(kTyped[kExpiry].parent == kDocument && kTyped[kIssued].parent == kDocument);
static_assert(kTyped[kBirthDate].parent == kTraveller);

Status check_optional_shapes(const json::Value& body) {
  std::array<const json::Value*, kTypedCount> found{};
  for (size_t i = 0; i < kTypedCount; ++i) {
    const TypedField& f = kTyped[i];
    const json::Value* parent = f.parent == kTop ? &body : found[static_cast<size_t>(f.parent)];
    // find() on a missing parent or one that is not an object yields nullptr, as a dotted
    // lookup of the whole path would.
    found[i] = parent == nullptr ? nullptr : parent->find(f.name);
    if (auto s = check_type(found[i], f.path, f.type); !s) return s;
  }
  if (auto s = check_date(found[kExpiry], kTyped[kExpiry].path, false); !s) return s;
  if (auto s = check_date(found[kIssued], kTyped[kIssued].path, false); !s) return s;
  if (auto s = check_date(found[kBirthDate], kTyped[kBirthDate].path, true); !s) return s;
  return ok_status();
}

// "goods[3]": built only for an error message.
std::string item_path(std::string_view array, size_t i) {
  return std::string(array) + "[" + std::to_string(i) + "]";
}

Status check_array_items(const json::Value& body) {
  using T = json::Value::Type;
  if (const auto* goods = body.find("goods"); goods && goods->is_array()) {
    for (size_t i = 0; i < goods->as_array().size(); ++i) {
      const auto& g = goods->as_array()[i];
      if (!g.is_object()) return field_error(item_path("goods", i), "must be an object");
      if (auto s = check_type(g, "category", T::kString); !s)
        return field_error(item_path("goods", i), s.error().message);
      if (auto s = check_type(g, "count", T::kNumber); !s)
        return field_error(item_path("goods", i), s.error().message);
    }
  }
  if (const auto* cash = body.find("cash"); cash && cash->is_array()) {
    for (size_t i = 0; i < cash->as_array().size(); ++i) {
      const auto& c = cash->as_array()[i];
      if (!c.is_object()) return field_error(item_path("cash", i), "must be an object");
      if (auto s = check_type(c, "currency", T::kString); !s)
        return field_error(item_path("cash", i), s.error().message);
      if (auto s = check_type(c, "amount", T::kNumber); !s)
        return field_error(item_path("cash", i), s.error().message);
      if (auto s = check_type(c, "declared", T::kBool); !s)
        return field_error(item_path("cash", i), s.error().message);
    }
  }
  if (const auto* attrs = body.find("attributes"); attrs && attrs->is_object()) {
    for (const auto& [k, v] : attrs->as_object()) {
      if (v.is_array() || v.is_object()) return field_error("attributes." + k, "must be a scalar");
    }
  }
  return ok_status();
}

// Points into `body` rather than copying: the body outlives every use here.
Result<const std::string*> required_string(const json::Value& body, std::string_view field) {
  const json::Value* v = body.find(field);
  if (v == nullptr || v->is_null()) return field_error(field, "required field is missing");
  if (!v->is_string()) {
    return field_error(field, "must be a string, not " + a_type(v->type()));
  }
  return &v->as_string();
}

}  // namespace

bool is_valid_event_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<Event> validate(json::Value body, const config::Config& config) {
  if (!body.is_object()) return Error{"event: must be a JSON object"};
  Event ev;
  auto id = required_string(body, "event_id");
  if (!id) return id.error();
  if (!is_valid_event_id(**id)) {
    return field_error("event_id",
                       "must be 1-128 characters of A-Z a-z 0-9 . _ : - (got " + shown(**id) + ")");
  }
  auto checkpoint = required_string(body, "checkpoint");
  if (!checkpoint) return checkpoint.error();
  if (config.find_checkpoint(**checkpoint) == nullptr) {
    return field_error("checkpoint", "unknown checkpoint " + shown(**checkpoint));
  }
  auto time = required_string(body, "time");
  if (!time) return time.error();
  auto ts = parse_rfc3339(**time);
  if (!ts) return field_error("time", "not RFC 3339 with an offset (got " + shown(**time) + ")");
  auto direction = required_string(body, "direction");
  if (!direction) return direction.error();
  if (**direction == "exit") {
    ev.direction = Direction::kExit;
  } else if (**direction == "entry") {
    ev.direction = Direction::kEntry;
  } else {
    return field_error("direction",
                       "must be \"exit\" or \"entry\" (got " + shown(**direction) + ")");
  }
  if (auto s = check_optional_shapes(body); !s) return s.error();
  if (auto s = check_array_items(body); !s) return s.error();
  ev.id = **id;  // copied before `body` moves: the pointers point into it
  ev.checkpoint = **checkpoint;
  ev.time = *ts;
  ev.body = std::move(body);
  return ev;
}

EventDecoder::EventDecoder(const config::Config& config, size_t max_message_bytes)
    : config_(config), parser_(json::ParseLimits{max_message_bytes, 32}) {}

Result<Event> EventDecoder::decode_in_place(std::string& raw) {
  auto body = parser_.parse(raw);
  if (!body) return body.error();
  auto ev = validate(std::move(*body), config_);
  if (!ev) return ev.error();
  ev->raw = std::move(raw);
  return ev;
}

Result<Event> EventDecoder::decode(std::string_view raw) {
  std::string copy(raw);
  return decode_in_place(copy);
}

}  // namespace bw::event
