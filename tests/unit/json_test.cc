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
