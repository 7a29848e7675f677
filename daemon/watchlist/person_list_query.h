// Private to PersonList (person_list.cc, person_list_collect.cc): a query as the index reads
// it. Not for other includers.
//
// A query is folded and its tokens looked up once, in prepare(); candidate collection and
// scoring then read these fields instead of looking the tokens up again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "watchlist/person_list.h"

namespace bw::watchlist {

struct PersonList::Prepared {
  const PersonQuery* q = nullptr;
  Brief traveller;
  std::vector<std::string> tokens;
  std::vector<std::string> raw;  // tokens[i] before folding
  std::vector<uint32_t> ids;     // of tokens[i], kNoToken when no entry uses it
  // weighted[i].text points into tokens[i]: tokens is not modified once weighted is filled
  // (moving the vector keeps its strings in place).
  std::vector<WeightedToken> weighted;
  std::string document;
  const std::vector<uint32_t>* document_entries = nullptr;  // listing it, ascending (by_document)

  // The traveller's name as written, for count_namesakes: its tokens' total rarity weight and,
  // whether every token is listed and then the name_hash of their sorted ids.
  double name_weight = 0;
  bool name_listed = false;
  uint64_t name_hash = 0;
  double log_namesakes = 0;  // of the traveller's name: set by count_namesakes
};

struct PersonList::Frequent {
  size_t pos;  // in the query's positions
  uint32_t id;
  bool exact;  // the position itself, not one of its deletion variants
};

}  // namespace bw::watchlist
