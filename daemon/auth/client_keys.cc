#include "auth/client_keys.h"

#include "auth/security.h"

namespace bw::auth {

Result<transport::CurveClientKeys> load_client_keys(const std::string& server_key_file,
                                                    const std::string& key_base) {
  if (server_key_file.empty() && key_base.empty()) return transport::CurveClientKeys{};
  if (server_key_file.empty() || key_base.empty()) {
    return Error{"keys: --server-key and --key go together"};
  }
  auto server = read_key_file(server_key_file, /*secret=*/false);
  if (!server) return server.error();
  auto pub = read_key_file(key_base + ".pub", /*secret=*/false);
  if (!pub) return pub.error();
  auto secret = read_key_file(key_base + ".key", /*secret=*/true);
  if (!secret) return secret.error();
  return transport::CurveClientKeys{*server, *pub, *secret};
}

Result<std::string> generate_key_files(const std::string& key_base) {
  auto pair = transport::generate_curve_keypair();
  if (!pair) return pair.error();
  if (auto s = write_key_file(key_base + ".key", pair->secret_key, /*secret=*/true); !s) {
    return s.error();
  }
  if (auto s = write_key_file(key_base + ".pub", pair->public_key, /*secret=*/false); !s) {
    return s.error();
  }
  return pair->public_key;
}

}  // namespace bw::auth
