#include <doctest/doctest.h>

#include "json/parse.h"
#include "json/writer.h"

using bw::json::Value;

TEST_CASE("json: round trip keeps member order, types and escapes") {
  const std::string text = R"({"b":1,"a":[true,false,null,-2.5,"x\"y\\z\n"],"c":{"d":"ไทย"}})";
  auto v = bw::json::parse(text);
  REQUIRE(v.ok());
  CHECK(bw::json::to_string(*v) == text);
  CHECK(v->find_path("c.d")->as_string() == "ไทย");
  CHECK(v->find_path("c.e") == nullptr);
  CHECK(v->find("a")->as_array().size() == 5);
}

TEST_CASE("json: malformed and hostile input is an error, not a crash") {
  CHECK_FALSE(bw::json::parse("{").ok());
  CHECK_FALSE(bw::json::parse("{\"a\":}").ok());
  CHECK_FALSE(bw::json::parse("\"\xff\xfe\"").ok());  // invalid UTF-8
  std::string deep(1000, '[');
  deep += std::string(1000, ']');
  auto r = bw::json::parse(deep);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("nesting") != std::string::npos);
  auto big = bw::json::parse(std::string(2000, ' '), {.max_bytes = 1000});
  REQUIRE_FALSE(big.ok());
  CHECK(big.error().message.find("above the limit") != std::string::npos);
}

TEST_CASE("json: integers print without exponent, control characters are escaped") {
  Value v;
  v.set("n", int64_t{1234567890123});
  v.set("s", std::string("a\x01") + "b");
  CHECK(bw::json::to_string(v) == R"({"n":1234567890123,"s":"a\u0001b"})");
}

TEST_CASE("json: escapes at either end and in a row, plain runs between; whole and fractional") {
  std::string out;
  bw::json::append_quoted(out, "\"ab\\\\\tc\n");
  CHECK(out == R"("\"ab\\\\\tc\n")");
  out.clear();
  bw::json::append_quoted(out, "");
  CHECK(out == R"("")");
  out.clear();
  bw::json::append_quoted(out, std::string("\x1f") + "plain text" + "\x7f\r");
  CHECK(out == "\"\\u001fplain text\x7f\\r\"");
  Value v;
  v.set("a", int64_t{-42});
  v.set("b", 0.0);
  v.set("c", -9007199254740991.0);
  v.set("d", 0.1);
  v.set("e", 9007199254740992.0);  // past the whole-number range: printed as a double
  CHECK(bw::json::to_string(v) ==
        R"({"a":-42,"b":0,"c":-9007199254740991,"d":0.10000000000000001,"e":9007199254740992})");
}

TEST_CASE("json: escapes at the start, the end and side by side are all written") {
  std::string out;
  bw::json::append_quoted(out, "");
  CHECK(out == R"("")");
  out = "prefix:";  // appends, keeping what is there
  bw::json::append_quoted(out, "\"a\\\"\n\r\tb\x1f");
  CHECK(out == R"(prefix:"\"a\\\"\n\r\t)"
               R"(b\u001f")");
  out.clear();
  bw::json::append_quoted(out, std::string("\0x", 2));
  CHECK(out == R"("\u0000x")");
  out.clear();
  bw::json::append_quoted(out, "plain ไทย \x7f");  // no escape above 0x1f but " and backslash
  CHECK(out == "\"plain ไทย \x7f\"");
  // Every byte value: what is written parses back to the same string.
  std::string all;
  for (int c = 1; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  out.clear();
  bw::json::append_quoted(out, all);
  auto back = bw::json::parse(out);
  REQUIRE(back.ok());
  CHECK(back->as_string() == all);
}

TEST_CASE("json: every value type converts, nested and at the root, in member order") {
  const std::string long_text(100, 'x');  // beyond the short-string buffer
  const std::string text =
      R"({"o":{"a":[1,-2,18446744073709551615,0.5,"s",")" + long_text +
      R"(",true,false,null,[],{}],"e":{},"k":"v","k":"second"},"z":[[["d"]]]})";
  auto v = bw::json::parse(text);
  REQUIRE(v.ok());
  const Value* a = v->find_path("o.a");
  REQUIRE(a != nullptr);
  REQUIRE(a->is_array());
  const auto& items = a->as_array();
  REQUIRE(items.size() == 11);
  CHECK(items[0].as_number() == 1);
  CHECK(items[1].as_number() == -2);
  CHECK(items[2].as_number() == 18446744073709551615.0);
  CHECK(items[3].as_number() == 0.5);
  CHECK(items[4].as_string() == "s");
  CHECK(items[5].as_string() == long_text);
  CHECK(items[6].as_bool());
  CHECK_FALSE(items[7].as_bool());
  CHECK(items[8].is_null());
  CHECK((items[9].is_array() && items[9].as_array().empty()));
  CHECK((items[10].is_object() && items[10].as_object().empty()));
  const auto& o = v->find("o")->as_object();
  REQUIRE(o.size() == 4);  // duplicate members are kept, in order; find() sees the first
  CHECK(o[0].first == "a");
  CHECK(o[1].first == "e");
  CHECK(o[3].second.as_string() == "second");
  CHECK(v->find_path("o.k")->as_string() == "v");
  CHECK(v->find("z")->as_array()[0].as_array()[0].as_array()[0].as_string() == "d");
  for (const char* root : {R"("text")", "42", "null", "true", "[]", "{}"}) {
    auto r = bw::json::parse(root);
    REQUIRE(r.ok());
    CHECK(bw::json::to_string(*r) == root);
  }
}
