// archive import FILE [options] | archive import --revert BATCH [--force]: load customers from
// a spreadsheet as one batch, or undo a batch. Prints the batch number; progress and the
// summary go to stderr.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <memory>
#include <ostream>

#include "archive/app/import.h"
#include "archive/app/purge.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

namespace {

struct ImportOptions {
  std::string file;
  std::string sheet;
  std::string map;
  std::string encoding;
  std::string delimiter;
  std::string on_duplicate = "fail";
  std::string reject_file;
  bool skip_invalid = false;
  bool again = false;
  bool dry_run = false;
  std::string revert;
  bool force = false;
  bool progress = false;
};

// Set by the SIGINT handler; the import checks it before every row.
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_sigint(int /*signal*/) { g_interrupted.store(true); }

// Catches Ctrl-C while it lives, so the transaction can roll back and say so.
class SigintGuard {
 public:
  SigintGuard() {
    g_interrupted.store(false);
    struct sigaction action {};
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_);
  }
  ~SigintGuard() { sigaction(SIGINT, &previous_, nullptr); }
  SigintGuard(const SigintGuard&) = delete;
  SigintGuard& operator=(const SigintGuard&) = delete;

 private:
  struct sigaction previous_ {};
};

char parse_delimiter(const std::string& text) {
  if (text == "tab" || text == "\\t" || text == "\t") return '\t';
  if (text == "comma") return ',';
  if (text == "semicolon") return ';';
  if (text.size() == 1 && text[0] != '"' && text[0] != '\r' && text[0] != '\n') return text[0];
  throw Error(Exit::kUsage,
              fmt::format(fmt::runtime(tr("--delimiter {}: give one character, or tab")), text));
}

app::OnDuplicate parse_policy(const std::string& text) {
  if (text == "skip") return app::OnDuplicate::kSkip;
  if (text == "update") return app::OnDuplicate::kUpdate;
  return app::OnDuplicate::kFail;
}

// "12,345": digits grouped by thousands.
std::string grouped(std::size_t n) {
  auto digits = std::to_string(n);
  for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<std::size_t>(i), ",");
  }
  return digits;
}

// Progress on one stderr line, rewritten at most ten times a second.
class ProgressLine {
 public:
  explicit ProgressLine(std::ostream& err) : err_(err), start_(Clock::now()), last_(start_) {}
  void update(const app::ImportProgress& p) {
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const auto rate = seconds > 0 ? static_cast<std::size_t>(static_cast<double>(p.rows) / seconds)
                                  : std::size_t{0};
    err_ << "\r\033[K"
         << "archive: "
         << fmt::format(fmt::runtime(tr("{} rows, {} rows/s, {}%")), grouped(p.rows), grouped(rate),
                        static_cast<int>(p.fraction * 100.0))
         << std::flush;
    shown_ = true;
  }
  void clear() {
    if (shown_) err_ << "\r\033[K" << std::flush;
    shown_ = false;
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::ostream& err_;
  Clock::time_point start_;
  Clock::time_point last_;
  bool shown_ = false;
};

int run_revert(Context& ctx, const ImportOptions& o) {
  auto result = app::revert_batch(ctx.session, o.revert, o.force);
  ctx.info(fmt::format(fmt::runtime(tr("reverted {}: {} customers deleted, {} restored, {} "
                                       "values kept because they changed since")),
                       result.batch_no, result.deleted, result.restored, result.kept));
  return 0;
}

}  // namespace

Runner install_import(CLI::App& sub) {
  auto opts = std::make_shared<ImportOptions>();
  sub.add_option("FILE", opts->file, tr("the file: CSV, Excel \"Unicode text\" or XLSX"));
  sub.add_option("--sheet", opts->sheet, tr("the sheet of a workbook (default: the first)"));
  sub.add_option("--map", opts->map, tr("a mapping file of headers to fields (MAP.toml)"));
  sub.add_option("--encoding", opts->encoding,
                 tr("the text encoding (default: detected: UTF-8, UTF-16 or GB18030)"));
  sub.add_option("--delimiter", opts->delimiter,
                 tr("the field separator (default: detected: comma, semicolon or tab)"));
  sub.add_option("--on-duplicate", opts->on_duplicate,
                 tr("a row whose archive number or mobile exists: skip, update or fail "
                    "(default)"))
      ->check(CLI::IsMember({"skip", "update", "fail"}));
  sub.add_option("--reject-file", opts->reject_file,
                 tr("where rejected rows go (default: FILE's name with .rejects.csv)"));
  sub.add_flag("--skip-invalid", opts->skip_invalid,
               tr("import the good rows and reject the others (default: all or nothing)"));
  sub.add_flag("--again", opts->again, tr("import a file that was imported before"));
  sub.add_flag("--dry-run", opts->dry_run,
               tr("check every row and show what would happen; change nothing"));
  sub.add_option("--revert", opts->revert, tr("undo the import batch BATCH (B-…)"));
  sub.add_flag("--force", opts->force,
               tr("with --revert: also delete customers that have records since"));
  sub.add_flag("--progress", opts->progress,
               tr("show progress on stderr even when it is not a terminal"));
  return [opts, &sub](Context& ctx) {
    const auto& o = *opts;
    if (!o.revert.empty()) {
      for (const char* option :
           {"FILE", "--sheet", "--map", "--encoding", "--delimiter", "--on-duplicate",
            "--reject-file", "--skip-invalid", "--again", "--dry-run"}) {
        if (sub.count(option) > 0) {
          throw Error(Exit::kUsage,
                      fmt::format(fmt::runtime(tr("--revert takes a batch number and --force "
                                                  "only, not {}")),
                                  option));
        }
      }
      return run_revert(ctx, o);
    }
    if (o.force) throw Error(Exit::kUsage, tr("--force goes with --revert"));
    if (o.file.empty()) {
      throw Error(Exit::kUsage, tr("give the file to import, or --revert BATCH"));
    }
    app::ImportRequest request;
    request.file = o.file;
    if (!o.sheet.empty()) request.sheet = o.sheet;
    if (!o.map.empty()) request.map_file = o.map;
    if (!o.encoding.empty()) request.encoding = o.encoding;
    if (sub.count("--delimiter") > 0) request.delimiter = parse_delimiter(o.delimiter);
    request.on_duplicate = parse_policy(o.on_duplicate);
    if (!o.reject_file.empty()) request.reject_file = o.reject_file;
    request.skip_invalid = o.skip_invalid;
    request.again = o.again;
    request.dry_run = o.dry_run;

    SigintGuard sigint;
    request.interrupted = &g_interrupted;
    ProgressLine line(*ctx.err);
    const bool show_progress = !ctx.quiet && (o.progress || isatty(STDERR_FILENO) != 0);
    if (show_progress) {
      request.progress = [&line](const app::ImportProgress& p) { line.update(p); };
    }
    request.note = [&ctx, &line](const std::string& text) {
      line.clear();
      ctx.info(text);
    };

    app::ImportResult result;
    try {
      result = app::import_file(ctx.session, request);
    } catch (...) {
      line.clear();
      throw;
    }
    line.clear();
    const auto seconds = fmt::format("{:.1f}", result.seconds);
    if (o.dry_run) {
      ctx.print(result.rejects);
      ctx.info(fmt::format(fmt::runtime(tr("dry run of {}: {} rows would give {} created, {} "
                                           "updated, {} skipped, {} rejected; nothing was "
                                           "changed ({} s)")),
                           o.file, result.rows, result.created, result.updated, result.skipped,
                           result.rejected, seconds));
      if (result.rejected > result.rejects.row_count()) {
        ctx.info(fmt::format(fmt::runtime(tr("only the first {} rejected rows are listed")),
                             app::kDryRunRejectLimit));
      }
      if (result.rejected > 0 && !o.skip_invalid) {
        throw Error(Exit::kData,
                    fmt::format(fmt::runtime(tr("{}: {} of {} rows would be rejected (first: "
                                                "{})")),
                                o.file, result.rejected, result.rows, result.first_reject));
      }
      return 0;
    }
    *ctx.out << result.batch_no << '\n';
    if (result.reject_file.empty()) {
      ctx.info(fmt::format(fmt::runtime(tr("imported {} as {}: {} created, {} updated, {} "
                                           "skipped, {} rejected ({} s)")),
                           o.file, result.batch_no, result.created, result.updated, result.skipped,
                           result.rejected, seconds));
    } else {
      ctx.info(fmt::format(fmt::runtime(tr("imported {} as {}: {} created, {} updated, {} "
                                           "skipped, {} rejected, see {} ({} s)")),
                           o.file, result.batch_no, result.created, result.updated, result.skipped,
                           result.rejected, result.reject_file.string(), seconds));
    }
    // People whose archive was destroyed before (perhaps on their request) are flagged.
    for (const auto& [no, m] : app::batch_register_matches(ctx.session, result.batch_no)) {
      ctx.warn(app::register_warning(no, m));
    }
    return 0;
  };
}

}  // namespace archive::cli
