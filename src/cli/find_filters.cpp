// Options and checks of the customer filters.
#include "find_filters.h"

#include "context.h"

#include <fmt/format.h>

#include "archive/app/customers.h"
#include "archive/domain/check.h"
#include "archive/error.h"
#include "archive/i18n.h"

namespace archive::cli {

void add_find_filters(CLI::App& sub, FindFilterOptions& o) {
  sub.add_option("--grade", o.grade, tr("only customers with this grade ([SCHEME:]CODE)"));
  sub.add_option("--owner", o.owner, tr("only customers of this rep"));
  sub.add_option("--kind", o.kind, tr("only this kind (individual, company, …)"));
  sub.add_option("--status", o.status, tr("only this status (active, closed, destroyed)"));
  sub.add_option("--region", o.region, tr("only this region code"));
  sub.add_option("--source", o.source, tr("only this source channel"));
  sub.add_option("--limit", o.limit, tr("at most N rows"))->check(positive_number());
}

namespace {

std::string checked(domain::EnumKind kind, const std::string& option, const std::string& text) {
  if (text.empty()) return {};
  auto result = domain::check_enum(kind, text);
  if (!result.ok()) {
    throw Error(Exit::kUsage, fmt::format(fmt::runtime(tr("{} {}: {}")), option, text,
                                          tr_problem(result.problem)));
  }
  return result.value;
}

}  // namespace

store::CustomerFilter make_filter(const app::Session& session, const FindFilterOptions& o,
                                  const std::string& text) {
  store::CustomerFilter f;
  f.text = text;
  if (!o.grade.empty()) {
    try {
      auto ref = app::resolve_grade(session.config, o.grade);
      f.grade_scheme = ref.scheme;
      f.grade_code = ref.code;
    } catch (const Error& e) {  // a filter, not data: a malformed argument
      throw Error(Exit::kUsage, e.what());
    }
  }
  f.owner = o.owner;
  if (auto it = session.config.staff.find(o.owner); it != session.config.staff.end()) {
    f.owner = it->second;
  }
  f.kind = checked(domain::EnumKind::kKind, "--kind", o.kind);
  f.status = checked(domain::EnumKind::kStatus, "--status", o.status);
  f.source = checked(domain::EnumKind::kSource, "--source", o.source);
  if (!o.region.empty()) {
    auto r = domain::check_region(o.region);
    if (!r.ok())
      throw Error(Exit::kUsage, fmt::format(fmt::runtime(tr("{} {}: {}")), "--region", o.region,
                                            tr_problem(r.problem)));
    f.region = r.value;
  }
  f.limit = o.limit;
  return f;
}

}  // namespace archive::cli
