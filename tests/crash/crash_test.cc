// Crash test: the real borderwatchd is killed with SIGKILL at random moments while a
// checkpoint pushes events (with its own resends and deliberate resends of acknowledged
// events), then restarted, 20 times. Afterwards, reading the store directly:
// - every event that was ever acknowledged is stored, byte for byte, exactly once;
// - no event was ever answered "accepted" twice (a second store of the same event);
// - every listed-document event has exactly one alert, no other event has one, and the
//   alert sequence is gap-free from 1.
// ctest label `crash`; runs in about 20-40 s.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "control/control_client.h"
#include "daemon_process.h"
#include "harness.h"
#include "sim/push_client.h"
#include "store/store.h"

namespace bw::test {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

constexpr int kKills = 20;
constexpr int kListedDocuments = 200;
constexpr int kListedEvery = 7;            // event n carries a listed document when n % 7 == 0
constexpr double kEventsPerSecond = 4000;  // enough to keep batches in flight at every kill
constexpr int kResendOneIn = 25;           // deliberate resends of acknowledged events
constexpr char kCheckpoint[] = "BAN_LAEM";

std::string listed_document(int i) {
  return "LS" + std::to_string(100000 + i);
}

// A loopback port that is free now; the daemon binds it on every restart, so the checkpoint's
// DEALER reconnects to the same endpoint as a real one would.
std::string free_loopback_endpoint(transport::Context& context) {
  transport::Socket probe(context, transport::SocketType::kRouter);
  if (auto s = probe.bind(transport::any_loopback_port()); !s) {
    throw std::runtime_error(s.error().message);
  }
  return probe.last_endpoint();
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Endpoints {
  std::string ingest, alerts, control;
};

void write_config(const std::filesystem::path& path, const std::filesystem::path& dir,
                  const Endpoints& ep) {
  std::ofstream(path) << "state_dir: " << (dir / "state").string() << "\n"
                      << "rules_dir: " << (dir / "rules").string() << "\n"
                      << "ingest: {endpoint: \"" << ep.ingest << "\", max_batch: 512}\n"
                      << "alerts: {endpoint: \"" << ep.alerts << "\"}\n"
                      << "control: {endpoint: \"" << ep.control << "\"}\n"
                      << "log: {level: warn}\n"
                      << "checkpoints:\n"
                      << "  - {id: " << kCheckpoint << ", name: Ban Laem, km: 47}\n";
}

// The checkpoint side: what was sent, what was acknowledged, and any broken promise.
struct Ledger {
  std::map<std::string, std::string> sent;  // event_id -> exact bytes
  std::set<std::string> acknowledged;
  std::vector<std::string> acknowledged_order;  // for picking deliberate resends
  uint64_t accepted_twice = 0;
  uint64_t rejected = 0;
  uint64_t unanswered = 0;
  uint64_t deliberate_resends = 0;
  std::string last_problem;

  void on_outcome(const sim::EventOutcome& out) {
    const std::string id(out.event_id);
    switch (out.status) {
      case sim::FinalStatus::kAccepted:
      case sim::FinalStatus::kDuplicate:
        if (acknowledged.insert(id).second) {
          acknowledged_order.push_back(id);
        } else if (out.status == sim::FinalStatus::kAccepted) {
          ++accepted_twice;
          last_problem = "accepted twice: " + id;
        }
        break;
      case sim::FinalStatus::kRejected:
        ++rejected;
        last_problem = "rejected " + id + ": " + std::string(out.error);
        break;
      case sim::FinalStatus::kUnanswered:
        ++unanswered;
        last_problem = "unanswered " + id + ": " + std::string(out.error);
        break;
    }
  }
};

class Load {
 public:
  Load(sim::PushClient& client, Ledger& ledger, std::mt19937& rng)
      : client_(client), ledger_(ledger), rng_(rng), started_(Steady::now()) {}

  // Submits at the target rate (new events and deliberate resends) and pumps, for `period`.
  void run_for(std::chrono::milliseconds period) {
    const auto until = Steady::now() + period;
    while (Steady::now() < until) {
      const double elapsed = std::chrono::duration<double>(Steady::now() - started_).count();
      while (static_cast<double>(submitted_) < elapsed * kEventsPerSecond && client_.has_room()) {
        submit_one();
      }
      client_.pump(5ms);
    }
  }

 private:
  void submit_one() {
    ++submitted_;
    auto& acked = ledger_.acknowledged_order;
    if (!acked.empty() && rng_() % kResendOneIn == 0) {
      const std::string& id = acked[rng_() % acked.size()];
      if (client_.submit(id, ledger_.sent.at(id)) == sim::PushClient::Submit::kSent) {
        ++ledger_.deliberate_resends;
      }
      return;
    }
    const int n = next_event_++;
    const std::string id = "C-" + std::to_string(n);
    const std::string doc = n % kListedEvery == 0
                                ? listed_document((n / kListedEvery) % kListedDocuments)
                                : "ND" + std::to_string(n);
    std::string json = make_event(id, doc, kCheckpoint);
    ledger_.sent.emplace(id, json);
    REQUIRE(client_.submit(id, std::move(json)) == sim::PushClient::Submit::kSent);
  }

  sim::PushClient& client_;
  Ledger& ledger_;
  std::mt19937& rng_;
  Steady::time_point started_;
  uint64_t submitted_ = 0;
  int next_event_ = 0;
};

bool wait_ready(transport::Context& context, const std::string& endpoint,
                std::chrono::milliseconds timeout) {
  control::ControlClient client(context, endpoint, 200ms);
  json::Value status;
  status.set("cmd", "status");
  const auto deadline = Steady::now() + timeout;
  while (Steady::now() < deadline) {
    if (client.request(status)) return true;
  }
  return false;
}

void import_listed_documents(transport::Context& context, const std::string& endpoint) {
  std::string csv = "number,country,type,reason\n";
  for (int i = 0; i < kListedDocuments; ++i) csv += listed_document(i) + ",THA,passport,stolen\n";
  json::Value req;
  req.set("cmd", "watchlist.import");
  req.set("name", "lost_stolen_documents");
  req.set("text", csv);
  req.set("by", "crash test");
  control::ControlClient client(context, endpoint, 10s);
  auto reply = client.request(req);
  REQUIRE(reply);
  const json::Value* ok = reply->find("ok");
  REQUIRE_MESSAGE((ok != nullptr && ok->is_bool() && ok->as_bool()), json::to_string(*reply));
}

// Opens the store the daemon left behind and checks the promises against the ledger.
void verify_store(const std::filesystem::path& db, const Ledger& ledger) {
  auto opened = store::Store::open(db.string());
  REQUIRE_MESSAGE(opened, opened.error().message);
  store::Store& store = **opened;

  const std::string prefix = std::string(kCheckpoint) + "/";
  for (const auto& id : ledger.acknowledged) {
    auto got = store.get_event(prefix + id);
    REQUIRE(got);
    REQUIRE_MESSAGE(got->has_value(), "acknowledged event missing from the store: " << id);
    CHECK(**got == ledger.sent.at(id));
  }

  uint64_t scanned = 0, unknown = 0;
  std::set<std::string> should_alert;
  REQUIRE(store.scan_events([&](std::string_view key, std::string_view raw) {
    ++scanned;
    const std::string id(key.substr(prefix.size()));
    if (ledger.sent.count(id) == 0) ++unknown;
    if (raw.find("\"LS1") != std::string_view::npos) should_alert.insert(id);
    return true;
  }));
  CHECK(unknown == 0);
  CHECK(scanned == store.events_stored());  // the counter moved once per stored event

  auto alerts = store.alerts_since(1, SIZE_MAX);
  REQUIRE(alerts);
  CHECK(alerts->size() == store.next_alert_seq() - 1);
  std::map<std::string, int> alerts_per_event;
  for (size_t i = 0; i < alerts->size(); ++i) {
    const auto& a = (*alerts)[i];
    REQUIRE_MESSAGE(a.seq == i + 1, "alert sequence gap at " << i + 1 << ": found " << a.seq);
    auto v = json::parse(a.json);
    REQUIRE(v);
    CHECK(v->number_or("seq", 0) == static_cast<double>(a.seq));
    ++alerts_per_event[v->string_or("event_id")];
  }
  for (const auto& [id, count] : alerts_per_event) {
    CHECK_MESSAGE(count == 1, id << " has " << count << " alerts");
    CHECK_MESSAGE(should_alert.count(id) == 1, id << " has an alert it should not have");
  }
  for (const auto& id : should_alert) {
    CHECK_MESSAGE(alerts_per_event.count(id) == 1, id << " has no alert");
  }
  MESSAGE("store: " << scanned << " events, " << alerts->size() << " alerts");
}

TEST_CASE("crash: kill -9 at random moments loses no acknowledged event or alert") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "rules");
  std::ofstream(dir.path() / "rules" / "test.yaml") << kListedDocumentRule;
  transport::Context context;
  const Endpoints ep{free_loopback_endpoint(context), free_loopback_endpoint(context),
                     free_loopback_endpoint(context)};
  write_config(dir.path() / "borderwatch.yaml", dir.path(), ep);
  const auto log = dir.path() / "daemon.log";
  DaemonProcess daemon(BW_DAEMON_PATH, (dir.path() / "borderwatch.yaml").string(), log.string());

  daemon.start();
  REQUIRE_MESSAGE(wait_ready(context, ep.control, 15s), read_file(log));
  import_listed_documents(context, ep.control);

  Ledger ledger;
  sim::PushOptions opts;
  opts.endpoint = ep.ingest;
  opts.window = 500;
  opts.reply_timeout = 400ms;  // resend soon after a kill
  opts.retry_delay = 50ms;
  opts.on_outcome = [&](const sim::EventOutcome& out) { ledger.on_outcome(out); };
  auto client = sim::PushClient::connect(context, opts);
  REQUIRE(client);

  std::mt19937 rng(std::random_device{}());
  Load load(**client, ledger, rng);
  for (int kill = 0; kill < kKills; ++kill) {
    // From 20 ms (often still opening the store) to 1.2 s (many batches in).
    load.run_for(std::chrono::milliseconds(20 + rng() % 1180));
    REQUIRE_MESSAGE(daemon.running(), "daemon died by itself:\n" << read_file(log));
    daemon.kill_hard();
    daemon.start();
  }
  REQUIRE_MESSAGE(wait_ready(context, ep.control, 15s), read_file(log));
  load.run_for(300ms);
  CHECK((*client)->drain(30s));
  CHECK(daemon.stop(15s));

  const auto& c = (*client)->counters();
  MESSAGE("client: " << c.submitted << " submitted, " << c.accepted << " accepted, " << c.duplicate
                     << " duplicate (" << ledger.deliberate_resends << " deliberate resends, "
                     << c.duplicate_after_resend << " after a lost ack), " << c.resends
                     << " resends, " << c.timeouts << " timeouts, " << c.retry_replies
                     << " retry replies");
  CHECK_MESSAGE(ledger.accepted_twice == 0, ledger.last_problem);
  CHECK_MESSAGE(ledger.rejected == 0, ledger.last_problem);
  CHECK_MESSAGE(ledger.unanswered == 0, ledger.last_problem);
  CHECK(ledger.acknowledged.size() == ledger.sent.size());
  CHECK(ledger.acknowledged.size() > 1000);  // the kills landed under real load
  verify_store(dir.path() / "state" / "db", ledger);
}

}  // namespace
}  // namespace bw::test
