// Normalisation shared by import and lookup, so a number typed "ab 123-456" at the gate finds
// the list entry "AB123456". Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace bw::watchlist {

// Upper-case ASCII letters and digits only: spaces, dashes, dots, slashes and other
// separators are dropped. Non-ASCII bytes are kept as they are.
std::string normalise_document_number(std::string_view raw);
// Plates: the same folding (Thai script bytes are kept, separators dropped).
std::string normalise_plate(std::string_view raw);

// Shows only the first two and last two characters: never log a full document number.
std::string redact(std::string_view value);

}  // namespace bw::watchlist
