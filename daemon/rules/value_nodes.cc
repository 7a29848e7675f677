// Value nodes: field access, constants and the evaluation scratch space (functions and array
// filters are in function_nodes.cc).
#include <charconv>
#include <cstdio>

#include "json/writer.h"
#include "rules/nodes.h"

namespace bw::rules {

RtValue RtValue::of_json(const json::Value* j) {
  if (j == nullptr) return {};
  switch (j->type()) {
    case json::Value::Type::kNull:
      return {};
    case json::Value::Type::kBool:
      return of_bool(j->as_bool());
    case json::Value::Type::kNumber:
      return of_number(j->as_number());
    case json::Value::Type::kString:
      return of_string(j->as_string());
    default: {
      RtValue v;
      v.kind = Kind::kJson;
      v.json = j;
      return v;
    }
  }
}

std::string& Scratch::take() {
  if (used_ == buffers_.size()) buffers_.emplace_back();
  std::string& s = buffers_[used_++];
  s.clear();
  return s;
}

EvalState make_state(const EvalContext& ctx, Scratch& scratch) {
  EvalState st{ctx, 0, 0, scratch, nullptr};
  scratch.forget_sums();
  const int64_t local_ms = ctx.event.time.utc_ms + int64_t{ctx.timezone_offset_minutes} * 60000;
  st.event_day = floor_div(local_ms, 86400000);
  st.local_minute = static_cast<int>((local_ms - st.event_day * 86400000) / 60000);
  return st;
}

void append_text(std::string& out, const RtValue& v, int offset_minutes) {
  switch (v.kind) {
    case RtValue::Kind::kMissing:
      out += "<missing>";
      return;
    case RtValue::Kind::kBool:
      out += v.boolean ? "true" : "false";
      return;
    case RtValue::Kind::kString:
      out += v.str;
      return;
    case RtValue::Kind::kNumber: {
      char buf[32];
      auto r = std::to_chars(buf, buf + sizeof buf, v.num);
      out.append(buf, r.ptr);
      return;
    }
    case RtValue::Kind::kDate: {
      int y, m, d;
      civil_from_days(v.ival, y, m, d);
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
      out += buf;
      return;
    }
    case RtValue::Kind::kTime:
      out += format_rfc3339(v.ival, offset_minutes);
      return;
    case RtValue::Kind::kJson:
      json::append(out, *v.json);
      return;
  }
}

namespace {

class BodyField final : public ValueNode {
 public:
  explicit BodyField(std::vector<std::string> steps) : steps_(std::move(steps)) {}
  RtValue eval(EvalState& st) const override {
    return RtValue::of_json(json::find_steps(&st.ctx.event.body, steps_));
  }

 private:
  std::vector<std::string> steps_;
};

class ElementField final : public ValueNode {
 public:
  explicit ElementField(std::vector<std::string> steps) : steps_(std::move(steps)) {}
  RtValue eval(EvalState& st) const override {
    return RtValue::of_json(json::find_steps(st.element, steps_));
  }

 private:
  std::vector<std::string> steps_;
};

class EventMemberNode final : public ValueNode {
 public:
  explicit EventMemberNode(EventMember m) : m_(m) {}
  RtValue eval(EvalState& st) const override {
    const event::Event& e = st.ctx.event;
    switch (m_) {
      case EventMember::kEventId:
        return RtValue::of_string(e.id);
      case EventMember::kCheckpoint:
        return RtValue::of_string(e.checkpoint);
      case EventMember::kDirection:
        return RtValue::of_string(e.direction == event::Direction::kExit ? "exit" : "entry");
      case EventMember::kTime:
        return RtValue::of_int(RtValue::Kind::kTime, e.time.utc_ms);
    }
    return {};
  }

 private:
  EventMember m_;
};

class SiteFieldNode final : public ValueNode {
 public:
  explicit SiteFieldNode(SiteField f) : f_(f) {}
  RtValue eval(EvalState& st) const override {
    const config::Checkpoint* cp = st.ctx.checkpoint;
    if (cp == nullptr) return {};
    switch (f_) {
      case SiteField::kName:
        return RtValue::of_string(cp->name);
      case SiteField::kType:
        return RtValue::of_string(config::to_string(cp->type));
      case SiteField::kStatus:
        return RtValue::of_string(config::to_string(cp->status));
      case SiteField::kKm:
        return RtValue::of_number(cp->km);
      case SiteField::kWithinHours:
        return RtValue::of_bool(cp->hours.contains(st.local_minute));
    }
    return {};
  }

 private:
  SiteField f_;
};

class ConstNode final : public ValueNode {
 public:
  ConstNode(RtValue v, std::string storage) : v_(v), storage_(std::move(storage)) {
    if (v_.kind == RtValue::Kind::kString) v_.str = storage_;
  }
  RtValue eval(EvalState&) const override { return v_; }

 private:
  RtValue v_;
  std::string storage_;
};

}  // namespace

ValuePtr make_body_field(std::vector<std::string> steps) {
  return std::make_unique<BodyField>(std::move(steps));
}
ValuePtr make_element_field(std::vector<std::string> steps) {
  return std::make_unique<ElementField>(std::move(steps));
}
ValuePtr make_event_member(EventMember m) {
  return std::make_unique<EventMemberNode>(m);
}
ValuePtr make_site_field(SiteField f) {
  return std::make_unique<SiteFieldNode>(f);
}
ValuePtr make_const(RtValue v, std::string storage) {
  return std::make_unique<ConstNode>(v, std::move(storage));
}

}  // namespace bw::rules
