#include "util/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace bw {

Status setup_logging(const std::string& level, const std::string& format) {
  auto lvl = spdlog::level::from_str(level);
  if (lvl == spdlog::level::off && level != "off")
    return Error{"log.level: unknown level " + level};
  auto logger = spdlog::stderr_color_mt("borderwatch");
  if (format == "json") {
    // Message text is escaped by writing it last inside a JSON string; spdlog does not escape
    // quotes, so messages avoid them by convention ("..." are replaced with '...').
    logger->set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","logger":"%n","message":"%v"})");
  } else if (format == "text") {
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  } else {
    return Error{"log.format: must be text or json"};
  }
  logger->set_level(lvl);
  spdlog::set_default_logger(logger);
  return ok_status();
}

}  // namespace bw
