// Client-side key files, shared by bwctl, bwsim and the console.
//
// A key pair lives in two files: BASE.key (secret, mode 0600) and BASE.pub. Clients name the
// daemon's public key file (--server-key) and their own BASE (--key).
// Failure: errors name the file; a group/world-readable secret key is refused.
#pragma once

#include <string>

#include "transport/curve.h"
#include "util/result.h"

namespace bw::auth {

// Both empty: plain (no CURVE). Both set: CURVE with BASE.pub/BASE.key. One alone: an error.
Result<transport::CurveClientKeys> load_client_keys(const std::string& server_key_file,
                                                    const std::string& key_base);

// Makes a new pair and writes BASE.key (0600) and BASE.pub; never overwrites. Returns the
// public key.
Result<std::string> generate_key_files(const std::string& key_base);

}  // namespace bw::auth
