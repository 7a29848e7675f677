// Event schema v1 as rules see it: which field paths exist and what type each has, so that
// conditions and output templates are checked when they are loaded, not when an event arrives.
//
// The schema is a tree of FieldSpec built once (static, immutable, thread-safe to read).
// Besides the event body it describes two kinds of virtual fields:
//   site.*   computed from the configured checkpoint of the event (name, type, status, km,
//            within_hours);
//   extra.*  the escape hatch for body fields the schema does not know: `extra.foo.bar` is the
//            body field `foo.bar`, of unknown type.
// `attributes.*` is open: any key below it is a scalar of unknown type.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bw::rules {

enum class FieldType {
  kString,
  kNumber,
  kBool,
  kDate,       // "YYYY-MM-DD" (birth dates may also be "YYYY-MM" or "YYYY")
  kTimestamp,  // RFC 3339 with offset
  kObject,     // only `exists` applies
  kArray,      // array of objects; elements are described by FieldSpec::members
  kAny,        // a scalar whose type is only known at run time (attributes.*, extra.*)
};
const char* to_string(FieldType t);

// Where a top-level field's value comes from at run time.
enum class FieldOrigin { kBody, kSite, kExtra };

struct FieldSpec {
  // Declared here, defined in schema.cc: clang 14 with libstdc++ 12 in C++20 cannot check
  // the vector<pair<string, FieldSpec>> member while FieldSpec is still incomplete.
  FieldSpec();

  FieldType type = FieldType::kAny;
  std::string doc;
  // Object members, or the members of each element of an array.
  std::vector<std::pair<std::string, FieldSpec>> members;
  bool open = false;                // any member name is allowed below this object (a kAny scalar)
  bool partial_date = false;        // kDate that may be "YYYY-MM" or "YYYY"
  std::vector<std::string> values;  // kString with a closed set of values (empty: any)
  // For kString: about how many distinct values the field takes across a site's traffic when
  // that is known to be few (document types, nationalities, checkpoints); 0 when unbounded
  // (names, numbers). Only a cost estimate for the rule index (index.cc), never a check.
  unsigned typical_values = 0;

  // nullptr when there is no member of that name (and the object is not open).
  const FieldSpec* member(std::string_view name) const;
};

// The root object of the schema (event body plus `site` and `extra`).
const FieldSpec& event_schema();

// One row per leaf and object: "traveller.document.expiry" -> date. Array element members are
// listed as "goods[].count". For documentation, suggestions and tests.
struct SchemaRow {
  std::string path;
  FieldType type;
  std::string doc;
};
std::vector<SchemaRow> schema_table();

FieldOrigin origin_of(std::string_view first_step);

// The closest known path to `path` (edit distance), or "" when nothing is close.
std::string suggest_field(std::string_view path);

}  // namespace bw::rules
