// Readers for the config sections that shape what leaves the daemon and who may talk to it:
// sinks, noise control, security. Private to daemon/config (loader.cc calls them). Each fails
// through ConfigReader::fail (yaml_reader.h), naming file:line:column and the key path.
#pragma once

#include <yaml-cpp/yaml.h>

#include <vector>

#include "config/config.h"
#include "config/yaml_reader.h"

namespace bw::config {

// sinks: a list of sink mappings with unique names.
void read_sinks(const ConfigReader& r, const YAML::Node& n, std::vector<SinkConfig>& out);
void read_noise(const ConfigReader& r, const YAML::Node& n, NoiseConfig& out);
// security: CURVE switch, key files and the client list; curve needs the server key file.
void read_security(const ConfigReader& r, const YAML::Node& n, SecurityConfig& out);

}  // namespace bw::config
