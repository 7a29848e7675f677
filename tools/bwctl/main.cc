// bwctl: the operator and duty-officer command line. Parses arguments, calls commands.cc.
#include <CLI/CLI.hpp>

#include "alert_commands.h"
#include "backtest_command.h"
#include "clearance_commands.h"
#include "commands.h"
#include "console.h"
#include "rules_commands.h"
#include "rules_test_command.h"
#include "silence_commands.h"
#include "version_commands.h"
#include "watchlist_commands.h"

int main(int argc, char** argv) {
  CLI::App app{"bwctl: control borderwatchd (rules, watchlists, alerts, status)"};
  app.require_subcommand(1);
  bwctl::Globals g;
  app.add_option("-c,--config", g.config_path, "daemon config (for endpoints and checkpoints)")
      ->capture_default_str();
  app.add_option("--control", g.control_endpoint, "control endpoint (overrides the config)");
  app.add_option("--alerts", g.alerts_endpoint, "alerts endpoint (overrides the config)");
  app.add_flag("--json", g.json, "print replies as JSON");
  app.add_option("--timeout-ms", g.timeout_ms, "reply timeout")->capture_default_str();
  app.add_option("--server-key", g.server_key, "daemon's CURVE public key file (with --key)");
  app.add_option("--key", g.key, "own CURVE key pair BASE (BASE.pub, BASE.key)");
  int rc = 0;

  app.add_subcommand("status", "daemon status and counters")->callback([&] {
    rc = bwctl::status(g);
  });

  uint64_t audit_from = 1;
  size_t audit_limit = 100;
  auto* audit = app.add_subcommand("audit", "who changed rules, watchlists and alert states");
  audit->add_option("--from", audit_from, "first record number")->capture_default_str();
  audit->add_option("--limit", audit_limit, "at most this many (max 1000)")->capture_default_str();
  audit->callback([&] { rc = bwctl::audit_list(g, audit_from, audit_limit); });

  auto* keys = app.add_subcommand("keys", "CURVE key pairs")->require_subcommand(1);
  std::string key_base;
  auto* generate = keys->add_subcommand("generate", "write BASE.key (0600) and BASE.pub");
  generate->add_option("base", key_base, "path without extension")->required();
  generate->callback([&] { rc = bwctl::keys_generate(key_base); });

  auto* rules = app.add_subcommand("rules", "rule sets")->require_subcommand(1);
  std::vector<std::string> check_paths;
  auto* check = rules->add_subcommand("check", "compile rule files offline (no daemon needed)");
  check->add_option("paths", check_paths, "rule files or directories")->required();
  check->callback([&] { rc = bwctl::rules_check(g, check_paths); });
  std::vector<std::string> test_paths;
  bool test_verbose = false;
  auto* test =
      rules->add_subcommand("test", "run the test cases in rule files offline (no daemon needed)");
  test->add_option("paths", test_paths, "rule files or directories")->required();
  test->add_flag("-v,--verbose", test_verbose, "list passing tests too");
  test->callback([&] { rc = bwctl::rules_test(g, test_paths, test_verbose); });
  bwctl::BacktestOptions backtest_opts;
  auto* backtest = rules->add_subcommand(
      "backtest", "replay stored events through candidate stateful rules (read-only, offline)");
  backtest->add_option("paths", backtest_opts.paths, "rule files or directories")->required();
  backtest->add_option("--from", backtest_opts.from, "first event time, RFC 3339")->required();
  backtest->add_option("--to", backtest_opts.to, "end event time (exclusive), RFC 3339")
      ->required();
  backtest->add_option("--state-dir", backtest_opts.state_dir,
                       "daemon database directory (default: the config's state_dir)");
  backtest->callback([&] { rc = bwctl::rules_backtest(g, backtest_opts); });
  std::string load_path;
  auto* load = rules->add_subcommand("load", "load a rule file or directory into the daemon");
  load->add_option("path", load_path, "rule file or directory")->required();
  load->callback([&] { rc = bwctl::rules_load(g, load_path); });
  rules->add_subcommand("reload", "re-read the daemon's rules directory (like SIGHUP)")
      ->callback([&] { rc = bwctl::rules_reload(g); });
  rules->add_subcommand("list", "active rules")->callback([&] { rc = bwctl::rules_list(g); });
  rules->add_subcommand("history", "stored rule-set versions")->callback([&] {
    rc = bwctl::rules_history(g);
  });
  std::string shadow_path;
  auto* shadow =
      rules->add_subcommand("shadow", "run a candidate rule set beside the active one, no alerts");
  shadow->add_option("path", shadow_path, "rule file or directory")->required();
  shadow->callback([&] { rc = bwctl::rules_shadow(g, shadow_path); });
  rules
      ->add_subcommand("shadow-report",
                       "what the candidate fired that the active set did not, and the reverse")
      ->callback([&] { rc = bwctl::rules_shadow_report(g); });
  rules->add_subcommand("shadow-stop", "stop shadow mode")->callback([&] {
    rc = bwctl::rules_shadow_stop(g);
  });
  uint64_t diff_from = 0, diff_to = 0, rollback_to = 0;
  auto* diff = rules->add_subcommand("diff", "what changed between two stored versions");
  diff->add_option("from", diff_from, "older version")->required();
  diff->add_option("to", diff_to, "newer version")->required();
  diff->callback([&] { rc = bwctl::rules_diff(g, diff_from, diff_to); });
  auto* rollback = rules->add_subcommand("rollback", "make a stored version active again");
  rollback->add_option("version", rollback_to, "version to return to")->required();
  rollback->callback([&] { rc = bwctl::rules_rollback(g, rollback_to); });

  auto* wl = app.add_subcommand("watchlist", "watchlists")->require_subcommand(1);
  std::string wl_name, wl_file;
  bool skip_bad = false;
  auto* wl_import = wl->add_subcommand(
      "import", "replace a watchlist with a CSV, JSON Lines (.jsonl) or OFAC XML (.xml) file");
  wl_import->add_option("name", wl_name, "list name, e.g. lost_stolen_documents")->required();
  wl_import->add_option("file", wl_file, "CSV, .jsonl or OFAC sdnList .xml file")->required();
  wl_import->add_flag("--skip-bad", skip_bad, "import the good rows even if some rows are bad");
  wl_import->callback([&] { rc = bwctl::watchlist_import(g, wl_name, wl_file, skip_bad); });
  wl->add_subcommand("list", "imported watchlists")->callback([&] {
    rc = bwctl::watchlist_list(g);
  });
  std::string ver_name, export_format;
  uint64_t ver_version = 0, wl_from = 0, wl_to = 0;
  auto* wl_show = wl->add_subcommand("show", "a list's versions: who, when, counts, source hash");
  wl_show->add_option("name", ver_name, "list name")->required();
  wl_show->callback([&] { rc = bwctl::watchlist_show(g, ver_name); });
  auto* wl_diff = wl->add_subcommand("diff", "entries added, removed, changed between versions");
  wl_diff->add_option("name", ver_name, "list name")->required();
  wl_diff->add_option("from", wl_from, "older version")->required();
  wl_diff->add_option("to", wl_to, "newer version")->required();
  wl_diff->callback([&] { rc = bwctl::watchlist_diff(g, ver_name, wl_from, wl_to); });
  auto* wl_rollback = wl->add_subcommand("rollback", "put a stored version back in force");
  wl_rollback->add_option("name", ver_name, "list name")->required();
  wl_rollback->add_option("version", ver_version, "version to restore")->required();
  wl_rollback->callback([&] { rc = bwctl::watchlist_rollback(g, ver_name, ver_version); });
  auto* wl_export = wl->add_subcommand("export", "print a version, importable again");
  wl_export->add_option("name", ver_name, "list name")->required();
  wl_export->add_option("--version", ver_version, "version (default: the one in force)");
  wl_export->add_option("--format", export_format, "csv or jsonl (default: as imported)");
  wl_export->callback(
      [&] { rc = bwctl::watchlist_export(g, ver_name, ver_version, export_format); });
  bwctl::ClearOptions clear_opts;
  auto* wl_clear = wl->add_subcommand(
      "clear", "clear a hit as a false positive for one traveller and one list entry");
  wl_clear->add_option("list", clear_opts.list, "watchlist name")->required();
  wl_clear->add_option("entry", clear_opts.entry, "the entry as the alert shows it")->required();
  wl_clear->add_option("--document", clear_opts.document, "traveller's document COUNTRY:NUMBER");
  wl_clear->add_option("--name", clear_opts.name, "traveller's name (when no document)");
  wl_clear->add_option("--birth-date", clear_opts.birth_date, "traveller's birth date");
  wl_clear->add_option("--for", clear_opts.duration, "how long: 12h, 30d (at most 90d)");
  wl_clear->add_option("--until", clear_opts.until, "end time (RFC 3339, at most 366 days)");
  wl_clear->add_option("--reason", clear_opts.reason, "why it is a false positive")->required();
  wl_clear->callback([&] { rc = bwctl::watchlist_clear(g, clear_opts); });
  bool clearances_all = false;
  auto* wl_clearances = wl->add_subcommand("clearances", "clearances in force");
  wl_clearances->add_flag("--all", clearances_all, "include expired and revoked ones");
  wl_clearances->callback([&] { rc = bwctl::watchlist_clearances(g, clearances_all); });
  std::string revoke_id, revoke_reason;
  auto* wl_revoke = wl->add_subcommand("revoke", "end a clearance now");
  wl_revoke->add_option("id", revoke_id, "clearance id (from clearances)")->required();
  wl_revoke->add_option("--reason", revoke_reason, "why it ends early");
  wl_revoke->callback([&] { rc = bwctl::watchlist_revoke(g, revoke_id, revoke_reason); });

  auto* alerts = app.add_subcommand("alerts", "alerts")->require_subcommand(1);
  uint64_t since_seq = 1, tail_from = 0;
  size_t since_limit = 100, tail_max = 0;
  std::string tail_priority, tail_checkpoint;
  auto* since = alerts->add_subcommand("since", "stored alerts from a sequence number");
  since->add_option("seq", since_seq, "first sequence number")->required();
  since->add_option("--limit", since_limit, "at most this many (max 1000)")->capture_default_str();
  since->callback([&] { rc = bwctl::alerts_since(g, since_seq, since_limit); });
  bwctl::AlertListOptions list_opts;
  auto* list = alerts->add_subcommand("list", "stored alerts, newest first, with their state");
  list->add_option("--state", list_opts.state, "open, acknowledged or resolved");
  list->add_option("--priority", list_opts.priority, "info, low, medium, high or critical");
  list->add_option("--checkpoint", list_opts.checkpoint, "checkpoint id");
  list->add_option("--rule", list_opts.rule, "rule name");
  list->add_option("--since", list_opts.since, "raised at or after (RFC 3339)");
  list->add_option("--until", list_opts.until, "raised before (RFC 3339)");
  list->add_option("--limit", list_opts.limit, "at most this many (max 1000)")
      ->capture_default_str();
  list->callback([&] { rc = bwctl::alerts_list(g, list_opts); });
  uint64_t work_seq = 0;
  std::string note, outcome;
  auto* show = alerts->add_subcommand("show", "one alert: rules, fields, officers' history");
  show->add_option("seq", work_seq, "alert sequence number")->required();
  show->callback([&] { rc = bwctl::alerts_show(g, work_seq); });
  auto* ack = alerts->add_subcommand("ack", "acknowledge an alert (you are working on it)");
  ack->add_option("seq", work_seq, "alert sequence number")->required();
  ack->add_option("--note", note, "free text");
  ack->callback([&] { rc = bwctl::alerts_ack(g, work_seq, note); });
  auto* resolve = alerts->add_subcommand("resolve", "close an alert with an outcome");
  resolve->add_option("seq", work_seq, "alert sequence number")->required();
  resolve->add_option("--outcome", outcome, "confirmed, false_positive or referred")->required();
  resolve->add_option("--note", note, "free text");
  resolve->callback([&] { rc = bwctl::alerts_resolve(g, work_seq, outcome, note); });
  auto* tail = alerts->add_subcommand("tail", "follow alerts live; nothing is missed");
  tail->add_option("--from", tail_from, "replay from this sequence number first (0: new only)");
  tail->add_option("--priority", tail_priority, "only this priority (info..critical)");
  tail->add_option("--checkpoint", tail_checkpoint, "only this checkpoint id");
  tail->add_option("--max", tail_max, "stop after this many alerts (0: never)");
  tail->callback(
      [&] { rc = bwctl::alerts_tail(g, tail_from, tail_priority, tail_checkpoint, tail_max); });

  auto* silence = alerts->add_subcommand("silence", "stop pushing matching alerts for a while")
                      ->require_subcommand(1);
  bwctl::SilenceAddOptions silence_opts;
  auto* silence_add = silence->add_subcommand("add", "silence alerts matching every --match");
  silence_add
      ->add_option("--match", silence_opts.matchers,
                   "NAME=VALUE: rule, tag, checkpoint, priority or a field name (repeatable)")
      ->required();
  silence_add->add_option("--for", silence_opts.duration, "how long: 30m, 2h, 1d");
  silence_add->add_option("--until", silence_opts.until, "end time (RFC 3339)");
  silence_add->add_option("--start", silence_opts.start, "start time (RFC 3339; default now)");
  silence_add->add_option("--reason", silence_opts.reason, "why (recorded)")->required();
  silence_add->callback([&] { rc = bwctl::silence_add(g, silence_opts); });
  bool silence_all = false;
  auto* silence_list = silence->add_subcommand("list", "active and pending silences");
  silence_list->add_flag("--all", silence_all, "include expired ones");
  silence_list->callback([&] { rc = bwctl::silence_list(g, silence_all); });
  std::string silence_id, expire_reason;
  auto* silence_expire = silence->add_subcommand("expire", "end a silence now");
  silence_expire->add_option("id", silence_id, "silence id (from list)")->required();
  silence_expire->add_option("--reason", expire_reason, "why it ends early");
  silence_expire->callback([&] { rc = bwctl::silence_expire(g, silence_id, expire_reason); });

  size_t console_rows = 20;
  auto* console = app.add_subcommand("console", "duty desk: open alerts, newest first, live");
  console->add_option("--rows", console_rows, "alerts per section")->capture_default_str();
  console->callback([&] { rc = bwctl::console(g, console_rows); });

  CLI11_PARSE(app, argc, argv);
  return rc;
}
