// Fuzzy watchlist screening: folding, check digits, document keys, the person scorer per
// mutation type (and the hard negatives it must refuse), JSONL and OFAC imports with positioned
// errors, and the rules' scoring form of watchlist().
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "json/parse.h"
#include "watchlist/document_keys.h"
#include "watchlist/jsonl_import.h"
#include "watchlist/name_fold.h"
#include "watchlist/ofac_import.h"
#include "watchlist/person_list.h"
#include "watchlist/screening.h"

using namespace bw::watchlist;

namespace {

PersonEntry person(const char* id, std::vector<std::string> names, const char* birth,
                   const char* nat, const char* sex) {
  PersonEntry p;
  p.id = id;
  p.names = std::move(names);
  p.birth = *parse_partial_date(birth);
  p.nationality = nat;
  p.sex = sex;
  return p;
}

PersonQuery query(const char* name, const char* birth, const char* nat = "", const char* sex = "") {
  PersonQuery q;
  q.name = name;
  q.birth = *parse_partial_date(birth);
  q.nationality = nat;
  q.sex = sex;
  return q;
}

// A small list with common Khmer and Vietnamese names around the people the cases look for.
const PersonList& sample_list() {
  static const PersonList list([] {
    std::vector<PersonEntry> v = {
        person("khm1", {"CHEA Sok"}, "1984-03-12", "KHM", "M"),
        person("tha1", {"Somchai Srisuk"}, "1979-11-02", "THA", "M"),
        person("vnm1", {"Nguyen Van Anh"}, "1990-07-25", "VNM", "M"),
        person("chn1", {"Zhang Xiuying"}, "1975-01-30", "CHN", "F"),
        person("mmr1", {"Aung Kyaw Oo"}, "1988-05-09", "MMR", "M"),
        person("lao1", {"Bounmy Phommachanh"}, "1969", "LAO", "M"),
    };
    const char* common[] = {"Sok Dara", "Nguyen Thi Lan", "Kim Sophea", "Nguyen Van Hung"};
    for (int i = 0; i < 40; ++i) {
      v.push_back(
          person(("c" + std::to_string(i)).c_str(), {common[i % 4]},
                 ("19" + std::to_string(60 + i) + "-0" + std::to_string(1 + i % 9) + "-15").c_str(),
                 i % 2 ? "KHM" : "VNM", i % 2 ? "F" : "M"));
    }
    return v;
  }());
  return list;
}

double best(const PersonQuery& q) {
  const auto hits = sample_list().screen(q, 0.0);
  return hits.empty() ? 0 : hits.front().score;
}

std::string best_id(const PersonQuery& q) {
  const auto hits = sample_list().screen(q);
  return hits.empty() ? "" : sample_list().entries()[hits.front().entry].id;
}

}  // namespace

TEST_CASE("watchlist persons: romanisation folding table") {
  const std::pair<const char*, const char*> table[] = {
      {"phon", "pon"}, {"thong", "tong"}, {"khiev", "kiew"}, {"chea", "cea"},    {"jea", "cea"},
      {"vann", "wan"}, {"souk", "suk"},   {"boon", "bun"},   {"malee", "mali"},  {"yim", "im"},
      {"sokh", "sok"}, {"chear", "cea"},  {"porn", "pon"},   {"channa", "cana"},
  };
  for (const auto& [in, out] : table) CHECK_MESSAGE(fold_token(in) == out, in);
  CHECK(name_tokens("CHEA, Sok-Dara") == std::vector<std::string>{"cea", "sok", "dara"});
  CHECK(name_tokens("Nguyễn Văn Đức") == std::vector<std::string>{"nguien", "wan", "duc"});
  // Thai script through ICU, letter by letter: สมชาย ศรีสุข comes out close to Somchai Srisuk.
  const auto thai = name_tokens("สมชาย ศรีสุข");
  REQUIRE(thai.size() == 2);
  CHECK(thai[1] == "srisuk");
  CHECK(token_similarity(thai[0], fold_token("somchai")) >= 0.75);
}

TEST_CASE("watchlist persons: ICAO 9303 check digits and document keys") {
  // ICAO 9303 part 3 specimen: L898902C3 has check digit 6; 740812 -> 2; 120415 -> 9.
  CHECK(icao_check_digit("L898902C3") == '6');
  CHECK(icao_check_digit("740812") == '2');
  CHECK(icao_check_digit("120415") == '9');
  CHECK(icao_check_digit("AB<<<<<<<") == '3');  // A=10*7 + B=11*3 = 103
  CHECK_FALSE(icao_check_digit("ab-1").has_value());
  auto with_digit = parse_document_number("l898902c3 6");
  CHECK(with_digit.number == "L898902C3");
  CHECK(with_digit.check_digit);
  auto bad = parse_document_number("L898902C37");
  CHECK(bad.bad_check_digit);
  CHECK(bad.number == "L898902C37");
  CHECK(ocr_fold("OIS BZ8") == "015 828");

  Watchlist list("lost", Kind::kDocuments,
                 {{"AB1234567", "AB1234567", "THA", "passport", "stolen", 2},
                  {"N01842273", "N01842273", "", "passport", "lost", 3}});
  auto exact = list.match_document("ab 123 4567", "THA");
  CHECK(exact.how == DocumentMatchKind::kExact);
  auto issuer = list.match_document("AB1234567", "KHM");
  CHECK(issuer.how == DocumentMatchKind::kIssuerFree);
  auto ocr = list.match_document("A81234567", "THA");  // B read as 8
  CHECK(ocr.how == DocumentMatchKind::kOcr);
  auto ocr_other = list.match_document("NO1842273", "VNM");  // O for 0, list names no issuer
  CHECK(ocr_other.how == DocumentMatchKind::kOcr);
  CHECK(exact.score > issuer.score);
  CHECK(issuer.score > ocr.score);
  CHECK(list.match_document("AB1234568", "THA").entry == nullptr);
  CHECK(list.match_document("", "THA").entry == nullptr);
}

TEST_CASE("watchlist persons: each mutation type still finds the listed person") {
  CHECK(best_id(query("Sok Chea", "1984-03-12", "KHM", "M")) == "khm1");        // order swap
  CHECK(best_id(query("CHEA Sok", "1984-03-12", "KHM", "M")) == "khm1");        // as listed
  CHECK(best_id(query("Chear Sokh", "1984-03-12", "KHM", "M")) == "khm1");      // romanisation
  CHECK(best_id(query("Somchay Srisukh", "1979-11-02", "THA")) == "tha1");      // romanisation
  CHECK(best_id(query("Somchai Srisku", "1979-11-02", "THA")) == "tha1");       // transposition
  CHECK(best_id(query("Somchai Srisak", "1979-11-02", "THA")) == "tha1");       // typo
  CHECK(best_id(query("Nguyen Anh", "1990-07-25", "VNM", "M")) == "vnm1");      // missing middle
  CHECK(best_id(query("Nguyen V. Anh", "1990-07-25", "VNM", "M")) == "vnm1");   // initial
  CHECK(best_id(query("Zhang Xiu Ying", "1975-01-30", "CHN", "F")) == "chn1");  // split token
  CHECK(best_id(query("AungKyaw Oo", "1988-05-09", "MMR")) == "mmr1");          // merged token
  CHECK(best_id(query("Somchai Srisuk", "1979-02-11", "THA")) == "tha1");       // day/month swap
  CHECK(best_id(query("Bounmy Phommachanh", "1969-04-01", "LAO")) == "lao1");   // partial date
}

TEST_CASE("watchlist persons: hard negatives and unlisted people are not hits") {
  // The same common name, another person: the birth date decides.
  CHECK(best_id(query("Sok Dara", "2001-06-30", "KHM", "F")) == "");
  CHECK(best_id(query("Nguyen Van Anh", "1961-02-14", "VNM", "M")) == "");
  // Sharing only the frequent tokens is not a hit, even with the same birth date.
  CHECK(best_id(query("Nguyen Van Binh", "1990-07-25", "VNM", "M")) == "");
  CHECK(best_id(query("Chea Sophal", "1984-03-12", "KHM", "M")) == "");
  // Sex that differs costs a hit that would otherwise be one.
  CHECK(best(query("CHEA Sok", "1984-03-12", "KHM", "F")) <
        best(query("CHEA Sok", "1984-03-12", "KHM", "M")));
  // A missing value never counts as a match.
  CHECK(best(query("CHEA Sok", "", "KHM", "M")) <
        best(query("CHEA Sok", "1984-03-12", "KHM", "M")));
  CHECK(best_id(query("Anong Wongsawat", "1979-11-02", "THA")) == "");
}

TEST_CASE("watchlist persons: hits carry their breakdown; a listed document overrides the name") {
  const auto hits = sample_list().screen(query("Sok Chear", "1984-03-12", "KHM", "M"));
  REQUIRE_FALSE(hits.empty());
  const PersonHit& h = hits.front();
  REQUIRE(h.pairs.size() == 2);
  CHECK(h.adjustments.size() >= 2);  // birth date same, nationality same
  const auto json = hit_to_json(sample_list(), h);
  CHECK(json.string_or("entry") == "khm1");
  CHECK(json.find("pairs")->as_array().size() == 2);

  PersonEntry p = person("doc", {"Pich Sreymom"}, "1990", "KHM", "F");
  p.documents = {"N01842273"};
  PersonList list({p});
  PersonQuery q = query("Totally Different", "1950-01-01", "THA", "M");
  q.document = "n0184-2273";
  const auto doc_hits = list.screen(q);
  REQUIRE(doc_hits.size() == 1);
  CHECK(doc_hits[0].score == 1.0);
  CHECK(doc_hits[0].adjustments.back().what == "document listed");
}

TEST_CASE("watchlist persons: a hit names the alias that paired best, with its pairing") {
  // Aliases are scored one by one: the breakdown must name the best one, whichever it is, and
  // report that alias's similarity and pairs, not the first alias's.
  const PersonList list(
      {person("a", {"Pich Sreymom", "Kanha Rithy Vannak"}, "1990-05-06", "KHM", "F"),
       person("b", {"Rithy Kanha", "Mao Sopheap"}, "1962-01-02", "KHM", "M")});
  // Folded tokens with the list's weights, viewing `text`.
  const auto weighted = [&](const std::vector<std::string>& text) {
    std::vector<WeightedToken> out;
    for (const auto& t : text) out.push_back({t, list.weight(t)});
    return out;
  };
  for (const auto& [name, alias] :
       std::vector<std::pair<const char*, size_t>>{{"Kanha Rithy Vanak", 1}, {"Pich Sreymon", 0}}) {
    const auto hits = list.screen(query(name, "1990-05-06", "KHM", "F"));
    REQUIRE_MESSAGE(hits.size() == 1, name);
    const PersonHit& h = hits.front();
    CHECK(list.entries()[h.entry].id == "a");
    CHECK_MESSAGE(h.name == alias, name);
    const std::vector<std::string> q_text = name_tokens(name);
    const std::vector<std::string> e_text = name_tokens(list.entries()[h.entry].names[alias]);
    std::vector<NamePair> pairs;
    const double similarity = name_similarity(weighted(q_text), weighted(e_text), &pairs);
    CHECK_MESSAGE(h.name_score == doctest::Approx(similarity), name);  // a rare name: factor 1
    REQUIRE(h.pairs.size() == pairs.size());
    for (size_t i = 0; i < pairs.size(); ++i) {
      CHECK(h.pairs[i].query == pairs[i].query);
      CHECK(h.pairs[i].entry == pairs[i].entry);
      CHECK(h.pairs[i].similarity == pairs[i].similarity);
    }
    CHECK(list.screen_exhaustive(query(name, "1990-05-06", "KHM", "F")).front().name == alias);
  }
}

TEST_CASE("watchlist persons: the index finds what exhaustive scoring finds") {
  // Doubled letters (one-letter deletions that coincide), merged tokens longer than a short
  // string and split ones exercise every kind of key the index looks up.
  const char* names[] = {"Sok Chea",
                         "Somchai Srisku",
                         "Nguyen Anh",
                         "Zhang Xiu Ying",
                         "AungKyaw Oo",
                         "Sok Dara",
                         "Kim Sopheaa",
                         "Nguyen Thi Lann",
                         "SomchaiSrisuk",
                         "Bounmyy Phommachannh",
                         "Phom Machanh Bounmy",
                         "Zhangg Xiuying"};
  for (const char* n : names) {
    for (const char* birth : {"1984-03-12", "1962-01-15", "", "1979-11-02"}) {
      const auto q = query(n, birth, "KHM");
      const auto idx = sample_list().screen(q, 0.7);
      const auto all = sample_list().screen_exhaustive(q, 0.7);
      const std::string label = std::string(n) + " " + birth;
      INFO(label);
      CHECK(idx.size() == all.size());
    }
  }
}

TEST_CASE("watchlist persons: JSON Lines import reports bad lines with their numbers") {
  const std::string text =
      R"({"id":"p1","names":["CHEA Sok","Sok Chear"],"birth_date":"1984-03","nationality":"KHM","sex":"m","documents":["n 0184-2273"]})"
      "\n\n"
      R"({"names":[]})"
      "\n"
      R"({"name":"Somchai","birth_date":"1984-13-01"})"
      "\n"
      "{not json\n"
      R"({"number":"AA1"})"
      "\n"
      R"({"name":"Dara","colour":"red"})"
      "\n";
  auto r = parse_jsonl(text);
  REQUIRE(r.ok());
  CHECK(r->kind == Kind::kPersons);
  REQUIRE(r->persons.size() == 1);
  CHECK(r->persons[0].names.size() == 2);
  CHECK(r->persons[0].birth.to_string() == "1984-03");
  CHECK(r->persons[0].sex == "M");
  CHECK(r->persons[0].documents == std::vector<std::string>{"N01842273"});
  REQUIRE(r->problems.size() == 5);
  CHECK(r->problems[0].line == 3);
  CHECK(r->problems[0].message.find("names") != std::string::npos);
  CHECK(r->problems[1].line == 4);
  CHECK(r->problems[1].message.find("birth_date") != std::string::npos);
  CHECK(r->problems[2].line == 5);
  CHECK(r->problems[3].line == 6);
  CHECK(r->problems[3].message.find("documents record in a persons list") != std::string::npos);
  CHECK(r->problems[4].line == 7);
  CHECK(r->problems[4].message.find("colour") != std::string::npos);
  CHECK_FALSE(parse_jsonl("").ok());
}

TEST_CASE("watchlist persons: OFAC sdnList import") {
  const std::string xml = R"(<?xml version="1.0"?>
<sdnList xmlns="https://example.test/sdn">
  <sdnEntry>
    <uid>1</uid><firstName>Sok</firstName><lastName>CHEA</lastName>
    <sdnType>Individual</sdnType>
    <programList><program>SDGT</program></programList>
    <idList><id><idType>Passport</idType><idNumber>N0184-2273</idNumber></id>
            <id><idType>Gender</idType><idNumber>Male</idNumber></id></idList>
    <akaList><aka><type>a.k.a.</type><firstName>Sokh</firstName><lastName>CHEAR</lastName></aka></akaList>
    <nationalityList><nationality><country>Cambodia</country></nationality></nationalityList>
    <dateOfBirthList><dateOfBirthItem><dateOfBirth>12 Mar 1984</dateOfBirth></dateOfBirthItem></dateOfBirthList>
  </sdnEntry>
  <sdnEntry><uid>2</uid><lastName>ACME TRADING</lastName><sdnType>Entity</sdnType></sdnEntry>
  <sdnEntry>
    <uid>3</uid><sdnType>Individual</sdnType>
  </sdnEntry>
</sdnList>)";
  OfacStats stats;
  auto r = parse_ofac_xml(xml, &stats);
  REQUIRE(r.ok());
  CHECK(stats.individuals == 2);
  CHECK(stats.skipped == 1);
  REQUIRE(r->persons.size() == 1);
  const PersonEntry& p = r->persons[0];
  CHECK(p.id == "1");
  CHECK(p.names == std::vector<std::string>{"Sok CHEA", "Sokh CHEAR"});
  CHECK(p.birth.to_string() == "1984-03-12");
  CHECK(p.nationality == "KHM");
  CHECK(p.sex == "M");
  CHECK(p.documents == std::vector<std::string>{"N01842273"});
  CHECK(p.reason == "SDGT");
  REQUIRE(r->problems.size() == 1);
  CHECK(r->problems[0].line == 14);

  auto broken = parse_ofac_xml("<sdnList>\n<sdnEntry>\n</sdnList>");
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().message.find("line 3") == 0);
  CHECK_FALSE(parse_ofac_xml("<other/>").ok());
}

TEST_CASE("watchlist persons: the published OFAC file in shared/data imports") {
  std::ifstream in(BW_SHARED_DIR "/data/ofac-consolidated-2024-05-06.xml");
  if (!in) {
    MESSAGE("shared/data not present; skipped");
    return;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  OfacStats stats;
  auto r = parse_ofac_xml(ss.str(), &stats);
  REQUIRE(r.ok());
  CHECK(stats.individuals == 79);
  CHECK(stats.individuals + stats.skipped == 443);
  CHECK(r->persons.size() + r->problems.size() == 79);
  PersonList list(std::move(r->persons));
  PersonQuery q;
  q.name = "Ismail HANIYA";
  q.birth = *parse_partial_date("1962-05-01");
  const auto hits = list.screen(q);
  REQUIRE_FALSE(hits.empty());
  CHECK(list.entries()[hits.front().entry].id == "9639");
}
