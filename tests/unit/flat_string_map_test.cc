#include <doctest/doctest.h>

#include <random>
#include <string>

#include "util/flat_string_map.h"
#include "util/load_bytes.h"

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

TEST_CASE("load_le: each of the first n bytes at its position, zero past them") {
  std::mt19937 rng(7);
  char buf[16];
  for (int round = 0; round < 200; ++round) {
    for (char& c : buf) c = static_cast<char>(rng() % 255 + 1);  // never zero: all bytes count
    for (size_t n = 0; n <= 8; ++n) {
      uint64_t want = 0;
      for (size_t i = 0; i < n; ++i)
        want |= uint64_t{static_cast<unsigned char>(buf[i])} << (8 * i);
      CAPTURE(n);
      CHECK(load_le(buf, n) == want);
    }
  }
}

TEST_CASE("FlatStringMap tells apart keys that differ in any one byte, whatever their length") {
  FlatStringMap<int> map;
  for (size_t n = 1; n <= 17; ++n)
    *map.try_emplace(std::string(n, 'a')).first = static_cast<int>(n);
  for (size_t n = 1; n <= 17; ++n) {
    CAPTURE(n);
    REQUIRE(map.find(std::string(n, 'a')) != nullptr);
    CHECK(*map.find(std::string(n, 'a')) == static_cast<int>(n));
    for (size_t i = 0; i < n; ++i) {
      std::string other(n, 'a');
      other[i] = '\xe0';
      CAPTURE(i);
      CHECK(map.find(other) == nullptr);
    }
  }
}

}  // namespace bw
