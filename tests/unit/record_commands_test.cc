#include <doctest/doctest.h>

#include "control/record_commands.h"
#include "test_support.h"
#include "util/time.h"

namespace {

struct Note {
  std::string id;
  bw::EpochMs created_at = 0;
};

bw::Result<Note> note_from_json(const bw::json::Value& v) {
  if (!v.find("id")) return bw::Error{"no id"};
  return Note{v.string_or("id"), static_cast<bw::EpochMs>(v.number_or("at", 0))};
}

}  // namespace

TEST_CASE("record helpers: stored records load in key order; a bad one is named") {
  bw::test::TempDir dir;
  auto store = bw::store::Store::open(dir.str());
  REQUIRE(store);
  REQUIRE((*store)->put_meta("note/b", R"({"id":"b","at":2})", true));
  REQUIRE((*store)->put_meta("note/a", R"({"id":"a","at":1})", true));
  REQUIRE((*store)->put_meta("other/x", "not json", true));
  auto notes = bw::control::load_records<Note>(**store, "note/", note_from_json);
  REQUIRE(notes);
  REQUIRE(notes->size() == 2);
  CHECK((*notes)[0].id == "a");
  CHECK((*notes)[1].id == "b");

  REQUIRE((*store)->put_meta("note/c", "{", true));
  auto corrupt = bw::control::load_records<Note>(**store, "note/", note_from_json);
  REQUIRE_FALSE(corrupt);
  CHECK(corrupt.error().message == "stored note/c is corrupt");

  REQUIRE((*store)->put_meta("note/c", R"({"at":3})", true));
  auto refused = bw::control::load_records<Note>(**store, "note/", note_from_json);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message == "stored note/c: no id");
}

TEST_CASE("record helpers: replace by id or append; list newest first with a state") {
  std::vector<Note> notes{{"a", 1}, {"b", 2}};
  bw::control::replace_or_append(notes, Note{"a", 5});
  bw::control::replace_or_append(notes, Note{"c", 3});
  REQUIRE(notes.size() == 3);
  CHECK(notes[0].created_at == 5);
  CHECK(notes[2].id == "c");

  const auto to_json = [](const Note& n) {
    bw::json::Value v;
    v.set("id", n.id);
    return v;
  };
  const auto state_of = [](const Note& n) { return n.created_at > 2 ? "new" : "old"; };
  bw::json::Value listed = bw::control::newest_first(notes, to_json, state_of);
  const auto& out = listed.as_array();
  REQUIRE(out.size() == 3);
  CHECK(out[0].string_or("id") == "a");
  CHECK(out[1].string_or("id") == "c");
  CHECK(out[2].string_or("id") == "b");
  CHECK(out[0].string_or("state") == "new");
  CHECK(out[2].string_or("state") == "old");
}
