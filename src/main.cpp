// archive: builds the command line from the command table, resolves flags, environment and
// config into a Session, runs one subcommand, and maps every error to its exit status here,
// in the one place that prints it.
#include <fmt/format.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>
#include <CLI/CLI.hpp>
#include <chrono>
#include <clocale>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include "archive/build_info.h"
#include "archive/config/config.h"
#include "archive/domain/date.h"
#include "archive/domain/text.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "archive/io/encoding.h"
#include "cli/context.h"

namespace fs = std::filesystem;
using archive::Error;
using archive::Exit;
using archive::tr;

namespace {

struct Globals {
  std::string db;
  std::string config;
  std::string format = "table";
  std::string today;
  std::string op;
  std::string color = "auto";
  int wait_seconds = 30;
  bool unmask = false;
  bool bom = false;
  bool quiet = false;
};

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

fs::path home() {
  if (auto h = env("HOME"); !h.empty()) return h;
  if (const passwd* pw = getpwuid(geteuid())) return pw->pw_dir;
  return "/";
}

fs::path xdg(const char* variable, const char* fallback) {
  auto value = env(variable);
  return value.empty() ? home() / fallback : fs::path(value);
}

fs::path executable_dir() {
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

// share/locale beside the binary (build tree and installed tree alike), else the install
// prefix compiled in.
std::string locale_dir() {
  auto beside = executable_dir() / ".." / "share" / "locale";
  std::error_code ec;
  if (fs::is_directory(beside, ec)) return beside.lexically_normal().string();
  return (fs::path(archive::kInstallDataDir) / "locale").string();
}

// Command-line arguments from a GBK terminal are not UTF-8: read them as GB18030 and say so,
// or refuse them.
std::vector<std::string> utf8_arguments(int argc, char** argv, std::vector<std::string>& notes) {
  std::vector<std::string> args;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg(argv[i]);
    if (archive::domain::is_valid_utf8(arg)) {
      args.emplace_back(arg);
      continue;
    }
    auto converted = archive::io::to_utf8(arg, "GB18030");
    if (!converted) {
      throw Error(Exit::kUsage, fmt::format(fmt::runtime(tr("argument {} is neither UTF-8 nor "
                                                            "GB18030 text")),
                                            i));
    }
    notes.push_back(fmt::format(fmt::runtime(tr("argument {} was not UTF-8; read it as GB18030: "
                                                "{}")),
                                i, *converted));
    args.push_back(*converted);
  }
  return args;
}

// --config before parsing, so the configured language already applies to --help.
std::optional<fs::path> config_path(const std::vector<std::string>& args, bool& required) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--") break;
    if (args[i] == "--config" && i + 1 < args.size()) {
      required = true;
      return fs::path(args[i + 1]);
    }
    if (args[i].rfind("--config=", 0) == 0) {
      required = true;
      return fs::path(args[i].substr(9));
    }
  }
  if (auto from_env = env("ARCHIVE_CONFIG"); !from_env.empty()) {
    required = true;
    return fs::path(from_env);
  }
  required = false;
  return xdg("XDG_CONFIG_HOME", ".config") / "archive" / "config.toml";
}

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

archive::domain::Date local_today() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return *archive::domain::Date::from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

archive::domain::Date business_date(const Globals& g) {
  std::string source = "--today";
  std::string text = g.today;
  if (text.empty()) {
    source = "ARCHIVE_TODAY";
    text = env("ARCHIVE_TODAY");
  }
  if (text.empty()) return local_today();
  auto date = archive::domain::parse_date(text);
  if (!date) {
    throw Error(Exit::kUsage,
                fmt::format(fmt::runtime(tr("{} {}: not a date (YYYY-MM-DD)")), source, text));
  }
  return *date;
}

std::string os_login() {
  if (const passwd* pw = getpwuid(geteuid())) return pw->pw_name;
  if (auto name = env("LOGNAME"); !name.empty()) return name;
  return std::to_string(geteuid());
}

bool want_color(const std::string& mode) {
  if (!env("NO_COLOR").empty()) return false;
  if (mode == "always") return true;
  if (mode == "never") return false;
  return isatty(STDOUT_FILENO) && env("TERM") != "dumb";
}

int run(int argc, char** argv) {
  // Until the user's file is read, messages (a broken config, a bad argument) follow
  // $LANGUAGE or the shipped language.
  const bool language_from_env = !env("LANGUAGE").empty();
  archive::set_message_language(language_from_env ? "" : archive::config::shipped_lang(),
                                locale_dir());
  std::vector<std::string> notes;
  auto args = utf8_arguments(argc, argv, notes);

  // The configuration comes first so its language applies to help and messages; an error
  // in it is reported after parsing, so `--help` still works with a broken file.
  bool config_required = false;
  const auto user_config = config_path(args, config_required);
  std::optional<archive::config::Config> config;
  std::optional<Error> config_error;
  try {
    config = archive::config::load_config(user_config, config_required);
  } catch (const Error& e) {
    config_error = e;
  }
  if (config && !language_from_env) archive::set_message_language(config->lang, locale_dir());

  CLI::App app{tr("archive: customer archives (客户档案) for the back office"), "archive"};
  app.set_version_flag("--version", std::string(archive::kVersion));
  app.require_subcommand(1);
  app.fallthrough();
  Globals g;
  app.add_option("--db", g.db,
                 tr("database file (default: $ARCHIVE_DB, else "
                    "$XDG_DATA_HOME/archive/archive.db)"));
  app.add_option("--config", g.config,
                 tr("config file (default: $ARCHIVE_CONFIG, else "
                    "$XDG_CONFIG_HOME/archive/config.toml)"));
  app.add_option("--format", g.format, tr("output: table, csv, md or json"))
      ->check(CLI::IsMember({"table", "csv", "md", "markdown", "json"}));
  app.add_option("--today", g.today,
                 tr("the business date (default: $ARCHIVE_TODAY, else the "
                    "clock)"));
  app.add_option("--operator", g.op, tr("who is acting (default: the [staff] name of the login)"));
  app.add_flag("--unmask", g.unmask, tr("show mobile and ID numbers in full (audited)"));
  app.add_flag("--bom", g.bom, tr("start CSV output with a byte-order mark, for Excel"));
  app.add_option("--color", g.color, tr("colour: auto, always or never"))
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("-q,--quiet", g.quiet, tr("no informational messages on stderr"));
  app.add_option("--wait", g.wait_seconds,
                 tr("seconds to wait for another command's write to finish (default 30)"))
      ->check(archive::cli::positive_number());

  std::map<const CLI::App*, archive::cli::Runner> runners;
  for (const auto& spec : archive::cli::command_table()) {
    auto* sub = app.add_subcommand(spec.name, tr(spec.summary));
    sub->fallthrough();
    runners[sub] = spec.install(*sub);
  }

  std::vector<std::string> reversed(args.rbegin(), args.rend() - 1);  // CLI11 wants them so
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 reports a mistyped command as a missing one; name what was typed instead.
    const auto extra = app.remaining();
    if (app.get_subcommands().empty() && !extra.empty() && extra.front().rfind('-', 0) != 0) {
      std::cerr << "archive: " << fmt::format(fmt::runtime(tr("unknown command {}")), extra.front())
                << '\n';
    } else {
      std::cerr << "archive: " << e.what() << '\n';
    }
    std::cerr << fmt::format(fmt::runtime(tr("run '{}' for the options")), "archive --help")
              << '\n';
    return static_cast<int>(Exit::kUsage);
  }
  if (config_error) throw *config_error;

  archive::cli::Context ctx;
  ctx.out = &std::cout;
  ctx.err = &std::cerr;
  ctx.quiet = g.quiet;
  for (const auto& note : notes) ctx.warn(note);
  ctx.format = *archive::report::parse_format(g.format);
  ctx.format_given = app.count("--format") > 0;
  ctx.render.bom = g.bom;
  ctx.render.color = want_color(g.color);

  auto& s = ctx.session;
  s.config = std::move(*config);
  if (!g.db.empty()) {
    s.db_path = g.db;
  } else if (auto from_env = env("ARCHIVE_DB"); !from_env.empty()) {
    s.db_path = from_env;
  } else {
    s.db_path = xdg("XDG_DATA_HOME", ".local/share") / "archive" / "archive.db";
    s.db_is_default = true;
  }
  s.today = business_date(g);
  s.now_utc = utc_now();
  s.os_login = os_login();
  if (!g.op.empty()) {
    s.op = archive::domain::trim(g.op);
  } else if (auto it = s.config.staff.find(s.os_login); it != s.config.staff.end()) {
    s.op = it->second;
  } else {
    s.op = s.os_login;
  }
  s.unmask = g.unmask;
  s.busy_timeout_ms = g.wait_seconds * 1000;

  for (const auto& [sub, runner] : runners) {
    if (sub->parsed()) {
      int status = runner(ctx);
      std::cout.flush();
      if (!std::cout) throw Error(Exit::kIo, tr("cannot write to standard output"));
      return status;
    }
  }
  return static_cast<int>(Exit::kUsage);
}

}  // namespace

int main(int argc, char** argv) {
  umask(077);  // the database, its -wal/-shm, exports and reject files: owner only
  // One thread of this process ever touches SQLite (import's digest thread does not), so
  // SQLite's own mutexes and allocation statistics are only overhead.
  sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  // Messages follow the configured language even under cron's plain C locale: C.UTF-8 is
  // enough for gettext's LANGUAGE to apply.
  const char* locale = std::setlocale(LC_ALL, "");
  if (!locale || std::string_view(locale) == "C" || std::string_view(locale) == "POSIX") {
    std::setlocale(LC_ALL, "C.UTF-8");
  }
  try {
    return run(argc, argv);
  } catch (const Error& e) {
    std::cerr << "archive: " << e.what() << '\n';
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cerr << "archive: " << tr("internal error: ") << e.what() << '\n';
    return static_cast<int>(Exit::kInternal);
  }
}
