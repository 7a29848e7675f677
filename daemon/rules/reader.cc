#include "rules/reader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "rules/parser.h"
#include "rules/schema.h"
#include "rules/stateful.h"
#include "rules/test_reader.h"
#include "rules/yaml_values.h"

namespace bw::rules {

namespace {

using Kind = Item::Kind;

struct KindInfo {
  Kind kind;
  const char* key;
  std::vector<std::string_view> allowed;
};

const std::array<KindInfo, 5>& kinds() {
  static const std::array<KindInfo, 5> kKinds = {{
      {Kind::kVersion, "required_version", {}},
      {Kind::kList, "list", {"items", "append", "override"}},
      {Kind::kMacro, "macro", {"condition", "append", "override"}},
      {Kind::kRule,
       "rule",
       {"desc", "condition", "output", "priority", "tags", "enabled", "exceptions", "append",
        "override", "stateful"}},
      {Kind::kTest, "test", {std::begin(kTestKeys), std::end(kTestKeys)}},
  }};
  return kKinds;
}

std::string allowed_keys(const KindInfo& k) {
  std::string out = k.key;
  for (auto a : k.allowed) out += ", " + std::string(a);
  return out;
}

bool valid_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

class ItemReader {
 public:
  ItemReader(YamlValues& v, Diagnostics& diags) : v_(v), diags_(diags), tests_(v, diags) {}

  std::optional<Item> read(const YAML::Node& node) {
    if (!node.IsMap()) {
      diags_.error(v_.origin(node),
                   "each item must be a mapping such as '- rule: name' or '- list: name'");
      return std::nullopt;
    }
    const KindInfo* kind = find_kind(node);
    if (kind == nullptr) return std::nullopt;
    Item item;
    item.kind = kind->kind;
    item.origin = v_.origin(node);
    std::vector<std::string> seen;
    for (const auto& kv : node) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        fail(item, v_.origin(kv.first), "duplicate key '" + key + "'");
        continue;
      }
      seen.push_back(key);
      if (key != kind->key &&
          std::find(kind->allowed.begin(), kind->allowed.end(), key) == kind->allowed.end()) {
        fail(item, v_.origin(kv.first),
             "unknown key '" + key + "' in " + kind->key + " (allowed: " + allowed_keys(*kind) +
                 ")");
        continue;
      }
      value(item, key, kv.first, kv.second);
    }
    if (item.kind == Kind::kTest) complete_test(item);
    return item;
  }

 private:
  const KindInfo* find_kind(const YAML::Node& node) {
    // A test names its rule with a `rule` key: `test` decides, other kind keys are unknown keys.
    if (node["test"]) return &kinds()[static_cast<int>(Kind::kTest)];
    const KindInfo* found = nullptr;
    for (const auto& k : kinds()) {
      if (!node[k.key]) continue;
      if (found != nullptr) {
        diags_.error(v_.origin(node), std::string("an item cannot be both a '") + found->key +
                                          "' and a '" + k.key + "'");
        return nullptr;
      }
      found = &k;
    }
    if (found == nullptr) {
      diags_.error(v_.origin(node),
                   "item has none of 'rule', 'macro', 'list', 'test' or 'required_version'");
    }
    return found;
  }

  void fail(Item& item, const TextOrigin& at, std::string message) {
    item.broken = true;
    diags_.error(at, std::move(message));
  }

  void value(Item& item, const std::string& key, const YAML::Node& k, const YAML::Node& n) {
    const TextOrigin at = v_.origin(n, k);
    bool ok = true;
    if (key == "required_version") {
      ok = version(item, n, at);
    } else if (key == item.kind_name()) {
      ok = name(item, n, at);
    } else if (key == "append") {
      ok = v_.boolean(n, at, "append", item.append);
    } else if (key == "override") {
      item.override_origin = at;
      ok = v_.overrides(n, at, item.overrides);
    } else {
      item.keys.push_back(key);
      ok = property(item, key, n, at);
    }
    if (!ok) item.broken = true;
  }

  bool property(Item& item, const std::string& key, const YAML::Node& n, const TextOrigin& at) {
    if (item.kind == Kind::kTest) return tests_.key(item.test, key, n, at);
    if (key == "items") return v_.scalars(n, at, "items", item.items);
    if (key == "condition") return (item.condition = v_.text(n, at, "condition")) != nullptr;
    if (key == "output") return output(item, n, at);
    if (key == "desc") return v_.string(n, at, "desc", item.desc);
    if (key == "priority") return priority(item, n, at);
    if (key == "tags") return tags(item, n, at);
    if (key == "enabled") return v_.boolean(n, at, "enabled", item.enabled);
    if (key == "exceptions") return v_.exceptions(n, at, item.exceptions);
    if (key == "stateful") return (item.stateful = read_stateful(n, at, v_, diags_)) != nullptr;
    return false;
  }

  bool version(Item& item, const YAML::Node& n, const TextOrigin& at) {
    std::string s;
    if (!v_.string(n, at, "required_version", s)) return false;
    int version = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), version);
    if (ec != std::errc() || p != s.data() + s.size() || version < 1) {
      diags_.error(at, "required_version must be a positive integer, not '" + s + "'");
      return false;
    }
    item.version = version;
    if (version > kEngineVersion) {
      diags_.error(at, "these rules require version " + s + " of the rules engine; this is " +
                           std::to_string(kEngineVersion));
      return false;
    }
    return true;
  }

  bool name(Item& item, const YAML::Node& n, const TextOrigin& at) {
    item.origin = at;
    if (!v_.string(n, at, item.kind_name(), item.name)) return false;
    if (item.name.empty() || item.name.size() > kMaxNameBytes) {
      diags_.error(at, std::string("a ") + item.kind_name() + " needs a name of 1 to " +
                           std::to_string(kMaxNameBytes) + " bytes");
      return false;
    }
    if (item.kind == Kind::kRule || item.kind == Kind::kTest) return true;
    if (!valid_identifier(item.name) || is_keyword(item.name)) {
      diags_.error(at, std::string(item.kind_name()) + " name '" + item.name +
                           "' must be a name ([A-Za-z_][A-Za-z0-9_]*) and not a keyword");
      return false;
    }
    if (item.kind == Kind::kMacro && event_schema().member(item.name) != nullptr) {
      diags_.error(at, "macro name '" + item.name + "' is also a field name");
      return false;
    }
    return true;
  }

  bool output(Item& item, const YAML::Node& n, const TextOrigin& at) {
    item.output = v_.text(n, at, "output");
    if (item.output != nullptr && item.output->text.size() > kMaxOutputBytes) {
      diags_.error(at, "output is longer than " + std::to_string(kMaxOutputBytes) + " bytes");
      return false;
    }
    return item.output != nullptr;
  }

  bool priority(Item& item, const YAML::Node& n, const TextOrigin& at) {
    std::string s;
    if (!v_.string(n, at, "priority", s)) return false;
    if (!parse_priority(s, item.priority)) {
      diags_.error(at, "unknown priority '" + s + "' (info, low, medium, high, critical)");
      return false;
    }
    return true;
  }

  bool tags(Item& item, const YAML::Node& n, const TextOrigin& at) {
    std::vector<Scalar> tags;
    if (!v_.scalars(n, at, "tags", tags)) return false;
    for (auto& t : tags) item.tags.push_back(std::move(t.value));
    return true;
  }

  // A test needs the rule, the expectation and its event (or events, not both).
  void complete_test(Item& item) {
    for (const char* key : {"rule", "expect"}) {
      if (!item.has(key)) {
        fail(item, item.origin, "test '" + item.name + "' is missing '" + key + "'");
      }
    }
    if (item.has("event") == item.has("events")) {
      fail(item, item.origin,
           "test '" + item.name + "' needs either 'event' or 'events'" +
               (item.has("event") ? ", not both" : ""));
    }
    item.test.name = item.name;
    item.test.at = position_of(item.origin);
  }

  YamlValues& v_;
  Diagnostics& diags_;
  TestReader tests_;
};

// The 1-based line where a second YAML document would begin: a `---` after content, or any
// content after a `...` that ended the first document. A leading `---` just opens the first.
std::optional<int> second_document(std::string_view text) {
  bool content = false;
  bool ended = false;
  int line = 1;
  for (size_t pos = 0; pos < text.size(); ++line) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view l = text.substr(pos, end - pos);
    pos = end + 1;
    const bool marker = (l.substr(0, 3) == "---" || l.substr(0, 3) == "...") &&
                        (l.size() == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\r');
    if (marker && l[0] == '-' && (content || ended)) return line;
    if (marker && l[0] == '.') {
      ended = ended || content;
      continue;
    }
    const std::string_view rest = marker ? l.substr(3) : l;
    const size_t first = rest.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || rest[first] == '#') continue;
    if (ended) return line;
    content = true;
  }
  return std::nullopt;
}

std::optional<YAML::Node> load_yaml(const RuleSource& source, Diagnostics& diags) {
  try {
    // Not LoadAll: on some malformed input yaml-cpp 0.7's LoadAll loops allocating forever
    // (yaml-cpp PR #1319); a single-document Load stops.
    return YAML::Load(source.text);
  } catch (const YAML::Exception& e) {
    diags.error(TextOrigin{&source, 0, e.mark.line + 1, e.mark.column + 1}, "YAML: " + e.msg);
    return std::nullopt;
  }
}

}  // namespace

bool Item::has(std::string_view key) const {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

const char* Item::kind_name() const {
  return kinds()[static_cast<int>(kind)].key;
}

std::vector<Item> read_source(const RuleSource& source, std::deque<SourceText>& texts,
                              Diagnostics& diags) {
  TextOrigin file{&source, 0, 0, 0};
  std::vector<Item> items;
  if (source.text.size() > kMaxRuleFileBytes) {
    diags.error(file, "file is larger than " + std::to_string(kMaxRuleFileBytes >> 20) + " MiB");
    return items;
  }
  if (auto at = second_document(source.text)) {
    diags.error(TextOrigin{&source, 0, *at, 1},
                "a rules file holds one YAML document (one sequence of items); split it");
    return items;
  }
  auto doc = load_yaml(source, diags);
  if (!doc) return items;
  YamlValues values(source, texts, diags);
  ItemReader reader(values, diags);
  try {
    if (doc->IsNull()) return items;
    if (!doc->IsSequence()) {
      diags.error(values.origin(*doc),
                  "a rules file is a sequence of items (- rule: ..., - macro: ..., - list: ...)");
      return items;
    }
    for (const YAML::Node& node : *doc) {
      if (auto item = reader.read(node)) items.push_back(std::move(*item));
    }
  } catch (const YAML::Exception& e) {  // yaml-cpp may throw on odd nodes; never let it escape
    diags.error(TextOrigin{&source, 0, e.mark.line + 1, e.mark.column + 1}, "YAML: " + e.msg);
  }
  return items;
}

}  // namespace bw::rules
