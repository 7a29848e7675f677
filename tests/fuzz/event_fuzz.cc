// Ingest path: one untrusted ZeroMQ frame through EventDecoder::decode, and every accepted
// event through the shipped rule pack (rules read every field a checkpoint may send).
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& f = bw::fuzz::fixture();
  // A fresh decoder per input: a finding must replay from its file alone.
  bw::event::EventDecoder decoder(f.config, f.config.ingest.max_message_bytes);
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  auto ev = decoder.decode(raw);
  if (!ev) return 0;
  // What the store and the alert path rely on for an accepted event.
  if (ev->raw != raw || !bw::event::is_valid_event_id(ev->id) ||
      f.config.find_checkpoint(ev->checkpoint) == nullptr || !ev->body.is_object()) {
    __builtin_trap();
  }
  bw::fuzz::evaluate(*f.rules, *ev);
  return 0;
}
