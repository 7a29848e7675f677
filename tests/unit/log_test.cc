#include <doctest/doctest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "json/parse.h"
#include "util/log.h"

TEST_CASE("log: json format writes one valid JSON object per line, whatever the message") {
  REQUIRE(bw::setup_logging("info", "json").ok());
  auto logger = spdlog::default_logger();
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  logger->sinks().push_back(sink);
  REQUIRE(bw::setup_logging("info", "json").ok());  // re-applies the pattern to every sink
  spdlog::info("rule \"x\" failed:\n\tline 2");
  logger->sinks().pop_back();
  REQUIRE(bw::setup_logging("warn", "text").ok());
  std::string line = out.str();
  REQUIRE(!line.empty());
  line.pop_back();  // newline
  auto v = bw::json::parse(line);
  REQUIRE_MESSAGE(v.ok(), line);
  CHECK(v->string_or("message") == "rule \"x\" failed:\n\tline 2");
  CHECK(v->string_or("level") == "info");
  CHECK_FALSE(bw::setup_logging("loud", "json").ok());
  CHECK_FALSE(bw::setup_logging("info", "xml").ok());
}
