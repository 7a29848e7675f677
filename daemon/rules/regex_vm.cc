// Regex matching: a Pike VM over code points. Every thread is a program counter; the set of
// live threads is at most the program size, each input character is looked at once, and
// epsilon moves (jumps, splits, anchors) are followed with an explicit stack.
#include "rules/regex.h"

namespace bw::rules {

namespace {

// Per-thread buffers, reused across calls so matching does not allocate after warm-up.
struct VmBuffers {
  std::vector<uint32_t> current, next, stack;
  std::vector<uint32_t> mark;  // generation in which a pc was last added to a list
  uint32_t generation = 0;

  void prepare(size_t program_size) {
    if (mark.size() < program_size) mark.assign(program_size, 0);
  }
  void new_generation() {
    if (++generation == 0) {  // wrapped: forget every old mark
      std::fill(mark.begin(), mark.end(), 0);
      generation = 1;
    }
  }
};

}  // namespace

bool Regex::search(std::string_view s) const {
  thread_local VmBuffers vm;
  vm.prepare(program_.size());

  // Adds `pc` and everything reachable from it without input at position `pos`; true when
  // that reaches kMatch.
  auto add = [&](std::vector<uint32_t>& list, uint32_t start, size_t pos) {
    vm.stack.clear();
    vm.stack.push_back(start);
    while (!vm.stack.empty()) {
      const uint32_t pc = vm.stack.back();
      vm.stack.pop_back();
      if (vm.mark[pc] == vm.generation) continue;
      vm.mark[pc] = vm.generation;
      const Inst& in = program_[pc];
      switch (in.code) {
        case Code::kMatch:
          return true;
        case Code::kJmp:
          vm.stack.push_back(in.arg);
          break;
        case Code::kSplit:
          vm.stack.push_back(in.alt);
          vm.stack.push_back(in.arg);
          break;
        case Code::kBegin:
          if (pos == 0) vm.stack.push_back(pc + 1);
          break;
        case Code::kEnd:
          if (pos == s.size()) vm.stack.push_back(pc + 1);
          break;
        default:
          list.push_back(pc);
      }
    }
    return false;
  };

  vm.new_generation();
  vm.current.clear();
  if (add(vm.current, 0, 0)) return true;
  for (size_t i = 0; i < s.size();) {
    const uint32_t cp = next_code_point(s, i);
    vm.new_generation();
    vm.next.clear();
    for (uint32_t pc : vm.current) {
      const Inst& in = program_[pc];
      const bool step = in.code == Code::kAny || (in.code == Code::kChar && in.arg == cp) ||
                        (in.code == Code::kClass && classes_[in.arg].contains(cp));
      if (step && add(vm.next, pc + 1, i)) return true;
    }
    if (add(vm.next, 0, i)) return true;  // a match may also start here
    std::swap(vm.current, vm.next);
  }
  return false;
}

}  // namespace bw::rules
