#include "watchlist/scoring_records.h"

#include <stdexcept>

namespace bw::watchlist {

void ScoringRecords::append_u32(uint32_t v) {
  const size_t at = data_.size();
  data_.resize(at + sizeof v);
  std::memcpy(data_.data() + at, &v, sizeof v);
}

void ScoringRecords::reserve(size_t entries, size_t names, size_t tokens, size_t text) {
  constexpr size_t kEntry = 2 + sizeof(uint32_t), kName = 2 * sizeof(uint32_t);
  constexpr size_t kToken = sizeof(float) + sizeof(uint32_t);
  data_.reserve(entries * kEntry + names * kName + tokens * kToken + text);
  starts_.reserve(entries + 1);
}

void ScoringRecords::begin_entry(std::string_view sex) {
  starts_.push_back(data_.size());
  data_.push_back(sex.empty() ? 0 : 1);
  data_.push_back(sex.empty() ? '\0' : sex[0]);
  names_at_ = data_.size();
  append_u32(0);
}

void ScoringRecords::begin_name(uint32_t namesakes) {
  uint32_t names;
  std::memcpy(&names, data_.data() + names_at_, sizeof names);
  ++names;
  std::memcpy(data_.data() + names_at_, &names, sizeof names);
  append_u32(namesakes);
  tokens_at_ = data_.size();
  append_u32(0);
}

void ScoringRecords::add_token(std::string_view folded, float weight) {
  uint32_t tokens;
  std::memcpy(&tokens, data_.data() + tokens_at_, sizeof tokens);
  ++tokens;
  std::memcpy(data_.data() + tokens_at_, &tokens, sizeof tokens);
  const size_t at = data_.size();
  data_.resize(at + sizeof weight);
  std::memcpy(data_.data() + at, &weight, sizeof weight);
  append_u32(static_cast<uint32_t>(folded.size()));
  data_.insert(data_.end(), folded.begin(), folded.end());
}

void ScoringRecords::finish() {
  if (data_.size() > UINT32_MAX) throw std::length_error("scoring records exceed 4 GiB");
  starts_.push_back(data_.size());
  data_.shrink_to_fit();
  starts_.shrink_to_fit();
}

}  // namespace bw::watchlist
