#include "watchlist/normalize.h"

namespace bw::watchlist {

namespace {

std::string fold_alnum(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      out.push_back(c);  // UTF-8 (Thai plates): kept byte for byte
    } else if (c >= 'a' && c <= 'z') {
      out.push_back(static_cast<char>(c - 'a' + 'A'));
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string normalise_document_number(std::string_view raw) {
  return fold_alnum(raw);
}

std::string normalise_plate(std::string_view raw) {
  return fold_alnum(raw);
}

std::string redact(std::string_view value) {
  if (value.size() <= 4) return std::string(value.size(), '*');
  std::string out(value.substr(0, 2));
  out.append(value.size() - 4, '*');
  out.append(value.substr(value.size() - 2));
  return out;
}

}  // namespace bw::watchlist
