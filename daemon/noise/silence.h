// Silences: an operator's "do not push alerts like these until then, because ...".
//
// A silence holds matchers that must all match (AND). Each matcher is NAME=VALUE where NAME is
// `rule` (any rule that matched), `tag` (any tag of a rule that matched), `checkpoint`,
// `priority`, or an alert field such as `traveller.document.number`. A silenced alert is still
// stored and counted; it is just not published or handed to sinks.
//
// Plain value types; a SilenceSet is shared read-only through a Snapshot (server/shared_state.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "alert/alert.h"
#include "json/value.h"
#include "util/result.h"
#include "util/time.h"

namespace bw::noise {

struct Matcher {
  std::string name;
  std::string value;
};

struct Silence {
  std::string id;
  std::vector<Matcher> matchers;
  EpochMs starts_at = 0;
  EpochMs ends_at = 0;  // exclusive; expiring a silence early moves it to the expiry time
  std::string by;
  std::string reason;
  EpochMs created_at = 0;
  std::string expired_by;  // set when an operator ended it early
  std::string expire_reason;

  bool active(EpochMs now) const { return now >= starts_at && now < ends_at; }
  bool matches(const alert::Alert& alert) const;
};

using SilenceSet = std::vector<Silence>;

// "rule=listed_document" -> {rule, listed_document}. Error names the problem.
Result<Matcher> parse_matcher(std::string_view text);

json::Value to_json(const Silence& silence);
// Error when a stored record lacks a required member (the caller names the record).
Result<Silence> silence_from_json(const json::Value& v);

// The id of the first active silence in `set` matching `alert`, or empty.
std::string silenced_by(const SilenceSet& set, const alert::Alert& alert, EpochMs now);

}  // namespace bw::noise
