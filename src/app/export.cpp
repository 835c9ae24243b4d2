// `archive export`: the whole card of every selected customer, in the columns import maps
// back to the same fields.
#include "archive/app/export.h"

#include <fmt/format.h>

#include "archive/domain/fields.h"
#include "archive/domain/text.h"
#include "archive/i18n.h"
#include "archive/store/import_batches.h"

namespace archive::app {

report::Table export_customers(const Session& session, const store::CustomerFilter& filter) {
  using report::Cell;
  using report::CellType;
  if (session.unmask) require_unmask_allowed(session);
  auto db = open_db(session, OpenMode::kExisting);
  // A write transaction: confidential archives and --unmask are audited as they are read.
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::CustomerRepo repo(db);
  store::CustomerDetails details(db);
  auto f = filter;
  f.text = domain::trim(filter.text);
  const auto found = repo.search(f, session.config.default_scheme);

  report::Table t;
  t.name = "export";
  t.title = tr("customers");
  t.show_title = false;
  t.columns.push_back({"archive_no", tr("archive_no"), CellType::kText});
  const auto& builtin = domain::builtin_fields();
  for (const auto& def : builtin) {
    t.columns.push_back(
        {def.key, def.label, def.key == "birthday" ? CellType::kDate : CellType::kText});
  }
  for (const auto& def : session.config.fields) {
    t.columns.push_back(
        {def.key, def.label,
         def.type == domain::FieldType::kDate || def.type == domain::FieldType::kPastDate
             ? CellType::kDate
             : CellType::kText});
  }
  for (const auto& scheme : session.config.schemes) {
    t.columns.push_back({"grade_" + scheme.name, scheme.label, CellType::kText});
  }
  t.columns.push_back({"status", tr("status"), CellType::kText});
  t.columns.push_back({"created", tr("created"), CellType::kDate});
  t.columns.push_back({"closed_on", tr("closed_on"), CellType::kDate});

  std::size_t restricted = 0;
  for (const auto& c : found) {
    report::Row row;
    row.reserve(t.columns.size());
    row.push_back(Cell::text(c.archive_no));
    for (const auto& def : builtin) {
      std::string value = c.get(def.key);
      if (!session.unmask && !value.empty() && def.key == "mobile") {
        value = domain::mask_mobile(value);
      } else if (!session.unmask && !value.empty() && def.key == "id_number") {
        value = domain::mask_id_number(value);
      }
      row.push_back(def.key == "birthday" ? (value.empty() ? Cell::null() : Cell::date(value))
                                          : Cell::text_or_null(value));
    }
    const auto custom = c.status == "destroyed" ? std::vector<std::pair<std::string, std::string>>{}
                                                : details.custom_values(c.id);
    for (const auto& def : session.config.fields) {
      std::string value;
      for (const auto& [key, v] : custom) {
        if (key == def.key) value = v;
      }
      row.push_back(Cell::text_or_null(value));
    }
    const auto grades = details.grades(c.id);
    for (const auto& scheme : session.config.schemes) {
      std::string code;
      for (const auto& g : grades) {
        if (g.scheme == scheme.name) code = g.code;
      }
      row.push_back(Cell::text_or_null(code));
    }
    row.push_back(Cell::text(c.status));
    row.push_back(Cell::date(c.created));
    row.push_back(c.closed_on.empty() ? Cell::null() : Cell::date(c.closed_on));
    t.add_row(std::move(row));
    const auto& level = c.get("level");
    if (level == "confidential" || level == "secret") {
      audit(db, session, "export", c.archive_no, level);
      ++restricted;
    }
  }
  if (session.unmask) audit(db, session, "unmask", "", fmt::format("export,{} rows", found.size()));
  if (session.unmask || restricted > 0) tx.commit();
  return t;
}

}  // namespace archive::app
