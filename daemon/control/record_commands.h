// The request shape shared by the control services that keep a set of officer-made records
// (silences, clearances): "<prefix>.list" (optional "all"), "<prefix>.add" and one command that
// ends a record ("<prefix>.expire", "<prefix>.revoke" with "id" and "reason"). Every reply is
// {ok: true, <plural or singular>: ...} or {ok: false, error: "<command>: <message>"}.
//
// The helpers below are what their services share about keeping such records: loading them
// back from the store's meta family, replacing one by id, and listing them newest first.
//
// Thread safety: as the handlers passed in; this adds no state.
#pragma once

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "json/parse.h"
#include "json/value.h"
#include "store/store.h"
#include "util/result.h"

namespace bw::control {

struct RecordCommands {
  std::string list_command, add_command, end_command;  // full command names
  std::string plural, singular;                        // reply keys: "silences", "silence"
  std::function<Result<json::Value>(bool all)> list;
  // `by` is the request's "by", at most 64 characters ("unknown" when absent).
  std::function<Result<json::Value>(const json::Value& request, const std::string& by)> add;
  std::function<Result<json::Value>(const std::string& id, const std::string& by,
                                    const std::string& reason)>
      end;
};

// Runs `cmd` through `commands`; a command it does not name is an "unknown command" failure.
json::Value dispatch_record_command(const RecordCommands& commands, const std::string& cmd,
                                    const json::Value& request);

// Every meta record under `prefix`, in key order, each read with `from_json` (a
// Result<Record>(const json::Value&)). Fails on a store read error, or naming the key of the
// first record that is not JSON or that `from_json` refuses.
template <typename Record, typename FromJson>
Result<std::vector<Record>> load_records(store::Store& store, const std::string& prefix,
                                         FromJson from_json) {
  auto stored = store.scan_meta(prefix);
  if (!stored) return stored.error();
  std::vector<Record> records;
  for (const auto& [key, text] : *stored) {
    auto v = json::parse(text);
    if (!v) return Error{"stored " + key + " is corrupt"};
    Result<Record> r = from_json(*v);
    if (!r) return Error{"stored " + key + ": " + r.error().message};
    records.push_back(std::move(*r));
  }
  return records;
}

// Puts `record` in place of the one in `records` with its id, or appends it.
template <typename Record>
void replace_or_append(std::vector<Record>& records, const Record& record) {
  auto it = std::find_if(records.begin(), records.end(),
                         [&](const Record& r) { return r.id == record.id; });
  if (it == records.end()) {
    records.push_back(record);
  } else {
    *it = record;
  }
}

// `shown` newest first (by created_at), each as `to_json(record)` with "state":
// `state_of(record)`.
template <typename Record, typename ToJson, typename StateOf>
json::Value newest_first(std::vector<Record> shown, ToJson to_json, StateOf state_of) {
  std::sort(shown.begin(), shown.end(),
            [](const Record& a, const Record& b) { return a.created_at > b.created_at; });
  json::Array out;
  for (const auto& r : shown) {
    json::Value v = to_json(r);
    v.set("state", state_of(r));
    out.push_back(std::move(v));
  }
  return json::Value(std::move(out));
}

}  // namespace bw::control
