#include "rules/collector.h"

#include <algorithm>
#include <map>

namespace bw::rules {

namespace {

std::string where(const TextOrigin& o) {
  return (o.source != nullptr ? o.source->name : std::string("?")) + ":" + std::to_string(o.line);
}

// How an item changes an existing definition, per key.
struct Plan {
  bool modify = false;  // append/override/enable-only, as opposed to a (re)definition
  std::map<std::string, OverrideMode> modes;
};

bool appendable(Item::Kind kind, const std::string& key) {
  switch (kind) {
    case Item::Kind::kList:
      return key == "items";
    case Item::Kind::kMacro:
      return key == "condition";
    case Item::Kind::kRule:
      return key == "condition" || key == "exceptions" || key == "tags";
    default:
      return false;
  }
}

class Collector {
 public:
  Collector(Definitions& defs, Diagnostics& diags) : defs_(defs), diags_(diags) {}

  void add(Item& item) {
    switch (item.kind) {
      case Item::Kind::kVersion:
      case Item::Kind::kTest:  // for the test runner only (rule_tests.h)
        return;
      case Item::Kind::kList:
        return list(item);
      case Item::Kind::kMacro:
        return macro(item);
      case Item::Kind::kRule:
        return rule(item);
    }
  }

 private:
  std::optional<Plan> plan(const Item& item, bool exists) {
    Plan p;
    const bool enable_only = item.kind == Item::Kind::kRule && item.keys.size() == 1 &&
                             item.has("enabled") && item.overrides.empty() && !item.append;
    p.modify = item.append || !item.overrides.empty() || enable_only;
    if (item.append && !item.overrides.empty()) {
      return fail(item.override_origin, "use either 'append: true' or 'override', not both");
    }
    if (p.modify && !exists) {
      return fail(item.origin, std::string("cannot change ") + item.kind_name() + " '" + item.name +
                                   "': it is not defined by an earlier item");
    }
    if (enable_only) {
      p.modes["enabled"] = OverrideMode::kReplace;
    } else if (item.append ? !append_modes(item, p) : p.modify && !override_modes(item, p)) {
      return std::nullopt;
    }
    return p;
  }

  // `append: true`: every appendable key appends; `enabled` may come along.
  bool append_modes(const Item& item, Plan& p) {
    for (const auto& key : item.keys) {
      if (!appendable(item.kind, key) && key != "enabled") {
        fail(item.origin, "'" + key + "' cannot be appended; use override: {" + key + ": replace}");
        return false;
      }
      p.modes[key] = key == "enabled" ? OverrideMode::kReplace : OverrideMode::kAppend;
    }
    return true;
  }

  // `override:` must list exactly the keys the item gives.
  bool override_modes(const Item& item, Plan& p) {
    for (const auto& [key, mode] : item.overrides) {
      if (!item.has(key)) {
        fail(item.override_origin,
             "override names '" + key + "' but the item has no '" + key + "'");
        return false;
      }
      if (mode == OverrideMode::kAppend && !appendable(item.kind, key)) {
        fail(item.override_origin, "'" + key + "' can only be replaced");
        return false;
      }
      p.modes[key] = mode;
    }
    for (const auto& key : item.keys) {
      if (p.modes.count(key) == 0) {
        fail(item.override_origin, "'" + key + "' is given but not listed in 'override'");
        return false;
      }
    }
    return true;
  }

  std::nullopt_t fail(const TextOrigin& at, std::string message) {
    diags_.error(at, std::move(message));
    return std::nullopt;
  }

  static bool replaces(const Plan& p, const char* key) {
    auto it = p.modes.find(key);
    return it != p.modes.end() && it->second == OverrideMode::kReplace;
  }

  // Stores a (re)definition in place of `existing`, or as a new name.
  template <typename Def>
  void define(std::vector<Def>& defs, Def* existing, const Item& item, Def fresh) {
    if (existing == nullptr) {
      defs.push_back(std::move(fresh));
      return;
    }
    redefined(item, existing->origin);
    *existing = std::move(fresh);
  }

  void redefined(const Item& item, const TextOrigin& previous) {
    diags_.warning(item.origin, std::string(item.kind_name()) + " '" + item.name +
                                    "' is defined again; this replaces the definition at " +
                                    where(previous));
  }

  bool require(const Item& item, std::initializer_list<const char*> keys) {
    bool ok = true;
    for (const char* k : keys) {
      if (!item.has(k)) {
        diags_.error(item.origin,
                     std::string(item.kind_name()) + " '" + item.name + "' is missing '" + k + "'");
        ok = false;
      }
    }
    return ok;
  }

  template <typename Def>
  Def* find(std::vector<Def>& defs, const std::string& name) {
    auto it = std::find_if(defs.begin(), defs.end(), [&](const Def& d) { return d.name == name; });
    return it == defs.end() ? nullptr : &*it;
  }

  void list(Item& item) {
    ListDef* def = find(defs_.lists, item.name);
    auto p = plan(item, def != nullptr);
    if (!p) return mark_broken(def);
    if (!p->modify) {
      const bool broken = item.broken || !require(item, {"items"});
      return define(defs_.lists, def, item, ListDef{item.name, item.origin, broken, item.items});
    }
    def->broken = def->broken || item.broken;
    if (replaces(*p, "items")) def->items.clear();
    def->items.insert(def->items.end(), item.items.begin(), item.items.end());
  }

  void macro(Item& item) {
    MacroDef* def = find(defs_.macros, item.name);
    auto p = plan(item, def != nullptr);
    if (!p) return mark_broken(def);
    if (!p->modify) {
      MacroDef fresh{item.name, item.origin, item.broken || !require(item, {"condition"}), {}};
      if (item.condition != nullptr) fresh.parts.push_back(item.condition);
      return define(defs_.macros, def, item, std::move(fresh));
    }
    def->broken = def->broken || item.broken;
    if (replaces(*p, "condition")) def->parts.clear();
    if (item.condition != nullptr) def->parts.push_back(item.condition);
  }

  void rule(Item& item) {
    RuleDef* def = find(defs_.rules, item.name);
    auto p = plan(item, def != nullptr);
    if (!p) return mark_broken(def);
    if (!p->modify) return define(defs_.rules, def, item, new_rule(item));
    def->broken = def->broken || item.broken;
    for (const auto& [key, mode] : p->modes) change_rule(*def, item, key, mode);
  }

  RuleDef new_rule(Item& item) {
    RuleDef r;
    r.name = item.name;
    r.origin = item.origin;
    r.broken = item.broken || !require(item, {"desc", "condition", "output", "priority"});
    r.desc = item.desc;
    if (item.condition != nullptr) r.condition.push_back(item.condition);
    r.output = item.output;
    r.priority = item.priority;
    r.tags = item.tags;
    r.enabled = item.enabled;
    r.exceptions = std::move(item.exceptions);
    r.stateful = item.stateful;
    return r;
  }

  void change_rule(RuleDef& r, Item& item, const std::string& key, OverrideMode mode) {
    const bool replace = mode == OverrideMode::kReplace;
    if (key == "condition") {
      if (replace) r.condition.clear();
      r.condition.push_back(item.condition);
    } else if (key == "exceptions") {
      if (replace) r.exceptions.clear();
      for (auto& e : item.exceptions) merge_exception(r, std::move(e));
    } else if (key == "tags") {
      if (replace) r.tags.clear();
      for (auto& t : item.tags) {
        if (std::find(r.tags.begin(), r.tags.end(), t) == r.tags.end()) r.tags.push_back(t);
      }
    } else if (key == "desc") {
      r.desc = item.desc;
    } else if (key == "output") {
      r.output = item.output;
    } else if (key == "priority") {
      r.priority = item.priority;
    } else if (key == "enabled") {
      r.enabled = item.enabled;
    } else if (key == "stateful") {
      r.stateful = item.stateful;
    }
  }

  // An exception of a known name gains values; a new name needs its fields.
  void merge_exception(RuleDef& r, ExceptionDef e) {
    for (auto& existing : r.exceptions) {
      if (existing.name != e.name) continue;
      if (!e.fields.empty() && e.fields.size() != existing.fields.size()) {
        diags_.error(e.origin, "exception '" + e.name + "' has " +
                                   std::to_string(existing.fields.size()) + " fields already");
        r.broken = true;
        return;
      }
      for (auto& entry : e.entries) existing.entries.push_back(std::move(entry));
      return;
    }
    if (e.fields.empty()) {
      diags_.error(e.origin,
                   "exception '" + e.name + "' is new to rule '" + r.name + "' and needs 'fields'");
      r.broken = true;
      return;
    }
    r.exceptions.push_back(std::move(e));
  }

  // A failed change leaves the definition unusable; its users fail without more messages.
  template <typename Def>
  void mark_broken(Def* def) {
    if (def != nullptr) def->broken = true;
  }

  Definitions& defs_;
  Diagnostics& diags_;
};

}  // namespace

const ListDef* Definitions::find_list(std::string_view name) const {
  for (const auto& l : lists) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

const MacroDef* Definitions::find_macro(std::string_view name) const {
  for (const auto& m : macros) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

void collect(std::vector<Item> items, Definitions& defs, Diagnostics& diags) {
  Collector c(defs, diags);
  for (Item& item : items) c.add(item);
}

}  // namespace bw::rules
