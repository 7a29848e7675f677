#include <doctest/doctest.h>

#include <string>

#include "util/flat_string_map.h"

namespace bw {

TEST_CASE("FlatStringMap finds every inserted key across growth and nothing else") {
  FlatStringMap<int> map;
  CHECK(map.find("absent") == nullptr);  // empty map: no slots at all
  for (int i = 0; i < 5000; ++i) {
    auto [value, inserted] = map.try_emplace("key-" + std::to_string(i));
    REQUIRE(inserted);
    *value = i;
  }
  CHECK(map.size() == 5000);
  for (int i = 0; i < 5000; ++i) {
    const int* v = map.find("key-" + std::to_string(i));
    REQUIRE(v != nullptr);
    CHECK(*v == i);
  }
  CHECK(map.find("key-5000") == nullptr);
  CHECK(map.find("") == nullptr);
  CHECK(map.find("key-1 ") == nullptr);
}

TEST_CASE("FlatStringMap try_emplace returns the existing value for a repeated key") {
  FlatStringMap<int> map;
  *map.try_emplace("N1234567").first = 7;
  auto [value, inserted] = map.try_emplace("N1234567");
  CHECK_FALSE(inserted);
  CHECK(*value == 7);
  CHECK(map.size() == 1);
  CHECK(map.entries().front().first == "N1234567");
  map.try_emplace("");  // the empty string is a key like any other
  REQUIRE(map.find("") != nullptr);
  CHECK(*map.find("") == 0);
}

}  // namespace bw
