#include <doctest/doctest.h>

#include "util/line_diff.h"

TEST_CASE("line diff: changed, added and removed lines with context") {
  CHECK(bw::line_diff("a\nb\nc\n", "a\nb\nc\n") == "");
  CHECK(bw::line_diff("a\nb\nc\n", "a\nB\nc\n", 1) == " a\n-b\n+B\n c\n");
  CHECK(bw::line_diff("", "x\n") == "+x\n");
  CHECK(bw::line_diff("1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\n5\n6\n7\nX\n", 1) == " 7\n-8\n+X\n");
  CHECK(bw::line_diff("1\n2\n3\n4\n5\n6\n7\n", "X\n2\n3\n4\n5\n6\nY\n", 1) ==
        "-1\n+X\n 2\n...\n 6\n-7\n+Y\n");
}
