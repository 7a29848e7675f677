#include "sim/name_pools.h"

namespace bw::sim::pools {

namespace {

using SV = std::string_view;

constexpr SV kThaiSurnames[] = {
    "Srisuk",     "Saetang",    "Wongsawat",   "Boonyarat",   "Kaewmanee",  "Thongdee",
    "Suksawat",   "Phromma",    "Chanthawong", "Rattanakorn", "Sukprasert", "Intharasuk",
    "Jaidee",     "Srisawat",   "Ruangsri",    "Pongpanich",  "Siriwat",    "Charoenphon",
    "Kongkaew",   "Wattanasin", "Phuangmalai", "Limsakul",    "Noiphan",    "Sangthong",
    "Chaiyasit",  "Thammawong", "Buakhao",     "Yodsuwan",    "Kittikhun",  "Somboon",
    "Panyadee",   "Saengchan",  "Khunthong",   "Meesuk",      "Ratchaphon", "Sriprasert",
    "Chantharat", "Wongkham",   "Prasertsri",  "Thongsuk",    "Boonmak",    "Kaewkhao",
};
constexpr SV kThaiMale[] = {
    "Somchai",   "Somsak",   "Sompong",  "Prasert",    "Wichai",   "Anan",       "Kittisak",
    "Nattapong", "Thanawat", "Chaiwat",  "Surachai",   "Boonmee",  "Sakda",      "Wirat",
    "Pichai",    "Narong",   "Manop",    "Thawatchai", "Apichart", "Sutthipong", "Yuttana",
    "Ekkachai",  "Chatchai", "Phongsak", "Teerapong",  "Worawut",  "Suriya",     "Decha",
};
constexpr SV kThaiFemale[] = {
    "Somying",  "Malee",    "Siriporn", "Kanokwan", "Nattaya", "Pornthip",  "Wanida",
    "Supaporn", "Ratana",   "Duangjai", "Jintana",  "Arunee",  "Pimchanok", "Sasithorn",
    "Waraporn", "Nongluck", "Kannika",  "Pranee",   "Rattana", "Sunisa",    "Anong",
    "Chutima",  "Thitima",  "Ubon",     "Laddawan", "Kesinee", "Orathai",   "Busaba",
};

constexpr SV kKhmerSurnames[] = {
    "Sok",   "Chan",  "Chea", "Heng", "Kim",  "Keo",  "Ly",   "Lim",   "Meas", "Mao",
    "Nhem",  "Ouk",   "Pen",  "Prak", "Phan", "Sam",  "San",  "Seng",  "Sim",  "Sun",
    "Tep",   "Touch", "Ung",  "Vann", "Yem",  "Yin",  "Him",  "Long",  "Nuon", "Chhay",
    "Chhim", "Khieu", "Kong", "Mom",  "Pich", "Roth", "Sorn", "Thach", "Sao",  "Soeun",
    "Hem",   "Khun",  "Nget", "Oeur", "Phon", "Ros",  "Svay", "Yos",
};
constexpr SV kKhmerMale[] = {
    "Sokha",   "Dara",      "Vuthy",    "Sophal",  "Rithy",   "Sovann",   "Chantha", "Bunthoeun",
    "Sothea",  "Veasna",    "Kosal",    "Vannak",  "Samnang", "Sokun",    "Piseth",  "Virak",
    "Rotha",   "Chamroeun", "Sambath",  "Sopheak", "Visal",   "Borey",    "Vichea",  "Makara",
    "Ratanak", "Sokheng",   "Pheakdey", "Bunna",   "Kimsan",  "Thearith",
};
constexpr SV kKhmerFemale[] = {
    "Sreymom",  "Sopheap", "Chanthy",  "Sreyneang", "Bopha",    "Kunthea", "Sokunthea",
    "Malis",    "Chenda",  "Rachana",  "Sreypov",   "Leakhena", "Sophorn", "Thida",
    "Channary", "Vanna",   "Sreyleak", "Kolab",     "Sokhom",   "Davy",    "Pisey",
    "Sothy",    "Romduol", "Chantrea", "Sreyroth",  "Nary",     "Kalyan",  "Phalla",
};

constexpr SV kVietSurnames[] = {"Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu",
                                "Dang",   "Bui",  "Do", "Ngo",  "Duong", "Ly"};
constexpr SV kVietMale[] = {"Van Minh",  "Van Hung", "Duc Anh",   "Quang Huy", "Van Thanh",
                            "Minh Tuan", "Van Long", "Hoang Nam", "Duc Thang", "Van Hai"};
constexpr SV kVietFemale[] = {"Thi Lan",   "Thi Hoa",  "Thi Mai",   "Ngoc Anh", "Thi Huong",
                              "Thu Trang", "Thi Hanh", "Bich Ngoc", "Thi Thu",  "Kim Lien"};

constexpr SV kChineseSurnames[] = {"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang",
                                   "Zhao", "Wu", "Zhou",  "Xu",  "Sun",  "Lin"};
constexpr SV kChineseMale[] = {"Wei", "Jun",   "Hao",     "Lei",    "Yong",   "Jie",
                               "Tao", "Qiang", "Jianguo", "Zhiwei", "Haoran", "Yu"};
constexpr SV kChineseFemale[] = {"Fang", "Min",     "Jing", "Lina", "Xiuying",  "Yan",
                                 "Li",   "Xiaomei", "Hui",  "Ting", "Yan Ling", "Na"};

constexpr SV kLaoSurnames[] = {"Phommachanh", "Souvannavong", "Keomany",    "Vongsa",
                               "Sisavath",    "Chanthavong",  "Phetsavong", "Inthavong",
                               "Sengdara",    "Xayavong",     "Luangrath",  "Siphandone"};
constexpr SV kLaoMale[] = {"Bounmy",   "Khamphanh", "Somphone",  "Thongchanh", "Sengphet",
                           "Khamsing", "Phouvong",  "Bounthanh", "Vilay",      "Somsanith"};
constexpr SV kLaoFemale[] = {"Noy",      "Vanh",      "Phonesavanh", "Khamla",  "Souksavanh",
                             "Manivanh", "Vilayvanh", "Bouakham",    "Ketsana", "Latsamy"};

// Myanmar names have no family name: the whole name goes in `surname` (as many passports do).
constexpr SV kMyanmarMale[] = {"Aung Kyaw", "Min Thu", "Zaw Win",   "Ko Ko Aung", "Htet Naing",
                               "Kyaw Zin",  "Tun Tun", "Win Naing", "Soe Moe",    "Myo Min"};
constexpr SV kMyanmarFemale[] = {"Thandar Aye", "Khin Myo",   "Su Su Hlaing", "Nwe Ni",
                                 "Ei Phyu",     "Hnin Wai",   "May Thu",      "Zin Mar",
                                 "Aye Aye Win", "Cho Cho San"};

constexpr Place kThaiBorder[] = {
    {"Chanthaburi", "Pong Nam Ron"},    {"Chanthaburi", "Soi Dao"},
    {"Chanthaburi", "Pong Nam Ron"},    {"Chanthaburi", "Soi Dao"},
    {"Chanthaburi", "Makham"},          {"Chanthaburi", "Kaeng Hang Maeo"},
    {"Chanthaburi", "Khao Khitchakut"}, {"Trat", "Bo Rai"},
};
constexpr Place kThaiInland[] = {
    {"Chanthaburi", "Mueang Chanthaburi"},
    {"Chanthaburi", "Tha Mai"},
    {"Chanthaburi", "Khlung"},
    {"Chanthaburi", "Laem Sing"},
    {"Chanthaburi", "Na Yai Am"},
    {"Trat", "Mueang Trat"},
    {"Sa Kaeo", "Aranyaprathet"},
    {"Rayong", "Mueang Rayong"},
    {"Chon Buri", "Si Racha"},
    {"Bangkok", "Bang Kapi"},
    {"Bangkok", "Chatuchak"},
    {"Nakhon Ratchasima", "Mueang Nakhon Ratchasima"},
    {"Buri Ram", "Prakhon Chai"},
    {"Si Sa Ket", "Kantharalak"},
    {"Udon Thani", "Mueang Udon Thani"},
    {"Khon Kaen", "Mueang Khon Kaen"},
    {"Chiang Mai", "San Sai"},
    {"Prachin Buri", "Kabin Buri"},
};
constexpr Place kKhmerBorder[] = {
    {"Battambang", "Kamrieng"},       {"Battambang", "Phnom Proek"}, {"Battambang", "Sampov Loun"},
    {"Battambang", "Rotanak Mondol"}, {"Pailin", "Pailin"},          {"Pailin", "Sala Krau"},
    {"Battambang", "Kamrieng"},       {"Pailin", "Pailin"},
};
constexpr Place kKhmerInland[] = {
    {"Battambang", "Battambang"},
    {"Battambang", "Moung Ruessei"},
    {"Banteay Meanchey", "Serei Saophoan"},
    {"Banteay Meanchey", "Poipet"},
    {"Pursat", "Bakan"},
    {"Siem Reap", "Siem Reap"},
    {"Phnom Penh", "Chamkar Mon"},
    {"Phnom Penh", "Sen Sok"},
    {"Kampong Cham", "Kampong Siem"},
    {"Prey Veng", "Peam Ro"},
    {"Takeo", "Bati"},
    {"Kampong Thom", "Stueng Saen"},
    {"Oddar Meanchey", "Samraong"},
    {"Svay Rieng", "Bavet"},
};

constexpr Place kForeign[] = {
    {"Ho Chi Minh City", "District 7"},
    {"Hanoi", "Cau Giay"},
    {"Can Tho", "Ninh Kieu"},
    {"Guangdong", "Shenzhen"},
    {"Fujian", "Fuzhou"},
    {"Yunnan", "Kunming"},
    {"Vientiane", "Chanthabouly"},
    {"Champasak", "Pakse"},
    {"Savannakhet", "Kaysone"},
    {"Yangon", "Hlaing"},
    {"Mandalay", "Chanayethazan"},
    {"Bago", "Bago"},
};

constexpr SV kEmployers[] = {
    "Chanthaburi Fruit Packing Co., Ltd.",
    "Ban Laem Longan Export Co., Ltd.",
    "Pong Nam Ron Durian Orchard",
    "Soi Dao Cassava Starch Co., Ltd.",
    "Khlung Rubber Products Co., Ltd.",
    "Eastern Gem Cutting Co., Ltd.",
    "Tha Mai Seafood Processing Co., Ltd.",
    "Makham Mangosteen Cooperative",
    "Chanthaburi Agro Cold Storage Co., Ltd.",
    "Rayong Construction Service Co., Ltd.",
};

constexpr SV kPlateLetters[] = {"ก", "ข", "ค", "ฆ", "ง", "จ", "ฉ", "ช", "ฌ", "ญ", "ฐ", "ฒ", "ณ",
                                "ด", "ต", "ถ", "ท", "ธ", "น", "บ", "ป", "ผ", "พ", "ฟ", "ภ", "ม",
                                "ย", "ร", "ล", "ว", "ศ", "ษ", "ส", "ห", "ฬ", "อ", "ฮ"};
constexpr SV kThaiPlateProvinces[] = {"Chanthaburi", "Chanthaburi", "Chanthaburi", "Trat",
                                      "Rayong",      "Sa Kaeo",     "Chon Buri",   "Bangkok"};
constexpr SV kKhmerPlateProvinces[] = {"Battambang",       "Battambang", "Pailin",   "Pailin",
                                       "Banteay Meanchey", "Phnom Penh", "Siem Reap"};

constexpr NamePools kThai{kThaiSurnames, kThaiMale, kThaiFemale};
constexpr NamePools kKhmer{kKhmerSurnames, kKhmerMale, kKhmerFemale};
constexpr NamePools kViet{kVietSurnames, kVietMale, kVietFemale};
constexpr NamePools kChinese{kChineseSurnames, kChineseMale, kChineseFemale};
constexpr NamePools kLao{kLaoSurnames, kLaoMale, kLaoFemale};
constexpr NamePools kMyanmar{{}, kMyanmarMale, kMyanmarFemale};

}  // namespace

const NamePools& names_for(std::string_view nationality) {
  if (nationality == "THA") return kThai;
  if (nationality == "VNM") return kViet;
  if (nationality == "CHN") return kChinese;
  if (nationality == "LAO") return kLao;
  if (nationality == "MMR") return kMyanmar;
  return kKhmer;
}

std::span<const Place> thai_border_places() {
  return kThaiBorder;
}
std::span<const Place> thai_inland_places() {
  return kThaiInland;
}
std::span<const Place> khmer_border_places() {
  return kKhmerBorder;
}
std::span<const Place> khmer_inland_places() {
  return kKhmerInland;
}

Place foreign_place(std::string_view nationality, size_t index) {
  size_t base = 0;
  if (nationality == "VNM")
    base = 0;
  else if (nationality == "CHN")
    base = 3;
  else if (nationality == "LAO")
    base = 6;
  else if (nationality == "MMR")
    base = 9;
  else
    return {"Phnom Penh", "Chamkar Mon"};
  return kForeign[base + index % 3];
}

Pool thai_employers() {
  return kEmployers;
}
Pool thai_plate_letters() {
  return kPlateLetters;
}
Pool thai_plate_provinces() {
  return kThaiPlateProvinces;
}
Pool khmer_plate_provinces() {
  return kKhmerPlateProvinces;
}

}  // namespace bw::sim::pools
