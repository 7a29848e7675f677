#include "event/decode.h"

#include <string>

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

// Checks that `path`, when present, has the expected JSON type.
Status check_type(const json::Value& body, std::string_view path, json::Value::Type want) {
  const json::Value* v = body.find_path(path);
  if (v == nullptr || v->is_null() || v->type() == want) return ok_status();
  return field_error(path, "must be " + a_type(want) + ", not " + a_type(v->type()));
}

Status check_date(const json::Value& body, std::string_view path, bool partial_allowed) {
  const json::Value* v = body.find_path(path);
  if (v == nullptr || v->is_null()) return ok_status();
  const std::string& s = v->as_string();
  const bool ok =
      partial_allowed ? parse_partial_date(s).has_value() : parse_date_days(s).has_value();
  if (ok) return ok_status();
  return field_error(path, std::string("not a date ") +
                               (partial_allowed ? "YYYY-MM-DD, YYYY-MM or YYYY" : "YYYY-MM-DD") +
                               " (got " + shown(s) + ")");
}

Status check_optional_shapes(const json::Value& body) {
  using T = json::Value::Type;
  static const std::pair<const char*, T> kTyped[] = {
      {"traveller", T::kObject},
      {"traveller.document", T::kObject},
      {"traveller.document.type", T::kString},
      {"traveller.document.number", T::kString},
      {"traveller.document.country", T::kString},
      {"traveller.document.expiry", T::kString},
      {"traveller.document.issued", T::kString},
      {"traveller.surname", T::kString},
      {"traveller.given_names", T::kString},
      {"traveller.birth_date", T::kString},
      {"traveller.sex", T::kString},
      {"traveller.nationality", T::kString},
      {"traveller.id_number", T::kString},
      {"traveller.residence", T::kObject},
      {"vehicle", T::kObject},
      {"vehicle.plate", T::kString},
      {"party_id", T::kString},
      {"party_size", T::kNumber},
      {"goods", T::kArray},
      {"cash", T::kArray},
      {"attributes", T::kObject},
  };
  for (const auto& [path, type] : kTyped) {
    if (auto s = check_type(body, path, type); !s) return s;
  }
  if (auto s = check_date(body, "traveller.document.expiry", false); !s) return s;
  if (auto s = check_date(body, "traveller.document.issued", false); !s) return s;
  if (auto s = check_date(body, "traveller.birth_date", true); !s) return s;
  return ok_status();
}

Status check_array_items(const json::Value& body) {
  using T = json::Value::Type;
  if (const auto* goods = body.find("goods"); goods && goods->is_array()) {
    for (size_t i = 0; i < goods->as_array().size(); ++i) {
      const auto& g = goods->as_array()[i];
      const std::string at = "goods[" + std::to_string(i) + "]";
      if (!g.is_object()) return field_error(at, "must be an object");
      if (auto s = check_type(g, "category", T::kString); !s)
        return field_error(at, s.error().message);
      if (auto s = check_type(g, "count", T::kNumber); !s)
        return field_error(at, s.error().message);
    }
  }
  if (const auto* cash = body.find("cash"); cash && cash->is_array()) {
    for (size_t i = 0; i < cash->as_array().size(); ++i) {
      const auto& c = cash->as_array()[i];
      const std::string at = "cash[" + std::to_string(i) + "]";
      if (!c.is_object()) return field_error(at, "must be an object");
      if (auto s = check_type(c, "currency", T::kString); !s)
        return field_error(at, s.error().message);
      if (auto s = check_type(c, "amount", T::kNumber); !s)
        return field_error(at, s.error().message);
      if (auto s = check_type(c, "declared", T::kBool); !s)
        return field_error(at, s.error().message);
    }
  }
  if (const auto* attrs = body.find("attributes"); attrs && attrs->is_object()) {
    for (const auto& [k, v] : attrs->as_object()) {
      if (v.is_array() || v.is_object()) return field_error("attributes." + k, "must be a scalar");
    }
  }
  return ok_status();
}

Result<std::string> required_string(const json::Value& body, std::string_view field) {
  const json::Value* v = body.find(field);
  if (v == nullptr || v->is_null()) return field_error(field, "required field is missing");
  if (!v->is_string()) {
    return field_error(field, "must be a string, not " + a_type(v->type()));
  }
  return v->as_string();
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
  if (!is_valid_event_id(*id)) {
    return field_error("event_id",
                       "must be 1-128 characters of A-Z a-z 0-9 . _ : - (got " + shown(*id) + ")");
  }
  auto checkpoint = required_string(body, "checkpoint");
  if (!checkpoint) return checkpoint.error();
  if (config.find_checkpoint(*checkpoint) == nullptr) {
    return field_error("checkpoint", "unknown checkpoint " + shown(*checkpoint));
  }
  auto time = required_string(body, "time");
  if (!time) return time.error();
  auto ts = parse_rfc3339(*time);
  if (!ts) return field_error("time", "not RFC 3339 with an offset (got " + shown(*time) + ")");
  auto direction = required_string(body, "direction");
  if (!direction) return direction.error();
  if (*direction == "exit") {
    ev.direction = Direction::kExit;
  } else if (*direction == "entry") {
    ev.direction = Direction::kEntry;
  } else {
    return field_error("direction",
                       "must be \"exit\" or \"entry\" (got " + shown(*direction) + ")");
  }
  if (auto s = check_optional_shapes(body); !s) return s.error();
  if (auto s = check_array_items(body); !s) return s.error();
  ev.id = std::move(*id);
  ev.checkpoint = std::move(*checkpoint);
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
