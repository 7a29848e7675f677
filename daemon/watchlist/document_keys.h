// Document number keys for screening: exact, OCR-folded, issuer-agnostic; ICAO 9303 check
// digits. Pure functions, thread-safe.
//
// A number read at the gate may carry its MRZ check digit, have O typed for 0, or name no
// issuer. Each weaker key still finds the listed document, with a lower score (DocumentMatch),
// so officers see how the match was made.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bw::watchlist {

// ICAO 9303 check digit of an MRZ field: weights 7, 3, 1 over digits (0-9), letters (A=10 ..
// Z=35) and filler '<' (0). nullopt when a character is none of these.
std::optional<char> icao_check_digit(std::string_view field);

struct DocumentNumber {
  std::string number;            // normalised (normalise_document_number), check digit removed
  bool check_digit = false;      // a valid trailing check digit was present and removed
  bool bad_check_digit = false;  // an MRZ-length number whose last digit fails the check
};
// Normalises and, for a 10-character MRZ number field (9 + check digit) whose last character
// is its valid check digit, strips that digit.
DocumentNumber parse_document_number(std::string_view raw);

// Folds the OCR confusions O/0, I/1, S/5, B/8, Z/2 to the digit.
std::string ocr_fold(std::string_view normalised);

// Keys of a listed or presented document.
std::string exact_key(std::string_view country, std::string_view number);  // "THA:AA123"
inline std::string issuer_free_key(std::string_view number) {
  return std::string(number);
}

// How a document matched, best first; the score is what the match is worth.
enum class DocumentMatchKind { kNone, kExact, kIssuerFree, kOcr, kOcrIssuerFree };
const char* to_string(DocumentMatchKind k);
double score_of(DocumentMatchKind k);

}  // namespace bw::watchlist
