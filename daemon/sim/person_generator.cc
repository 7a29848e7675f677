#include "sim/person_generator.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace bw::sim {

namespace {

struct Syllable {
  const char* latin;
  const char* thai;
};
// Thai syllables with their usual romanisation; names are two or three of them.
constexpr Syllable kThai[] = {
    {"Som", "สม"},          {"Chai", "ชาย"},      {"Sri", "ศรี"},       {"Suk", "สุข"},
    {"Thong", "ทอง"},       {"Kaew", "แก้ว"},      {"Boon", "บุญ"},      {"Wong", "วงศ์"},
    {"Sawat", "สวัสดิ์"},      {"Rat", "รัตน์"},       {"Porn", "พร"},      {"Kitti", "กิตติ"},
    {"Prasert", "ประเสริฐ"}, {"Malee", "มาลี"},     {"Phong", "พงษ์"},    {"Nak", "นาค"},
    {"Dee", "ดี"},           {"Ngam", "งาม"},      {"Siri", "สิริ"},      {"Chan", "จันทร์"},
    {"Charoen", "เจริญ"},    {"Anan", "อนันต์"},     {"Rung", "รุ่ง"},      {"Kul", "กุล"},
    {"Phan", "พันธ์"},        {"Sak", "ศักดิ์"},       {"Nopp", "นพ"},      {"Wichai", "วิชัย"},
    {"Pranee", "ปราณี"},     {"Sukanya", "สุกัญญา"}, {"Manee", "มณี"},     {"Thep", "เทพ"},
    {"Decha", "เดชา"},      {"Kasem", "เกษม"},    {"Samran", "สำราญ"}, {"Jaroen", "จรูญ"},
};
constexpr const char* kKhmerFamily[] = {"Sok",   "Chea",  "Kim",   "Heng", "Chan", "Meas", "Keo",
                                        "Ly",    "Nhem",  "Pich",  "Prak", "Sam",  "Seng", "Sun",
                                        "Touch", "Yim",   "Mao",   "Ouk",  "Ros",  "Sar",  "Tep",
                                        "Vann",  "Chhim", "Khiev", "Lim",  "Nget", "Pen",  "Som"};
constexpr const char* kKhmerGiven[] = {
    "Dara",     "Sophea",  "Chanthy", "Sokha",   "Vuthy",  "Bopha",     "Channary", "Piseth",
    "Rithy",    "Sreymom", "Kosal",   "Vannak",  "Sovann", "Phalla",    "Sophal",   "Srey",
    "Pov",      "Nary",    "Veasna",  "Samnang", "Sothea", "Chantha",   "Leakhena", "Malis",
    "Monyrath", "Narith",  "Panha",   "Rachana", "Seyha",  "Sokunthea", "Thida",    "Vibol",
    "Visal",    "Sopheak", "Kanha",   "Kunthea", "Davy",   "Bunthoeun", "Phearum",  "Ratana"};
constexpr const char* kVietFamily[] = {"Nguyen", "Tran", "Le",    "Pham", "Hoang", "Huynh",
                                       "Phan",   "Vu",   "Vo",    "Dang", "Bui",   "Do",
                                       "Ho",     "Ngo",  "Duong", "Ly"};
constexpr double kVietFamilyWeight[] = {38, 11, 9.5, 7,   5,   5,   4.5, 4,
                                        4,  2,  2,   1.4, 1.3, 1.3, 1,   0.5};
constexpr const char* kVietMiddle[] = {"Van",   "Thi", "Duc",  "Minh", "Quoc", "Ngoc",
                                       "Thanh", "Huu", "Xuan", "Hong", "Kim",  "Bao"};
constexpr const char* kVietGiven[] = {
    "Anh",   "Linh", "Huong", "Hung",   "Dung", "Tuan",  "Hoa",  "Lan",   "Mai",   "Nam",
    "Son",   "Hai",  "Long",  "Phuong", "Thao", "Trang", "Hieu", "Khanh", "Quang", "Binh",
    "Cuong", "Dat",  "Duy",   "Giang",  "Ha",   "Hanh",  "Hien", "Huy",   "Kien",  "Loan",
    "My",    "Nga",  "Nhung", "Phong",  "Phuc", "Tam",   "Thu",  "Thuy",  "Tien",  "Trung",
    "Tu",    "Vy",   "Yen",   "Khoa",   "Luan", "Nhan",  "Oanh", "Quynh", "Tai",   "Vinh"};
constexpr const char* kChineseFamily[] = {"Wang", "Li",  "Zhang", "Liu", "Chen", "Yang", "Huang",
                                          "Zhao", "Wu",  "Zhou",  "Xu",  "Sun",  "Ma",   "Zhu",
                                          "Hu",   "Guo", "He",    "Lin", "Luo",  "Gao"};
constexpr const char* kChineseSyllable[] = {
    "Wei",  "Fang", "Jun",   "Hui",  "Ming",  "Jie",   "Xiu",  "Ying",  "Hua",  "Yan",
    "Lei",  "Jing", "Qiang", "Ping", "Gang",  "Tao",   "Bo",   "Chao",  "Hong", "Xin",
    "Yu",   "Yun",  "Zhi",   "Feng", "Lan",   "Mei",   "Na",   "Ning",  "Qing", "Rui",
    "Shan", "Ting", "Wen",   "Xia",  "Xue",   "Yi",    "Yong", "Zhen",  "Dong", "Hao",
    "Kai",  "Long", "Peng",  "Tian", "Xiang", "Zhong", "Jian", "Guang", "Chun", "Lian"};
constexpr const char* kLaoSyllable[] = {
    "Phom",   "Sisa",   "Vong", "Keo",  "Souvanna", "Intha", "Xaya", "Phan", "Sipha", "Chantha",
    "Bouasy", "Khamma", "Syha", "Done", "Vath",     "Many",  "Sone", "Lath", "Chanh", "Savanh"};
constexpr const char* kLaoGiven[] = {"Somphone",  "Bounmy",    "Khamla",  "Souk",     "Noy",
                                     "Vilay",     "Phet",      "Sengdao", "Manivanh", "Thongsavanh",
                                     "Bounthanh", "Khampheng", "Vanh",    "Outhai",   "Daovone"};
constexpr const char* kMyanmar[] = {"Aung",  "Kyaw", "Min",    "Thant",   "Zaw",  "Htun",  "Win",
                                    "Myint", "Soe",  "Hlaing", "Naing",   "Oo",   "Tun",   "Thein",
                                    "Khin",  "Mya",  "Nu",     "San",     "Su",   "Thida", "Ei",
                                    "Phyu",  "Moe",  "Nyein",  "Yadanar", "Hnin", "Wai",   "Lwin",
                                    "Htet",  "Thu",  "Zin",    "Myo",     "Kyi",  "Pyae",  "Swe"};

template <size_t N>
const char* one(const char* const (&a)[N], size_t i) {
  return a[i % N];
}

// Romanisation variants of the region, each applied where it fits.
struct Rewrite {
  const char* from;
  const char* to;
};
constexpr Rewrite kRewrites[] = {{"ph", "p"}, {"p", "ph"}, {"th", "t"}, {"t", "th"}, {"kh", "k"},
                                 {"k", "kh"}, {"ch", "j"}, {"j", "ch"}, {"w", "v"},  {"v", "w"},
                                 {"ou", "u"}, {"u", "ou"}, {"oo", "u"}, {"ee", "i"}, {"i", "y"},
                                 {"y", "i"},  {"ch", "c"}};

}  // namespace

const char* to_string(Mutation m) {
  switch (m) {
    case Mutation::kTypo:
      return "typo";
    case Mutation::kTransposition:
      return "transposition";
    case Mutation::kRomanisation:
      return "romanisation";
    case Mutation::kOrderSwap:
      return "order swap";
    case Mutation::kMergeSplit:
      return "merged/split token";
    case Mutation::kMissingMiddle:
      return "missing middle name";
    case Mutation::kThaiScript:
      return "Thai script";
    case Mutation::kBirthSwap:
      return "birth-date swap";
    case Mutation::kHardNegative:
      return "hard negative";
    case Mutation::kUnlisted:
      return "unlisted traffic";
  }
  return "?";
}

watchlist::PersonEntry PersonGenerator::person(std::string* thai_script) {
  watchlist::PersonEntry p;
  std::string name, thai;
  const auto cap = [](std::string s) {
    for (size_t i = 1; i < s.size(); ++i) s[i] = static_cast<char>(std::tolower(s[i]));
    return s;
  };
  const auto thai_word = [&](size_t syllables, std::string& latin, std::string& script) {
    for (size_t i = 0; i < syllables; ++i) {
      const Syllable& s = kThai[pick(std::size(kThai))];
      latin += i == 0 ? std::string(s.latin) : cap(s.latin);
      script += s.thai;
    }
  };
  const double g = std::uniform_real_distribution<double>(0, 100)(rng_);
  if (g < 30) {  // Thai
    std::string given, surname, tg, ts;
    thai_word(2, given, tg);
    thai_word(chance(0.6) ? 3 : 2, surname, ts);
    name = given + " " + surname;
    thai = tg + " " + ts;
    p.nationality = "THA";
  } else if (g < 55) {  // Khmer: family name first
    name = std::string(one(kKhmerFamily, pick(std::size(kKhmerFamily)))) + " " +
           one(kKhmerGiven, pick(std::size(kKhmerGiven)));
    if (chance(0.2)) name += std::string(" ") + one(kKhmerGiven, pick(std::size(kKhmerGiven)));
    p.nationality = "KHM";
  } else if (g < 75) {  // Vietnamese
    std::discrete_distribution<size_t> fam(std::begin(kVietFamilyWeight),
                                           std::end(kVietFamilyWeight));
    name = kVietFamily[fam(rng_)];
    if (chance(0.9)) name += std::string(" ") + one(kVietMiddle, chance(0.6) ? pick(2) : pick(12));
    name += std::string(" ") + one(kVietGiven, pick(std::size(kVietGiven)));
    p.nationality = "VNM";
  } else if (g < 85) {  // Chinese
    name = one(kChineseFamily, pick(std::size(kChineseFamily)));
    std::string given = one(kChineseSyllable, pick(std::size(kChineseSyllable)));
    if (chance(0.7)) given += cap(one(kChineseSyllable, pick(std::size(kChineseSyllable))));
    name += " " + given;
    p.nationality = "CHN";
  } else if (g < 93) {  // Lao
    name = std::string(one(kLaoGiven, pick(std::size(kLaoGiven)))) + " " +
           one(kLaoSyllable, pick(std::size(kLaoSyllable))) +
           cap(one(kLaoSyllable, pick(std::size(kLaoSyllable))));
    p.nationality = "LAO";
  } else {  // Myanmar: no family name
    const size_t n = chance(0.6) ? 3 : 2;
    for (size_t i = 0; i < n; ++i)
      name += (i ? " " : "") + std::string(one(kMyanmar, pick(std::size(kMyanmar))));
    p.nationality = "MMR";
  }
  p.names.push_back(name);
  if (chance(0.1)) p.nationality.clear();
  const double d = std::uniform_real_distribution<double>(0, 1)(rng_);
  if (d < 0.95) {
    p.birth.year = static_cast<uint16_t>(1950 + pick(57));
    if (d < 0.85) {
      p.birth.month = static_cast<uint8_t>(1 + pick(12));
      p.birth.day = static_cast<uint8_t>(1 + pick(28));
    }
  }
  if (chance(0.95)) p.sex = chance(0.5) ? "M" : "F";
  if (chance(0.3)) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "N%08zu", pick(100'000'000));
    p.documents.push_back(buf);
  }
  if (thai_script != nullptr) *thai_script = thai;
  return p;
}

std::string PersonGenerator::mutate_token(const std::string& t, Mutation m) {
  std::string s = t;
  if (m == Mutation::kTypo) {
    const size_t i = 1 + pick(s.size() - 1);
    const char c = static_cast<char>('a' + pick(26));
    switch (pick(3)) {
      case 0:
        s[i] = c;
        break;
      case 1:
        s.insert(s.begin() + static_cast<long>(i), c);
        break;
      default:
        s.erase(i, 1);
        break;
    }
  } else if (m == Mutation::kTransposition) {
    const size_t i = 1 + pick(s.size() - 2);
    std::swap(s[i], s[i + 1]);
  } else if (m == Mutation::kRomanisation) {
    std::string lower = s;
    for (char& c : lower) c = static_cast<char>(std::tolower(c));
    const size_t start = pick(std::size(kRewrites));
    for (size_t k = 0; k < std::size(kRewrites); ++k) {
      const Rewrite& r = kRewrites[(start + k) % std::size(kRewrites)];
      const size_t at = lower.find(r.from);
      if (at == std::string::npos) continue;
      lower.replace(at, std::string(r.from).size(), r.to);
      return lower;
    }
    lower += lower.back() == 'h' ? "" : "h";  // final h
    return lower;
  }
  return s;
}

bool PersonGenerator::query(const watchlist::PersonEntry& listed, const std::string& thai_script,
                            Mutation m, watchlist::PersonQuery& q) {
  watchlist::PersonEntry src = listed;
  if (m == Mutation::kUnlisted) src = person(nullptr);
  std::vector<std::string> tokens;
  {
    std::string cur;
    for (char c : src.names.front() + " ") {
      if (c == ' ') {
        if (!cur.empty()) tokens.push_back(cur);
        cur.clear();
      } else {
        cur.push_back(c);
      }
    }
  }
  q = watchlist::PersonQuery{};
  q.nationality = src.nationality;
  q.sex = src.sex;
  q.birth = src.birth;
  if (!q.birth.known()) q.birth.year = static_cast<uint16_t>(1950 + pick(57));
  if (q.birth.month == 0) {
    q.birth.month = static_cast<uint8_t>(1 + pick(12));
    q.birth.day = static_cast<uint8_t>(1 + pick(28));
  }
  std::vector<size_t> long_tokens;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].size() >= 4) long_tokens.push_back(i);
  }
  switch (m) {
    case Mutation::kTypo:
    case Mutation::kTransposition:
    case Mutation::kRomanisation: {
      if (long_tokens.empty()) return false;
      const size_t i = long_tokens[pick(long_tokens.size())];
      tokens[i] = mutate_token(tokens[i], m);
      break;
    }
    case Mutation::kOrderSwap:
      if (tokens.size() < 2) return false;
      std::rotate(tokens.begin(), tokens.begin() + 1, tokens.end());
      break;
    case Mutation::kMergeSplit: {
      std::vector<size_t> splittable;
      for (size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].size() >= 6) splittable.push_back(i);
      }
      if (!splittable.empty() && chance(0.5)) {
        const size_t i = splittable[pick(splittable.size())];
        const std::string t = tokens[i];
        tokens[i] = t.substr(0, t.size() / 2);
        tokens.insert(tokens.begin() + static_cast<long>(i) + 1, t.substr(t.size() / 2));
      } else {
        if (tokens.size() < 2) return false;
        const size_t i = pick(tokens.size() - 1);
        tokens[i] += tokens[i + 1];
        tokens.erase(tokens.begin() + static_cast<long>(i) + 1);
      }
      break;
    }
    case Mutation::kMissingMiddle:
      if (tokens.size() < 3) return false;
      tokens.erase(tokens.begin() + 1 + static_cast<long>(pick(tokens.size() - 2)));
      break;
    case Mutation::kThaiScript:
      if (thai_script.empty()) return false;
      q.name = thai_script;
      return true;
    case Mutation::kBirthSwap:
      if (listed.birth.day == 0 || listed.birth.day > 12 ||
          listed.birth.day == listed.birth.month) {
        return false;
      }
      std::swap(q.birth.day, q.birth.month);
      break;
    case Mutation::kHardNegative:
      if (!listed.birth.known()) return false;
      q.birth.year = static_cast<uint16_t>(listed.birth.year +
                                           (chance(0.5) ? 1 : -1) * static_cast<int>(3 + pick(18)));
      q.birth.month = static_cast<uint8_t>(1 + pick(12));
      q.birth.day = static_cast<uint8_t>(1 + pick(28));
      break;
    case Mutation::kUnlisted:
      break;
  }
  for (size_t i = 0; i < tokens.size(); ++i) q.name += (i ? " " : "") + tokens[i];
  if (chance(0.3)) {
    for (char& c : q.name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return true;
}

}  // namespace bw::sim
