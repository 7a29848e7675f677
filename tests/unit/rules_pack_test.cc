// The shipped rule pack (rules/*.yaml): loads cleanly against the Chanthaburi checkpoints,
// and every rule fires on a typical event and stays quiet on a near miss.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "json/parse.h"
#include "rules/rule_set.h"
#include "rules/sources.h"
#include "rules/stateful.h"
#include "rules_support.h"
#include "test_support.h"

namespace {

using namespace bw;

config::Config chanthaburi() {
  config::Config c;
  auto add = [&](const char* id, const char* name, config::CheckpointType t, double km) {
    c.checkpoints.push_back(test::checkpoint(id, name, t, km));
  };
  using T = config::CheckpointType;
  add("BAN_LAEM", "Ban Laem", T::kPermanent, 47);
  add("BAN_PHAKKAD", "Ban Phakkad", T::kPermanent, 70);
  add("SAP_TARI", "Ban Sap Tari", T::kTemporary, 22);
  add("SUAN_SOM", "Ban Suan Som", T::kTemporary, 28);
  add("BUENG_CHANANG", "Ban Bueng Chanang Lang", T::kTemporary, 42);
  return c;
}

std::shared_ptr<const watchlist::WatchlistSet> watchlists() {
  using watchlist::Entry;
  using watchlist::Kind;
  using watchlist::Watchlist;
  auto set = std::make_shared<const watchlist::WatchlistSet>();
  set = set->with(std::make_shared<Watchlist>(
      "lost_stolen_documents", Kind::kDocuments,
      std::vector<Entry>{{"AB123456", "AB123456", "THA", "passport", "stolen", 1}}));
  set = set->with(std::make_shared<Watchlist>(
      "wanted_persons", Kind::kDocuments,
      std::vector<Entry>{{"WP998877", "WP998877", "THA", "passport", "fraud warrant", 1},
                         {"1100700123456", "1100700123456", "THA", "id_card", "warrant", 2}}));
  set = set->with(std::make_shared<Watchlist>(
      "watched_vehicles", Kind::kVehicles,
      std::vector<Entry>{{"1กข1234", "1กข 1234", "Chanthaburi", "", "smuggling", 1}}));
  return set;
}

// A crossing that no shipped rule should flag, with knobs for the cases below.
struct Crossing {
  std::string direction = "exit";
  std::string checkpoint = "BAN_LAEM";
  std::string time = "2025-06-01T10:00:00+07:00";
  std::string nationality = "THA";
  std::string birth_date = "1980-03-15";
  std::string doc_number = "AA1111111";
  std::string id_number = "3220100456789";
  std::string expiry = "2030-01-01";
  std::string issued = "2020-01-01";
  std::string province = "Chanthaburi";
  std::string more;  // extra top-level members
};

event::Event make_event(const Crossing& c) {
  std::string text = R"({"event_id":"e1","checkpoint":")" + c.checkpoint + R"(","time":")" +
                     c.time + R"(","direction":")" + c.direction +
                     R"(","traveller":{"surname":"SRISUK","given_names":"Anan","nationality":")" +
                     c.nationality + R"(","birth_date":")" + c.birth_date + R"(","id_number":")" +
                     c.id_number + R"(","document":{"type":"passport","number":")" + c.doc_number +
                     R"(","country":")" + c.nationality + R"(","expiry":")" + c.expiry +
                     R"(","issued":")" + c.issued + R"("},"residence":{"province":")" + c.province +
                     R"("}})" + (c.more.empty() ? "" : "," + c.more) + "}";
  return test::event_from_json(text);
}

const rules::RuleSet& pack() {
  static const std::shared_ptr<const rules::RuleSet> set = [] {
    auto sources = rules::read_rule_sources(BW_SOURCE_DIR "/rules");
    REQUIRE_MESSAGE(sources.ok(), sources.error().message);
    auto r = rules::RuleSet::compile(*sources, chanthaburi());
    INFO(rules::format_diagnostics(r.diagnostics));
    REQUIRE(r.ok());
    CHECK(r.diagnostics.empty());  // no warnings either
    return r.rule_set;
  }();
  return *set;
}

std::vector<std::string> fired(const Crossing& c, const config::Config& cfg = chanthaburi()) {
  static const auto lists = watchlists();
  auto ev = make_event(c);
  rules::EvalContext ctx{ev, cfg.find_checkpoint(c.checkpoint), lists.get(), 7 * 60};
  std::vector<rules::Match> out;
  pack().evaluate(ctx, out);
  std::vector<std::string> names;
  for (const auto& m : out) names.push_back(m.rule->name);
  return names;
}

bool fires(const std::vector<std::string>& names, const std::string& rule) {
  return std::find(names.begin(), names.end(), rule) != names.end();
}

struct Case {
  std::string rule;
  Crossing hit;
  Crossing miss;
  config::Config hit_config = chanthaburi();
  config::Config miss_config = chanthaburi();
};

template <typename F>
Crossing with(F f) {
  Crossing c;
  f(c);
  return c;
}

std::vector<Case> cases() {
  std::vector<Case> v;
  auto add = [&](std::string rule, Crossing hit, Crossing miss) {
    v.push_back(Case{std::move(rule), std::move(hit), std::move(miss)});
  };
  add("lost_or_stolen_document", with([](Crossing& c) { c.doc_number = "ab 123-456"; }),
      with([](Crossing& c) { c.doc_number = "AB123457"; }));
  add("wanted_person_document", with([](Crossing& c) { c.id_number = "1-1007-00123-45-6"; }),
      with([](Crossing& c) { c.id_number = "1100700123457"; }));
  add("document_expired_at_crossing", with([](Crossing& c) { c.expiry = "2025-05-31"; }),
      with([](Crossing& c) { c.expiry = "2025-06-01"; }));  // valid on its last day
  add("document_issued_shortly_before_exit", with([](Crossing& c) { c.issued = "2025-05-18"; }),
      with([](Crossing& c) { c.issued = "2025-05-17"; }));
  add("document_issued_shortly_before_exit", with([](Crossing& c) { c.issued = "2025-06-01"; }),
      with([](Crossing& c) {
        c.issued = "2025-05-25";
        c.direction = "entry";
      }));
  add("watchlisted_vehicle",
      with([](Crossing& c) { c.more = R"("vehicle":{"plate":"1กข-1234","province":"จันทบุรี"})"; }),
      with([](Crossing& c) { c.more = R"("vehicle":{"plate":"1กข 1235"})"; }));
  add("bulk_sim_cards", with([](Crossing& c) {
        c.more =
            R"("goods":[{"category":"sim_card","count":11},{"category":"sim_card","count":10}])";
      }),
      with([](Crossing& c) {
        c.more =
            R"("goods":[{"category":"sim_card","count":10},{"category":"sim_card","count":10},)"
            R"({"category":"phone","count":5}])";
      }));
  add("bulk_phones", with([](Crossing& c) {
        c.more = R"("goods":[{"category":"phone","count":6},{"category":"smartphone","count":5}])";
      }),
      with([](Crossing& c) {
        c.more = R"("goods":[{"category":"phone","count":6},{"category":"tablet","count":5},)"
                 R"({"category":"smartphone","count":4}])";
      }));
  add("sim_box_or_gsm_gateway",
      with([](Crossing& c) { c.more = R"("goods":[{"category":"gsm_gateway","count":1}])"; }),
      with([](Crossing& c) { c.more = R"("goods":[{"category":"modem","count":1}])"; }));
  add("undeclared_foreign_cash_over_limit", with([](Crossing& c) {
        c.more = R"("cash":[{"currency":"USD","amount":15000,"declared":false},)"
                 R"({"currency":"EUR","amount":6000,"declared":false}])";
      }),
      with([](Crossing& c) {
        c.more = R"("cash":[{"currency":"USD","amount":20000,"declared":false},)"
                 R"({"currency":"USD","amount":50000,"declared":true},)"
                 R"({"currency":"KHR","amount":90000000,"declared":false}])";
      }));
  add("undeclared_baht_over_limit", with([](Crossing& c) {
        c.more = R"("cash":[{"currency":"THB","amount":450001,"declared":false}])";
      }),
      with([](Crossing& c) {
        c.direction = "entry";
        c.more = R"("cash":[{"currency":"THB","amount":900000,"declared":false}])";
      }));
  add("undeclared_baht_over_limit", with([](Crossing& c) {
        c.more = R"("cash":[{"currency":"THB","amount":300000,"declared":false},)"
                 R"({"currency":"THB","amount":200000,"declared":false}])";
      }),
      with([](Crossing& c) {
        c.more = R"("cash":[{"currency":"THB","amount":450000,"declared":false},)"
                 R"({"currency":"THB","amount":100000,"declared":true}])";
      }));
  add("minor_exiting_alone", with([](Crossing& c) { c.birth_date = "2007-06-02"; }),
      with([](Crossing& c) { c.birth_date = "2007-06-01"; }));  // 18 today
  add("minor_exiting_alone", with([](Crossing& c) {
        c.birth_date = "2012";
        c.more = R"("party_id":"")";
      }),
      with([](Crossing& c) {
        c.birth_date = "2012";
        c.more = R"("party_id":"P-77")";
      }));
  auto recruit = [](Crossing& c) {
    c.birth_date = "2000-01-01";
    c.province = "Chiang Mai";
    c.more = R"("party_id":"P-9","party_size":5,"purpose":"Work","employer":"Golden Star Co")";
  };
  add("young_adult_group_declaring_work", with(recruit), with([&](Crossing& c) {
        recruit(c);
        c.province = "Chanthaburi";
      }));
  add("young_adult_group_declaring_work", with(recruit), with([&](Crossing& c) {
        recruit(c);
        c.more = R"("party_id":"P-9","party_size":3,"purpose":"work")";
      }));
  add("third_country_national_at_temporary_point", with([](Crossing& c) {
        c.checkpoint = "SAP_TARI";
        c.nationality = "CHN";
      }),
      with([](Crossing& c) { c.nationality = "CHN"; }));  // Ban Laem is permanent
  add("third_country_national_at_temporary_point", with([](Crossing& c) {
        c.checkpoint = "BUENG_CHANANG";
        c.nationality = "VNM";
      }),
      with([](Crossing& c) {
        c.checkpoint = "SUAN_SOM";
        c.nationality = "KHM";
      }));
  add("crossing_outside_opening_hours",
      with([](Crossing& c) { c.time = "2025-06-01T16:00:00+07:00"; }),
      with([](Crossing& c) { c.time = "2025-06-01T15:59:59+07:00"; }));
  add("crossing_outside_opening_hours",
      with([](Crossing& c) { c.time = "2025-06-01T00:30:00Z"; }),  // 07:30 local
      with([](Crossing& c) {
        c.checkpoint = "UNKNOWN_POINT";  // not configured: no site fields, no alert
        c.time = "2025-06-01T00:30:00Z";
      }));
  Case closed{"crossing_at_closed_checkpoint", with([](Crossing& c) { c.checkpoint = "SUAN_SOM"; }),
              with([](Crossing& c) { c.checkpoint = "SUAN_SOM"; })};
  closed.hit_config.checkpoints[3].status = config::CheckpointStatus::kClosed;
  closed.miss_config.checkpoints[3].status = config::CheckpointStatus::kRestricted;
  v.push_back(closed);
  return v;
}

}  // namespace

TEST_CASE("rule pack: loads without errors or warnings and names every rule") {
  const auto& rules = pack().rules();
  std::set<std::string> names;
  for (const auto& r : rules) {
    names.insert(r.name);
    CHECK_MESSAGE(!r.description.empty(), r.name);
    CHECK_MESSAGE(!r.tags.empty(), r.name);
    CHECK(r.enabled);
  }
  CHECK(names.size() == rules.size());
  CHECK(names ==
        std::set<std::string>{
            "lost_or_stolen_document", "wanted_person_document", "document_expired_at_crossing",
            "document_issued_shortly_before_exit", "watchlisted_vehicle", "bulk_sim_cards",
            "bulk_phones", "sim_box_or_gsm_gateway", "undeclared_foreign_cash_over_limit",
            "undeclared_baht_over_limit", "minor_exiting_alone", "young_adult_group_declaring_work",
            "third_country_national_at_temporary_point", "crossing_outside_opening_hours",
            "crossing_at_closed_checkpoint",
            // stateful: tested over several events in temporal_pack_test.cc
            "escort_repeat", "vehicle_shuttle", "irregular_return", "border_pass_overstay",
            "impossible_travel", "high_frequency_courier", "document_details_changed"});
  auto priority = [&](const std::string& name) {
    for (const auto& r : rules) {
      if (r.name == name) return r.priority;
    }
    return rules::Priority::kInfo;
  };
  CHECK(priority("lost_or_stolen_document") == rules::Priority::kCritical);
  CHECK(priority("minor_exiting_alone") == rules::Priority::kCritical);
}

TEST_CASE("rule pack: an ordinary crossing fires nothing") {
  CHECK(fired(Crossing{}).empty());
  CHECK(fired(with([](Crossing& c) { c.direction = "entry"; })).empty());
  CHECK(fired(with([](Crossing& c) {
          c.checkpoint = "SAP_TARI";
          c.nationality = "KHM";
        })).empty());
}

TEST_CASE("rule pack: every rule fires on its case and not on the near miss") {
  std::set<std::string> covered;
  for (const Case& c : cases()) {
    CAPTURE(c.rule);
    const auto hit = fired(c.hit, c.hit_config);
    CHECK_MESSAGE(fires(hit, c.rule), "did not fire on " << c.hit.more);
    CHECK(hit.size() == 1);  // and nothing else
    const auto miss = fired(c.miss, c.miss_config);
    CHECK_MESSAGE(!fires(miss, c.rule), "fired on the near miss " << c.miss.more);
    covered.insert(c.rule);
  }
  for (const auto& r : pack().stateful_rules()) covered.insert(r.info.name);  // temporal_pack_test
  for (const auto& r : pack().rules()) CHECK_MESSAGE(covered.count(r.name) == 1, r.name);
}

TEST_CASE("rule pack: outputs read well") {
  static const auto lists = watchlists();
  auto ev = make_event(with([](Crossing& c) {
    c.doc_number = "AB123456";
    c.more = R"("goods":[{"category":"sim_card","count":300}])";
  }));
  const auto cfg = chanthaburi();
  rules::EvalContext ctx{ev, cfg.find_checkpoint("BAN_LAEM"), lists.get(), 7 * 60};
  std::vector<rules::Match> out;
  pack().evaluate(ctx, out);
  std::vector<std::string> outputs;
  for (const auto& m : out) outputs.push_back(m.output);
  std::sort(outputs.begin(), outputs.end());
  CHECK(outputs == std::vector<std::string>{
                       "300 SIM cards carried by SRISUK Anan at BAN_LAEM (exit)",
                       "Lost/stolen document passport THA presented by SRISUK Anan at BAN_LAEM "
                       "(exit)"});
}

TEST_CASE("rule pack: the site tuning example of rules/README.md loads and takes effect") {
  std::ifstream in(BW_SOURCE_DIR "/rules/README.md");
  std::stringstream readme;
  readme << in.rdbuf();
  const std::string text = readme.str();
  const size_t example = text.find("Example `zz-site.yaml`:");
  REQUIRE(example != std::string::npos);
  const size_t begin = text.find("```yaml\n", example);
  REQUIRE(begin != std::string::npos);
  const size_t end = text.find("```", begin + 8);
  REQUIRE(end != std::string::npos);
  const std::string site = text.substr(begin + 8, end - begin - 8);

  auto sources = rules::read_rule_sources(BW_SOURCE_DIR "/rules");
  REQUIRE(sources.ok());
  sources->push_back({"zz-site.yaml", site});
  auto r = rules::RuleSet::compile(*sources, chanthaburi());
  INFO(rules::format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  CHECK(r.diagnostics.empty());

  static const auto lists = watchlists();
  auto names = [&](const Crossing& c) {
    auto ev = make_event(c);
    const auto cfg = chanthaburi();
    rules::EvalContext ctx{ev, cfg.find_checkpoint(c.checkpoint), lists.get(), 7 * 60};
    std::vector<rules::Match> out;
    r.rule_set->evaluate(ctx, out);
    std::vector<std::string> n;
    for (const auto& m : out) n.push_back(m.rule->name);
    return n;
  };
  // Opening hours are off; phones need more than 40; an accredited trader passes.
  CHECK(names(with([](Crossing& c) { c.time = "2025-06-01T20:00:00+07:00"; })).empty());
  CHECK(names(with([](Crossing& c) {
          c.more = R"("goods":[{"category":"phone","count":30}])";
        })).empty());
  CHECK(names(with([](Crossing& c) { c.more = R"("goods":[{"category":"phone","count":41}])"; })) ==
        std::vector<std::string>{"bulk_phones"});
  CHECK(names(with([](Crossing& c) {
          c.checkpoint = "SAP_TARI";
          c.nationality = "VNM";
          c.doc_number = "C1234567";
        })).empty());
  CHECK(names(with([](Crossing& c) {
          c.checkpoint = "SAP_TARI";
          c.nationality = "VNM";
        })) == std::vector<std::string>{"third_country_national_at_temporary_point"});
  for (const auto& info : r.rule_set->rules()) {
    if (info.name == "bulk_phones") CHECK(info.priority == rules::Priority::kLow);
    if (info.name == "crossing_outside_opening_hours") CHECK_FALSE(info.enabled);
  }
}
