// archive grade NO [SCHEME:]CODE [--reason TEXT] | archive grade --auto [--dry-run]
#include <fmt/format.h>

#include <memory>

#include "archive/app/grades.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

namespace {

struct GradeOptions {
  std::string archive_no;
  std::string grade;
  std::string reason;
  bool automatic = false;
  bool dry_run = false;
};

void check_usage(const GradeOptions& o, const CLI::App& sub) {
  const bool reason_given = sub.count("--reason") > 0;
  if (o.automatic) {
    if (!o.archive_no.empty() || !o.grade.empty() || reason_given) {
      throw Error(Exit::kUsage, tr("--auto takes no archive number, grade or --reason"));
    }
    return;
  }
  if (o.dry_run) throw Error(Exit::kUsage, tr("--dry-run goes with --auto"));
  if (o.archive_no.empty() || o.grade.empty()) {
    throw Error(Exit::kUsage, tr("give an archive number and a grade ([SCHEME:]CODE), or --auto"));
  }
}

std::string shown(const std::string& code) { return code.empty() ? "—" : code; }

}  // namespace

Runner install_grade(CLI::App& sub) {
  auto opts = std::make_shared<GradeOptions>();
  sub.add_option("NO", opts->archive_no, tr("archive number"));
  sub.add_option("CODE", opts->grade, tr("the grade: CODE, SCHEME:CODE or a grade's label"));
  sub.add_option("--reason", opts->reason, tr("why, kept in the grade history"));
  sub.add_flag("--auto", opts->automatic, tr("apply the grade rules of the config"));
  sub.add_flag("--dry-run", opts->dry_run,
               tr("with --auto: show what would change, change nothing"));
  return [opts, &sub](Context& ctx) {
    check_usage(*opts, sub);
    if (opts->automatic) {
      auto result = app::auto_grade(ctx.session, opts->dry_run);
      ctx.print(result.changes);
      if (result.count == 0) {
        ctx.info(tr("no grade changes"));
      } else if (opts->dry_run) {
        ctx.info(result.count == 1
                     ? std::string(tr("1 grade would be changed"))
                     : fmt::format(fmt::runtime(tr("{} grades would be changed")), result.count));
      } else {
        ctx.info(result.count == 1
                     ? std::string(tr("1 grade changed"))
                     : fmt::format(fmt::runtime(tr("{} grades changed")), result.count));
      }
      return 0;
    }
    auto result = app::set_grade(ctx.session, opts->archive_no, opts->grade, opts->reason);
    if (!result.changed) {
      ctx.info(fmt::format(fmt::runtime(tr("{} already has {}:{}")), result.archive_no,
                           result.scheme, result.to));
    } else {
      ctx.info(fmt::format("{}: {} {} -> {}", result.archive_no, result.scheme, shown(result.from),
                           result.to));
    }
    return 0;
  };
}

}  // namespace archive::cli
