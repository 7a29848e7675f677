// Engine::flush(): the store writes of a batch are one per changed key, however many events
// changed it, and what a batch creates and removes again is never written.
#include <doctest/doctest.h>

#include "event/decode.h"
#include "temporal_support.h"

namespace {

using namespace bw;
using test::Crossing;
using test::kHour;
using test::kMinute;
using test::kT0;

const char* kCount = R"(
- rule: three_a_day
  desc: d
  condition: traveller.document.number exists
  stateful: {aggregate: count, by: traveller.document.number, within: 1d, threshold: 3}
  output: "{traveller.document.number}"
  priority: high
)";

// Feeds events to an engine of its own without committing: the ops are what a batch of the
// ingest loop would commit.
struct Feeder {
  explicit Feeder(test::TemporalRig& rig) : rig_(rig), decoder_(config_, 64 * 1024) {}
  void send(int64_t at, const std::string& doc) {
    Crossing c;
    c.at = at;
    c.doc = doc;
    c.id = "f" + std::to_string(++n_);
    auto ev = decoder_.decode(test::json_of(c));
    REQUIRE(ev.ok());
    rig_.engine().on_event(*ev, rig_.rules(), nullptr, at, ops, alerts);
  }
  size_t writes_of(char kind) const {
    size_t n = 0;
    for (const auto& op : ops) n += !op.first.empty() && op.first[0] == kind ? 1 : 0;
    return n;
  }

  test::TemporalRig& rig_;
  const config::Config config_ = test::border_config();  // the decoder keeps a reference
  event::EventDecoder decoder_;
  temporal::StateOps ops;
  std::vector<alert::Alert> alerts;
  int n_ = 0;
};

TEST_CASE("flush: a key touched by several events of a batch is written once") {
  test::TemporalRig rig(kCount, kHour);
  Feeder f(rig);
  f.send(kT0, "D1");
  f.send(kT0 + kMinute, "D1");
  f.send(kT0 + 2 * kMinute, "D2");
  CHECK(f.writes_of('g') + f.writes_of('m') == 0);  // no group or watermark before the flush
  rig.engine().flush(f.ops);
  temporal::coalesce(f.ops);
  CHECK(f.writes_of('g') == 2);  // D1 and D2, D1 holding both of its events
  CHECK(f.writes_of('m') == 1);  // the watermark once, not per event
  f.ops.clear();
  rig.engine().flush(f.ops);
  CHECK(f.ops.empty());  // nothing changed since
}

TEST_CASE("flush: a group created and removed between two flushes writes nothing") {
  test::TemporalRig rig(kCount, kHour);
  Feeder f(rig);
  f.send(kT0, "GONE");
  f.send(kT0 + 2 * test::kDay, "LATER");  // the watermark passes GONE's window
  rig.engine().advance(rig.rules(), 0, f.ops, f.alerts);
  temporal::coalesce(f.ops);
  REQUIRE(f.writes_of('g') == 1);
  CHECK(f.ops.back().first.find("LATER") != std::string::npos);
  CHECK(rig.engine().group_count() == 1);
}

TEST_CASE("flush: flushes that share one commit batch cancel a group they create and remove") {
  test::TemporalRig rig(kCount, kHour);
  Feeder f(rig);
  f.send(kT0, "SHORT");
  rig.engine().flush(f.ops);  // one turn of the ingest loop...
  CHECK(f.writes_of('g') == 1);
  f.send(kT0 + 2 * test::kDay, "NEXT");
  rig.engine().advance(rig.rules(), 0, f.ops, f.alerts);  // ...and the next, same batch
  temporal::coalesce(f.ops);
  REQUIRE(f.writes_of('g') == 1);  // SHORT: neither its put nor its delete
  CHECK(f.ops.back().first.find("NEXT") != std::string::npos);
}

TEST_CASE("flush: a stored group that expires is deleted, and a restart does not bring it back") {
  test::TemporalRig rig(kCount, kHour);
  rig.send([] {
    Crossing c;
    c.doc = "OLD";
    return c;
  }());
  rig.restart();
  CHECK(rig.engine().group_count() == 1);
  Crossing later;
  later.at = kT0 + 2 * test::kDay;
  later.doc = "NEW";
  rig.send(later);
  rig.tick(0);  // expiry of OLD: a delete committed
  CHECK(rig.engine().group_count() == 1);
  rig.restart();
  CHECK(rig.engine().group_count() == 1);
}

}  // namespace
