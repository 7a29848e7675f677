#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>

#include "auth/security.h"
#include "test_support.h"
#include "transport/curve.h"

using namespace bw;

TEST_CASE("security: secret key files must not be readable by group or others") {
  test::TempDir dir;
  auto k = transport::generate_curve_keypair();
  REQUIRE(k);
  const auto path = (dir.path() / "secret.key").string();
  REQUIRE(auth::write_key_file(path, k->secret_key, /*secret=*/true));
  CHECK_FALSE(auth::write_key_file(path, k->secret_key, true));  // never overwrites
  auto read = auth::read_key_file(path, true);
  REQUIRE(read);
  CHECK(*read == k->secret_key);
  REQUIRE(::chmod(path.c_str(), 0640) == 0);
  auto refused = auth::read_key_file(path, true);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("readable by group or others") != std::string::npos);
  CHECK(auth::read_key_file(path, /*secret=*/false));  // a public key may be world-readable
  std::ofstream(dir.path() / "junk.key") << "not a key\n";
  CHECK_FALSE(auth::read_key_file((dir.path() / "junk.key").string(), false));
}

TEST_CASE("security: roles") {
  CHECK(auth::role_allows("viewer", "status"));
  CHECK(auth::role_allows("viewer", "alerts.list"));
  CHECK_FALSE(auth::role_allows("viewer", "alerts.ack"));
  CHECK(auth::role_allows("viewer", "alerts.silence.list"));  // a read: nor is it audited
  CHECK_FALSE(auth::role_allows("viewer", "alerts.silence.add"));
  CHECK(auth::role_allows("officer", "alerts.silence.add"));
  CHECK_FALSE(auth::is_read_command("alerts.silence.expire"));
  CHECK_FALSE(auth::role_allows("viewer", "rules.load"));
  CHECK(auth::role_allows("officer", "alerts.ack"));
  CHECK(auth::role_allows("officer", "alerts.resolve"));
  CHECK_FALSE(auth::role_allows("officer", "watchlist.import"));
  // Clearing a watchlist hit is the duty officer's call; list maintainers may only read them.
  CHECK(auth::role_allows("officer", "watchlist.clearance.add"));
  CHECK(auth::role_allows("officer", "watchlist.clearance.revoke"));
  CHECK_FALSE(auth::role_allows("operator", "watchlist.clearance.add"));
  CHECK_FALSE(auth::role_allows("viewer", "watchlist.clearance.revoke"));
  CHECK(auth::role_allows("viewer", "watchlist.clearance.list"));
  CHECK(auth::role_allows("operator", "watchlist.import"));
  CHECK(auth::role_allows("viewer", "watchlist.show"));  // versions are reads...
  CHECK(auth::role_allows("viewer", "watchlist.export"));
  CHECK_FALSE(auth::role_allows("viewer", "watchlist.rollback"));  // ...a rollback is not
  CHECK(auth::role_allows("operator", "watchlist.rollback"));
  CHECK(auth::role_allows("operator", "rules.load"));
  CHECK(auth::role_allows("operator", "watchlist.import"));
  CHECK_FALSE(auth::role_allows("operator", "alerts.ack"));
  CHECK_FALSE(auth::role_allows("checkpoint", "status"));
  CHECK_FALSE(auth::role_allows("none", "status"));
}

TEST_CASE("security: a network endpoint without CURVE needs insecure: true") {
  CHECK(auth::is_network_endpoint("tcp://0.0.0.0:7700"));
  CHECK(auth::is_network_endpoint("tcp://10.1.2.3:7700"));
  CHECK_FALSE(auth::is_network_endpoint("tcp://127.0.0.1:7700"));
  CHECK_FALSE(auth::is_network_endpoint("tcp://[::1]:7700"));
  CHECK_FALSE(auth::is_network_endpoint("ipc:///run/bw.sock"));
  auto cfg = test::test_config("/tmp/unused");
  CHECK(auth::Security::load(cfg));
  cfg.ingest.endpoint = "tcp://0.0.0.0:7700";
  auto refused = auth::Security::load(cfg);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("security.insecure") != std::string::npos);
  cfg.security.insecure = true;
  CHECK(auth::Security::load(cfg));
}
