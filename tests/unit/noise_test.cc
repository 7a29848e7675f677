#include <doctest/doctest.h>

#include <map>

#include "json/parse.h"
#include "noise/noise_filter.h"
#include "store/store.h"
#include "test_support.h"

namespace {

using bw::noise::Decision;
using bw::rules::Priority;

int next_id = 0;

bw::alert::Alert raise(const std::string& rule, const std::string& document,
                       Priority priority = Priority::kHigh,
                       const std::string& checkpoint = "BAN_LAEM") {
  bw::alert::Alert a;
  a.id = "alert/" + checkpoint + "/E" + std::to_string(++next_id);
  a.checkpoint = checkpoint;
  a.priority = priority;
  a.hits.push_back({rule, priority, "out", {"watchlist"}});
  a.fields.push_back({"traveller.document.number", document});
  return a;
}

struct Fixture {
  bw::test::TempDir dir;
  std::unique_ptr<bw::store::Store> store = std::move(bw::store::Store::open(dir.str()).value());
  bw::config::NoiseConfig config;
  bw::noise::NoiseFilter::MetaRecords meta;

  // Commits `meta` like the committer does, with the alert.
  void commit(bw::noise::NoiseFilter& f, bw::alert::Alert& a) {
    bw::store::CommitBatch b;
    a.seq = store->next_alert_seq();
    b.alerts.push_back({a.seq, bw::alert::to_json(a)});
    b.meta = std::move(meta);
    meta.clear();
    REQUIRE(store->commit(b).ok());
    f.committed(a);
  }
};

constexpr bw::EpochMs kT0 = 1'750'000'000'000;

}  // namespace

TEST_CASE("noise: repeats of one rule and subject fold into the open alert, visibly") {
  Fixture fx;
  bw::noise::NoiseFilter f(fx.config, *fx.store);
  auto first = raise("listed_document", "AA1");
  CHECK(f.decide(first, {}, kT0, fx.meta) == Decision::kPushed);
  fx.commit(f, first);
  auto second = raise("listed_document", "AA1");
  CHECK(f.decide(second, {}, kT0 + 60'000, fx.meta) == Decision::kFolded);
  CHECK(second.folded_into == first.id);
  CHECK(second.fold_count == 2);
  CHECK(*bw::alert::publish_topic(second) == "update.folded.BAN_LAEM");
  fx.commit(f, second);
  auto record = bw::json::parse(**fx.store->get_meta("fold/" + first.id));
  REQUIRE(record.ok());
  CHECK(record->number_or("count", 0) == 2);

  // Another subject, another rule: not folded.
  auto other = raise("listed_document", "BB2");
  CHECK(f.decide(other, {}, kT0 + 61'000, fx.meta) == Decision::kPushed);
  auto other_rule = raise("watch_person", "AA1");
  CHECK(f.decide(other_rule, {}, kT0 + 61'000, fx.meta) == Decision::kPushed);

  SUBCASE("a higher priority breaks through and becomes the alert later repeats fold into") {
    auto urgent = raise("listed_document", "AA1", Priority::kCritical);
    CHECK(f.decide(urgent, {}, kT0 + 62'000, fx.meta) == Decision::kPushed);
    CHECK(urgent.folded_into.empty());
    auto after = raise("listed_document", "AA1", Priority::kHigh);
    CHECK(f.decide(after, {}, kT0 + 63'000, fx.meta) == Decision::kFolded);
    CHECK(after.folded_into == urgent.id);
  }
  SUBCASE("outside the fold window a repeat is a new alert") {
    auto late = raise("listed_document", "AA1");
    CHECK(f.decide(late, {}, kT0 + 60'000 + 301'000, fx.meta) == Decision::kPushed);
  }
  SUBCASE("after an officer resolved the open alert, a repeat is a new alert") {
    REQUIRE(fx.store->put_alert_state(first.seq, R"({"state":"resolved","history":[]})").ok());
    auto again = raise("listed_document", "AA1");
    CHECK(f.decide(again, {}, kT0 + 62'000, fx.meta) == Decision::kPushed);
  }
  SUBCASE("fold state survives a restart") {
    bw::noise::NoiseFilter restarted(fx.config, *fx.store);
    REQUIRE(restarted.restore(kT0 + 120'000).ok());
    auto third = raise("listed_document", "AA1");
    CHECK(restarted.decide(third, {}, kT0 + 120'000, fx.meta) == Decision::kFolded);
    CHECK(third.folded_into == first.id);
    CHECK(third.fold_count == 3);
  }
}

TEST_CASE("noise: an alert without a subject field or with folding off is never folded") {
  Fixture fx;
  bw::noise::NoiseFilter f(fx.config, *fx.store);
  auto a = raise("curfew", "X");
  a.fields.clear();
  auto b = a;
  b.id += "b";
  CHECK(f.decide(a, {}, kT0, fx.meta) == Decision::kPushed);
  CHECK(f.decide(b, {}, kT0 + 1, fx.meta) == Decision::kPushed);
  fx.config.fold_seconds = 0;
  bw::noise::NoiseFilter off(fx.config, *fx.store);
  auto c = raise("listed_document", "AA1"), d = raise("listed_document", "AA1");
  CHECK(off.decide(c, {}, kT0, fx.meta) == Decision::kPushed);
  CHECK(off.decide(d, {}, kT0 + 1, fx.meta) == Decision::kPushed);
}

TEST_CASE("noise: silences match by all their matchers, inside their window only") {
  Fixture fx;
  bw::noise::NoiseFilter f(fx.config, *fx.store);
  bw::noise::Silence s;
  s.id = "s1";
  s.matchers = {*bw::noise::parse_matcher("rule=listed_document"),
                *bw::noise::parse_matcher("checkpoint=BAN_PAKKAT")};
  s.starts_at = kT0;
  s.ends_at = kT0 + 3'600'000;
  const bw::noise::SilenceSet set{s};
  auto hit = raise("listed_document", "A1", Priority::kHigh, "BAN_PAKKAT");
  CHECK(f.decide(hit, set, kT0 + 10, fx.meta) == Decision::kSilenced);
  CHECK(hit.silenced_by == "s1");
  CHECK_FALSE(bw::alert::publish_topic(hit).has_value());
  CHECK_FALSE(bw::alert::is_pushed(*bw::json::parse(bw::alert::to_json(hit))));
  auto elsewhere = raise("listed_document", "A2", Priority::kHigh, "BAN_LAEM");
  CHECK(f.decide(elsewhere, set, kT0 + 10, fx.meta) == Decision::kPushed);
  auto before = raise("listed_document", "A3", Priority::kHigh, "BAN_PAKKAT");
  CHECK(f.decide(before, set, kT0 - 1, fx.meta) == Decision::kPushed);
  auto expired = raise("listed_document", "A4", Priority::kHigh, "BAN_PAKKAT");
  CHECK(f.decide(expired, set, kT0 + 3'600'000, fx.meta) == Decision::kPushed);

  bw::noise::Silence by_tag = s;
  by_tag.matchers = {*bw::noise::parse_matcher("tag=watchlist"),
                     *bw::noise::parse_matcher("traveller.document.number=A5")};
  auto tagged = raise("listed_document", "A5");
  CHECK(f.decide(tagged, {by_tag}, kT0 + 10, fx.meta) == Decision::kSilenced);
  auto untagged = raise("listed_document", "A6");
  CHECK(f.decide(untagged, {by_tag}, kT0 + 10, fx.meta) == Decision::kPushed);

  CHECK_FALSE(bw::noise::parse_matcher("rule").ok());
  CHECK_FALSE(bw::noise::parse_matcher("=x").ok());
  CHECK_FALSE(bw::noise::parse_matcher("priority=urgent").ok());
  auto round = bw::noise::silence_from_json(bw::noise::to_json(s));
  REQUIRE(round.ok());
  CHECK(round->ends_at == s.ends_at);
  CHECK(round->matchers.size() == 2);
}

TEST_CASE("noise: a rule far above its rate limit folds into one summary alert per minute") {
  Fixture fx;
  fx.config.rule_rate_limit_per_minute = 10;
  fx.config.fold_seconds = 0;
  bw::noise::NoiseFilter f(fx.config, *fx.store);
  const bw::EpochMs minute = (kT0 / 60'000 + 1) * 60'000;
  std::map<Decision, int> seen;
  std::string summary_id;
  for (int i = 0; i < 500; ++i) {
    auto a = raise("broken_rule", "D" + std::to_string(i));
    const auto d = f.decide(a, {}, minute + i * 10, fx.meta);
    ++seen[d];
    if (d == Decision::kSummary) {
      summary_id = a.id;
      CHECK(a.summary.find("broken_rule") != std::string::npos);
    }
    if (d == Decision::kFolded) CHECK(a.folded_into == summary_id);
  }
  CHECK(seen[Decision::kPushed] == 10);
  CHECK(seen[Decision::kSummary] == 1);
  CHECK(seen[Decision::kFolded] == 489);
  auto other = raise("good_rule", "X");
  CHECK(f.decide(other, {}, minute + 5000, fx.meta) == Decision::kPushed);
  auto next_minute = raise("broken_rule", "Y");
  CHECK(f.decide(next_minute, {}, minute + 60'000, fx.meta) == Decision::kPushed);
}

TEST_CASE("noise: the rate limit follows a rule's normal rate and does not learn floods") {
  Fixture fx;
  fx.config.rule_rate_limit_per_minute = 5;  // floor
  fx.config.rule_rate_factor = 10;
  fx.config.fold_seconds = 0;
  bw::noise::NoiseFilter f(fx.config, *fx.store);
  const bw::EpochMs start = (kT0 / 60'000 + 1) * 60'000;
  int n = 0;
  // Decisions for `count` alerts of one rule spread over minute `m`.
  auto minute_of = [&](int m, int count) {
    std::map<Decision, int> seen;
    for (int i = 0; i < count; ++i) {
      auto a = raise("busy_rule", "B" + std::to_string(n++));
      ++seen[f.decide(a, {}, start + m * 60'000LL + i * 10, fx.meta)];
    }
    return seen;
  };
  // Three hours at 4 a minute: the normal rate approaches 4, the limit 10 x 4 = 40.
  for (int m = 0; m < 180; ++m) REQUIRE(minute_of(m, 4)[Decision::kPushed] == 4);
  auto busy = minute_of(180, 30);  // well above the floor of 5, within 10x normal
  CHECK(busy[Decision::kPushed] == 30);
  // 100x normal: limited to about 10x (the busy minute raised the normal rate a little), the
  // rest summarised.
  auto flood = minute_of(181, 400);
  CHECK(flood[Decision::kSummary] == 1);
  CHECK(flood[Decision::kPushed] >= 36);
  CHECK(flood[Decision::kPushed] <= 45);
  // The flood minute was not learned: the next flood is limited the same way.
  auto again = minute_of(182, 400);
  CHECK(again[Decision::kPushed] == flood[Decision::kPushed]);
  CHECK(again[Decision::kSummary] == 1);
}

TEST_CASE("noise: after a failed commit, a resent repeat is not folded into the lost alert") {
  Fixture fx;
  bw::noise::NoiseFilter f(fx.config, *fx.store);
  auto first = raise("listed_document", "AA1");
  CHECK(f.decide(first, {}, kT0, fx.meta) == Decision::kPushed);
  f.not_committed(first);  // the synced write failed: the checkpoint will resend
  auto resent = raise("listed_document", "AA1");
  CHECK(f.decide(resent, {}, kT0 + 10, fx.meta) == Decision::kPushed);
  CHECK(resent.folded_into.empty());
}
