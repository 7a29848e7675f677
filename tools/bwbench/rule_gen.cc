// Generated rule sets for bwbench rules (rules_bench.h). The mix is a guess at what a border
// operator's set of a thousand rules holds: ten basic checks every site has, then about half
// look-outs for one document, person, plate or phone (added and retired daily), the rest
// thresholds, watched employers, officer monitoring and traveller profiles, plus the few
// checks that exist once (a passport number format per country).
#include <algorithm>
#include <set>

#include "rules_bench.h"
#include "sim/rng.h"

namespace bw::bench {

namespace {

using sim::Rng;

// A string literal of the rule language.
std::string lit(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

// A single-quoted YAML scalar.
std::string yaml_quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    out.push_back(c);
    if (c == '\'') out.push_back('\'');
  }
  return out + "'";
}

struct Rule {
  std::string kind, condition, output, priority;
};

constexpr const char* kCategories[] = {
    "sim_card", "phone",  "smartphone", "laptop",  "router",   "sim_box",   "electronics",
    "gems",     "gold",   "cigarettes", "alcohol", "medicine", "pesticide", "fertilizer",
    "fuel",     "timber", "wildlife",   "fruit",   "clothing", "cassava",   "consumer_goods"};
constexpr const char* kCurrencies[] = {"USD", "EUR", "THB", "KHR", "CNY", "VND", "GBP", "JPY"};
constexpr const char* kNationalities[] = {"CHN", "VNM", "MMR", "LAO", "KOR", "IND", "RUS"};
constexpr const char* kPurposes[] = {"work", "job_offer", "employment", "casino", "tourism"};
constexpr const char* kProvinces[] = {"chiang rai", "nan",    "loei",     "udon thani", "khon kaen",
                                      "surin",      "roi et", "yasothon", "songkhla",   "yala"};
constexpr const char* kEmployerWords[] = {"golden", "kings", "crown", "fortune", "paradise",
                                          "dragon", "lucky", "royal", "phoenix", "diamond"};
constexpr const char* kEmployerKinds[] = {"casino", "resort",        "trading",   "holdings",
                                          "group",  "entertainment", "technology"};
constexpr const char* kSurnames[] = {"Sok", "Chan", "Srisuk", "Nguyen", "Vann", "Pen", "Li"};
constexpr const char* kGivenNames[] = {"Dara", "Anan", "Sophea", "Minh", "Wei", "Somchai"};
struct DocFormat {
  const char* country;
  const char* pattern;
};
constexpr DocFormat kFormats[] = {{"KHM", "^N[0-9]{8}$"},    {"THA", "^[A-Z]{2}[0-9]{7}$"},
                                  {"VNM", "^[BC][0-9]{7}$"}, {"CHN", "^E[0-9]{8}$"},
                                  {"LAO", "^P[0-9]{7}$"},    {"MMR", "^M[A-Z][0-9]{6}$"}};

class Generator {
 public:
  Generator(uint64_t seed, const RuleCorpus& corpus) : rng_(seed), c_(corpus) {}

  // The checks every site starts with, modelled on the shipped pack: the watchlists, passport
  // number formats, SIM card, phone and cash limits, a minor leaving alone, crossings outside
  // opening hours. They are the first rules of every set, so every set does this work.
  static std::vector<Rule> base() {
    const std::string who = "{traveller.surname} {traveller.given_names} at {checkpoint}";
    auto format = [&](const char* country, const char* pattern) {
      return Rule{"document_format",
                  "traveller.document.country = " + lit(country) +
                      " and traveller.document.type = \"passport\" and not "
                      "traveller.document.number regex " +
                      lit(pattern),
                  "Malformed passport number {traveller.document.number}: " + who, "medium"};
    };
    return {
        {"watchlist", "watchlist(\"lost_stolen_documents\", traveller.document.number)",
         "Listed document {traveller.document.number}: " + who, "critical"},
        {"watchlist", "watchlist(\"watched_vehicles\", vehicle.plate)",
         "Watched vehicle {vehicle.plate}: " + who, "high"},
        format("KHM", "^N[0-9]{8}$"),
        format("THA", "^[A-Z]{2}[0-9]{7}$"),
        {"goods_threshold", "goods[category = \"sim_card\"].count > 20",
         "{goods[category = \"sim_card\"].count} SIM cards: " + who, "high"},
        {"goods_threshold", "goods[category in (\"phone\", \"smartphone\")].count > 10",
         "Phones: " + who, "medium"},
        {"cash_threshold", "cash[currency = \"USD\" and declared = false].amount > 20000",
         "Undeclared USD: " + who, "high"},
        {"cash_threshold",
         "outbound and cash[currency = \"THB\" and declared = false].amount > 450000",
         "Undeclared THB: " + who, "high"},
        {"minor", "outbound and age(traveller.birth_date) < 18 and not party_id exists",
         "Minor leaving alone: " + who, "critical"},
        {"hours", "site.within_hours = false", "Outside opening hours: " + who, "medium"},
    };
  }

  Rule next() {
    using Make = Rule (Generator::*)();
    static const std::vector<std::pair<double, Make>> kKinds = {
        {24, &Generator::document_lookout}, {8, &Generator::id_lookout},
        {10, &Generator::plate_lookout},    {5, &Generator::phone_lookout},
        {8, &Generator::person_lookout},    {6, &Generator::employer_watch},
        {10, &Generator::goods_threshold},  {5, &Generator::cash_threshold},
        {6, &Generator::officer_monitor},   {8, &Generator::profile},
        {4, &Generator::document_format},   {3, &Generator::nationality_at_checkpoint}};
    std::vector<double> weights;
    for (const auto& k : kKinds) weights.push_back(k.first);
    return (this->*kKinds[rng_.weighted(weights)].second)();
  }

 private:
  // A value from the stream one time in `share`, otherwise a made-up one.
  template <typename F>
  std::string seen_or(const std::vector<std::string>& seen, double share, F made_up) {
    return !seen.empty() && rng_.chance(share) ? rng_.pick(seen) : made_up();
  }
  std::string checkpoint() {
    return c_.checkpoints.empty() ? "BAN_LAEM" : rng_.pick(c_.checkpoints);
  }
  std::string who() {
    return "{traveller.surname} {traveller.given_names} at {checkpoint} ({direction})";
  }

  Rule document_lookout() {
    const std::string n = seen_or(c_.documents, 0.2, [&] { return "N" + rng_.digits(8); });
    return {"document_lookout", "traveller.document.number = " + lit(n),
            "Look-out document {traveller.document.number}: " + who(), "high"};
  }
  Rule id_lookout() {
    const std::string n = seen_or(c_.id_numbers, 0.2, [&] { return "3" + rng_.digits(12); });
    return {"id_lookout", "traveller.id_number = " + lit(n),
            "Look-out id {traveller.id_number}: " + who(), "high"};
  }
  Rule plate_lookout() {
    const std::string p =
        seen_or(c_.plates, 0.2, [&] { return "3" + rng_.letters(1) + "-" + rng_.digits(4); });
    return {"plate_lookout", "vehicle.plate = " + lit(p),
            "Look-out vehicle {vehicle.plate} ({vehicle.province}): " + who(), "high"};
  }
  Rule phone_lookout() {
    const std::string p = seen_or(c_.phones, 0.2, [&] { return "+668" + rng_.digits(8); });
    return {"phone_lookout", "contact_phone = " + lit(p),
            "Look-out phone {contact_phone} given by " + who(), "medium"};
  }
  Rule person_lookout() {
    RuleCorpus::Person p;
    if (!c_.people.empty() && rng_.chance(0.3)) {
      p = rng_.pick(c_.people);
    } else {
      p = {rng_.pick(kSurnames), rng_.pick(kGivenNames),
           std::to_string(rng_.between(1950, 2005)) + "-0" + std::to_string(rng_.between(1, 9)) +
               "-1" + std::to_string(rng_.between(0, 9))};
    }
    return {"person_lookout",
            "traveller.surname = " + lit(p.surname) + " and traveller.given_names = " +
                lit(p.given_names) + " and traveller.birth_date = " + lit(p.birth_date),
            "Look-out person " + who(), "critical"};
  }
  Rule employer_watch() {
    const std::string name =
        std::string(rng_.pick(kEmployerWords)) + " " + rng_.pick(kEmployerKinds);
    return {"employer_watch", "employer icontains " + lit(name),
            "Watched employer {employer} declared by " + who(), "medium"};
  }
  Rule goods_threshold() {
    const std::string cat = rng_.pick(kCategories);
    const bool bulky =
        cat == "fruit" || cat == "clothing" || cat == "cassava" || cat == "consumer_goods";
    const int64_t limit = bulky ? rng_.between(300, 2000) : rng_.between(1, 60);
    std::string cond = "goods[category = " + lit(cat) + "].count > " + std::to_string(limit);
    if (rng_.chance(0.5)) cond = "outbound and " + cond;
    if (rng_.chance(0.3)) cond = "checkpoint = " + lit(checkpoint()) + " and " + cond;
    return {"goods_threshold", cond,
            "{goods[category = " + lit(cat) + "].count} " + cat + " carried by " + who(), "medium"};
  }
  Rule cash_threshold() {
    const std::string cur = rng_.pick(kCurrencies);
    const int64_t limit = cur == "KHR"   ? rng_.between(20, 100) * 1'000'000
                          : cur == "THB" ? rng_.between(100, 500) * 1000
                                         : rng_.between(5, 50) * 1000;
    const std::string sum = "cash[currency = " + lit(cur) + " and declared = false].amount";
    return {"cash_threshold", sum + " > " + std::to_string(limit),
            "Undeclared {" + sum + "} " + cur + " carried by " + who(), "high"};
  }
  Rule officer_monitor() {
    const std::string officer =
        seen_or(c_.officers, 0.5, [&] { return "BL-" + std::to_string(rng_.between(101, 130)); });
    const std::string a = rng_.pick(kNationalities), b = rng_.pick(kNationalities);
    return {"officer_monitor",
            "officer = " + lit(officer) + " and traveller.nationality in (" + lit(a) + ", " +
                lit(b) + ")",
            "Officer {officer} processed {traveller.nationality} " + who(), "low"};
  }
  Rule profile() {
    const int64_t from = rng_.between(16, 30);
    std::set<std::string> picked;
    for (int i = 0, n = static_cast<int>(rng_.between(2, 5)); i < n; ++i) {
      picked.insert(rng_.pick(kProvinces));
    }
    std::string provinces;
    for (const std::string& p : picked) provinces += (provinces.empty() ? "" : ", ") + lit(p);
    return {"profile",
            "outbound and lower(purpose) = " + lit(rng_.pick(kPurposes)) +
                " and age(traveller.birth_date) between " + std::to_string(from) + " and " +
                std::to_string(from + rng_.between(5, 15)) +
                " and lower(traveller.residence.province) in (" + provinces + ")",
            "Profile match: {purpose}, {age(traveller.birth_date)}, from "
            "{traveller.residence.province}: " +
                who(),
            "medium"};
  }
  Rule document_format() {
    const DocFormat& f = rng_.pick(kFormats);
    const std::string cond = "traveller.document.country = " + lit(f.country) +
                             " and traveller.document.type = \"passport\" and not "
                             "traveller.document.number regex " +
                             lit(f.pattern);
    return {"document_format", cond,
            "Malformed {traveller.document.country} passport number "
            "{traveller.document.number}: " +
                who(),
            "medium"};
  }
  Rule nationality_at_checkpoint() {
    return {"nationality_at_checkpoint",
            "checkpoint = " + lit(checkpoint()) + " and traveller.nationality = " +
                lit(rng_.pick(kNationalities)) + " and direction = \"exit\"",
            "{traveller.nationality} national leaving: " + who(), "info"};
  }

  Rng rng_;
  const RuleCorpus& c_;
};

void add_unique(std::vector<std::string>& out, std::set<std::string>& seen, const json::Value* v) {
  if (v != nullptr && v->is_string() && seen.insert(v->as_string()).second) {
    out.push_back(v->as_string());
  }
}

}  // namespace

RuleCorpus corpus_of(const std::vector<event::Event>& events) {
  RuleCorpus c;
  std::set<std::string> seen[7];
  for (const event::Event& ev : events) {
    const json::Value& b = ev.body;
    add_unique(c.documents, seen[0], b.find_path("traveller.document.number"));
    add_unique(c.id_numbers, seen[1], b.find_path("traveller.id_number"));
    add_unique(c.plates, seen[2], b.find_path("vehicle.plate"));
    add_unique(c.phones, seen[3], b.find_path("contact_phone"));
    add_unique(c.officers, seen[4], b.find_path("officer"));
    add_unique(c.employers, seen[5], b.find_path("employer"));
    if (seen[6].insert(ev.checkpoint).second) c.checkpoints.push_back(ev.checkpoint);
    const json::Value* s = b.find_path("traveller.surname");
    const json::Value* g = b.find_path("traveller.given_names");
    const json::Value* d = b.find_path("traveller.birth_date");
    if (s && g && d && s->is_string() && g->is_string() && d->is_string()) {
      c.people.push_back({s->as_string(), g->as_string(), d->as_string()});
    }
  }
  std::sort(c.checkpoints.begin(), c.checkpoints.end());
  return c;
}

std::string generate_rules(size_t count, uint64_t seed, const RuleCorpus& corpus) {
  std::string out =
      "# Generated by bwbench rules: a realistic mix, not a rule pack.\n"
      "- macro: outbound\n  condition: direction = \"exit\"\n";
  Generator gen(seed, corpus);
  // A real set holds each check once: a drawn condition that is already there is drawn again,
  // so families with few distinct rules (a format check per country) stop growing.
  std::set<std::string> conditions;
  const std::vector<Rule> base = Generator::base();
  for (size_t i = 1; i <= count; ++i) {
    Rule r = i <= base.size() ? base[i - 1] : gen.next();
    for (int tries = 0; !conditions.insert(r.condition).second && tries < 1000; ++tries) {
      r = gen.next();
    }
    char name[64];
    std::snprintf(name, sizeof name, "bench_%04zu_%s", i, r.kind.c_str());
    out += "\n- rule: " + std::string(name) + "\n  desc: generated " + r.kind +
           " rule\n  condition: " + yaml_quoted(r.condition) +
           "\n  output: " + yaml_quoted(r.output) + "\n  priority: " + r.priority +
           "\n  tags: [bench, " + r.kind + "]\n";
  }
  return out;
}

}  // namespace bw::bench
