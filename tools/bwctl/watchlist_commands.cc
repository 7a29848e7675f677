#include "watchlist_commands.h"

#include <fstream>
#include <iostream>
#include <sstream>
#include <string_view>

#include "control_request.h"
#include "import_upload.h"
#include "json/writer.h"

namespace bwctl {

namespace {

using bw::json::Value;

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The import format follows the file name: .jsonl/.ndjson JSON Lines, .xml an OFAC sdnList,
// anything else CSV.
std::string watchlist_format_of(const std::string& file) {
  const auto ends = [&](std::string_view ext) {
    return file.size() >= ext.size() &&
           file.compare(file.size() - ext.size(), ext.size(), ext) == 0;
  };
  if (ends(".jsonl") || ends(".ndjson")) return "jsonl";
  if (ends(".xml")) return "ofac";
  return "csv";
}

// Sends the whole file in one request, or as a staged upload when it is large, so no single
// request has to carry all of it. Prints the reply with --json either way.
std::optional<Value> send_import(const Globals& g, const std::string& name, std::string text,
                                 const std::string& format, bool skip_bad) {
  if (text.size() > kUploadChunkBytes) {
    auto reply = upload_in_chunks(g, name, text, format, skip_bad, kUploadChunkBytes);
    if (reply && g.json) std::cout << bw::json::to_string(*reply) << "\n";
    return reply;
  }
  Value req;
  req.set("name", name);
  req.set("text", std::move(text));
  req.set("skip_bad", skip_bad);
  req.set("format", format);
  return control_request(g, "watchlist.import", std::move(req), "watchlist import");
}

}  // namespace

int watchlist_import(const Globals& g, const std::string& name, const std::string& file,
                     bool skip_bad) {
  auto text = read_file(file);
  if (!text) {
    std::cerr << "bwctl: cannot read " << file << "\n";
    return 2;
  }
  const bool chunked = text->size() > kUploadChunkBytes;
  auto reply = send_import(g, name, std::move(*text), watchlist_format_of(file), skip_bad);
  if (!reply) return 2;
  if (g.json) return reply_ok(*reply) ? 0 : 1;
  if (const auto* p = reply->find("problems"); p && p->is_array()) {
    for (const auto& line : p->as_array()) std::cerr << file << ": " << line.as_string() << "\n";
  }
  if (!reply_ok(*reply)) {
    // A single request's refusal was printed by control_request; a staged upload's was not.
    if (chunked) std::cerr << "watchlist import: " << reply->string_or("error") << "\n";
    return 1;
  }
  std::cout << "watchlist " << name << ": "
            << static_cast<uint64_t>(reply->number_or("imported", 0)) << " "
            << reply->string_or("kind") << " entries imported";
  const auto skipped = static_cast<uint64_t>(reply->number_or("problem_count", 0));
  if (skipped > 0) std::cout << ", " << skipped << " bad rows skipped";
  std::cout << "\n";
  return 0;
}

int watchlist_list(const Globals& g) {
  auto reply = control_request(g, "watchlist.list", Value(), "watchlist list");
  if (!reply) return 2;
  if (g.json || !reply_ok(*reply)) return reply_ok(*reply) ? 0 : 1;
  if (const auto* lists = reply->find("watchlists"); lists && lists->is_array()) {
    for (const auto& l : lists->as_array()) {
      std::cout << l.string_or("name") << "  " << l.string_or("kind") << "  "
                << static_cast<uint64_t>(l.number_or("count", 0)) << " entries  imported "
                << l.string_or("imported_at") << " by " << l.string_or("imported_by") << "\n";
    }
  }
  return 0;
}

}  // namespace bwctl
