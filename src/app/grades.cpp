// `archive grade`: by hand and by the config's rules, always through apply_grade().
#include "archive/app/grades.h"
#include "archive/app/lookup.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "archive/app/customers.h"
#include "archive/app/grading.h"
#include "archive/domain/check.h"
#include "archive/domain/text.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "archive/store/customers.h"
#include "archive/store/rules.h"

namespace archive::app {

namespace {

using report::Cell;
using report::CellType;

domain::Customer load_gradable(store::CustomerRepo& repo, const std::string& raw_no) {
  auto c = load_live_archive(repo, raw_no);
  if (c.status == "closed") {
    throw Error(Exit::kPolicy,
                fmt::format(fmt::runtime(tr("archive {} is closed (since {}); reopen it to grade")),
                            c.archive_no, c.closed_on));
  }
  return c;
}

store::FactsShape facts_shape(const config::Config& config) {
  store::FactsShape shape;
  for (const auto& s : config.schemes) shape.schemes.push_back(s.name);
  for (const auto& f : config.fields) {
    if (f.type == domain::FieldType::kInteger) shape.fields.push_back({f.key, false});
    if (f.type == domain::FieldType::kMoney) shape.fields.push_back({f.key, true});
  }
  return shape;
}

bool is_terminal(const config::Config& config, const std::string& scheme, const std::string& code) {
  if (code.empty()) return false;
  const auto* s = config.find_scheme(scheme);
  const auto* g = s ? s->find(code) : nullptr;
  return g && !g->follow_up_days;
}

struct Change {
  std::int64_t customer_id = 0;
  std::string archive_no;
  std::string name;
  std::size_t scheme_index = 0;
  std::string scheme;
  std::string from;
  std::string to;
  std::string rule;
};

}  // namespace

GradeResult set_grade(const Session& session, const std::string& archive_no,
                      const std::string& grade, const std::string& reason) {
  const auto ref = resolve_grade(session.config, grade);
  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::CustomerRepo repo(db);
  const auto c = load_gradable(repo, archive_no);
  GradeResult result{c.archive_no, ref.scheme, "", ref.code, false};
  for (const auto& g : repo.grades(c.id)) {
    if (g.scheme == ref.scheme) result.from = g.code;
  }
  if (!apply_grade(db, session, c.id, ref, domain::trim(reason))) return result;
  audit(db, session, "grade", c.archive_no, ref.scheme);
  tx.commit();
  result.changed = true;
  return result;
}

AutoGradeResult auto_grade(const Session& session, bool dry_run) {
  const auto& config = session.config;
  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(
      db, dry_run ? store::Transaction::Kind::kRead : store::Transaction::Kind::kWrite);
  store::CustomerRepo repo(db);
  store::RuleFacts facts(db, facts_shape(config));

  // Every rule is evaluated before anything is written or printed.
  std::map<std::pair<std::int64_t, std::string>, Change> chosen;  // first rule per scheme
  for (const auto& rule : config.grade_rules) {
    const auto context = fmt::format(fmt::runtime(tr("grade rule {}: when")), rule.name);
    for (const auto& m : facts.match(rule.scheme, rule.when, context)) {
      if (m.current == rule.grade || is_terminal(config, rule.scheme, m.current)) continue;
      const auto key = std::make_pair(m.customer_id, rule.scheme);
      if (chosen.count(key)) continue;
      Change change;
      change.customer_id = m.customer_id;
      change.archive_no = m.archive_no;
      change.scheme = rule.scheme;
      change.from = m.current;
      change.to = rule.grade;
      change.rule = rule.name;
      for (std::size_t i = 0; i < config.schemes.size(); ++i) {
        if (config.schemes[i].name == rule.scheme) change.scheme_index = i;
      }
      chosen.emplace(key, std::move(change));
    }
  }
  std::vector<Change> changes;
  for (auto& [key, change] : chosen) changes.push_back(std::move(change));
  std::sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
    return std::tie(a.archive_no, a.scheme_index) < std::tie(b.archive_no, b.scheme_index);
  });

  AutoGradeResult result;
  auto& t = result.changes;
  t.name = "grade_auto";
  t.title = dry_run ? tr("grade changes the rules would make") : tr("grade changes by the rules");
  t.show_title = false;
  t.columns = {{"archive_no", tr("archive_no"), CellType::kText},
               {"name", tr("name"), CellType::kText},
               {"scheme", tr("scheme"), CellType::kText},
               {"from", tr("from"), CellType::kText},
               {"to", tr("to"), CellType::kText},
               {"rule", tr("rule"), CellType::kText}};
  for (auto& change : changes) {
    if (auto c = repo.find_by_no(change.archive_no)) change.name = c->get("name");
    t.add_row({Cell::text(change.archive_no), Cell::text_or_null(change.name),
               Cell::text(change.scheme), Cell::text_or_null(change.from), Cell::text(change.to),
               Cell::text(change.rule)});
  }
  result.count = changes.size();
  if (dry_run || changes.empty()) return result;
  for (const auto& change : changes) {
    if (apply_grade(db, session, change.customer_id, {change.scheme, change.to},
                    "rule " + change.rule)) {
      audit(db, session, "grade", change.archive_no, change.scheme);
    }
  }
  tx.commit();
  return result;
}

}  // namespace archive::app
