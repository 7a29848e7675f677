#include "watchlist/document_keys.h"

#include "watchlist/normalize.h"

namespace bw::watchlist {

std::optional<char> icao_check_digit(std::string_view field) {
  static constexpr int kWeights[] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < field.size(); ++i) {
    const char c = field[i];
    int v = 0;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'A' && c <= 'Z') {
      v = c - 'A' + 10;
    } else if (c != '<') {
      return std::nullopt;
    }
    sum += v * kWeights[i % 3];
  }
  return static_cast<char>('0' + sum % 10);
}

DocumentNumber parse_document_number(std::string_view raw) {
  DocumentNumber out;
  out.number = normalise_document_number(raw);
  // MRZ document number fields are 9 characters; a 10th that is a digit may be the check
  // digit typed along with it.
  if (out.number.size() == 10 && out.number[9] >= '0' && out.number[9] <= '9') {
    auto digit = icao_check_digit(std::string_view(out.number).substr(0, 9));
    if (digit && *digit == out.number[9]) {
      out.number.pop_back();
      out.check_digit = true;
    } else {
      out.bad_check_digit = true;
    }
  }
  return out;
}

std::string ocr_fold(std::string_view normalised) {
  std::string out(normalised);
  for (char& c : out) {
    switch (c) {
      case 'O':
        c = '0';
        break;
      case 'I':
        c = '1';
        break;
      case 'S':
        c = '5';
        break;
      case 'B':
        c = '8';
        break;
      case 'Z':
        c = '2';
        break;
      default:
        break;
    }
  }
  return out;
}

std::string exact_key(std::string_view country, std::string_view number) {
  std::string k(country);
  for (char& c : k) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  k += ':';
  k += number;
  return k;
}

const char* to_string(DocumentMatchKind k) {
  switch (k) {
    case DocumentMatchKind::kExact:
      return "exact";
    case DocumentMatchKind::kIssuerFree:
      return "number, other or unknown issuer";
    case DocumentMatchKind::kOcr:
      return "number with OCR confusions";
    case DocumentMatchKind::kOcrIssuerFree:
      return "number with OCR confusions, other issuer";
    case DocumentMatchKind::kNone:
      break;
  }
  return "none";
}

double score_of(DocumentMatchKind k) {
  switch (k) {
    case DocumentMatchKind::kExact:
      return 1.0;
    case DocumentMatchKind::kIssuerFree:
      return 0.95;
    case DocumentMatchKind::kOcr:
      return 0.9;
    case DocumentMatchKind::kOcrIssuerFree:
      return 0.85;
    case DocumentMatchKind::kNone:
      break;
  }
  return 0;
}

}  // namespace bw::watchlist
