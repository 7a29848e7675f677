#include "rules/sources.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "rules/reader.h"

namespace bw::rules {

namespace fs = std::filesystem;

namespace {

Result<RuleSource> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Error{"cannot open rules file " + p.string()};
  std::string text(kMaxRuleFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return Error{"cannot read rules file " + p.string()};
  text.resize(static_cast<size_t>(in.gcount()));
  text.shrink_to_fit();
  return RuleSource{p.string(), std::move(text)};
}

bool is_rule_file(const fs::directory_entry& e) {
  std::error_code ec;
  const std::string name = e.path().filename().string();
  return e.is_regular_file(ec) && !name.empty() && name[0] != '.' &&
         e.path().extension() == ".yaml";
}

}  // namespace

Result<std::vector<RuleSource>> read_rule_sources(const std::string& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return Error{"rules path " + path + " does not exist"};
  std::vector<RuleSource> sources;
  if (!fs::is_directory(st)) {
    auto one = read_file(path);
    if (!one) return one.error();
    sources.push_back(std::move(*one));
    return sources;
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (is_rule_file(*it)) files.push_back(it->path());
  }
  if (ec) return Error{"cannot list rules directory " + path + ": " + ec.message()};
  if (files.empty()) return Error{"rules directory " + path + " has no *.yaml files"};
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return a.filename().string() < b.filename().string();
  });
  for (const auto& f : files) {
    auto one = read_file(f);
    if (!one) return one.error();
    sources.push_back(std::move(*one));
  }
  return sources;
}

}  // namespace bw::rules
