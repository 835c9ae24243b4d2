// The facts of grade rules as a CTE over the customer_facts view, and rule conditions run
// over it through the read-only runner.
#include "archive/store/rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace archive::store {

namespace {

// An identifier for SQL text: double-quoted, quotes doubled. Names come from the config;
// values are always bound.
std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The columns of the customer_facts view (schema.cpp), which added columns may not shadow.
constexpr std::string_view kFactsColumns[] = {"customer_id",
                                              "archive_no",
                                              "kind",
                                              "status",
                                              "owner",
                                              "source",
                                              "region",
                                              "created",
                                              "last_contact",
                                              "last_visit",
                                              "next_due",
                                              "claim_start",
                                              "days_since_contact",
                                              "days_since_created",
                                              "follow_ups_30_days",
                                              "follow_ups_90_days",
                                              "follow_ups_365_days",
                                              "complaints_30_days",
                                              "complaints_90_days",
                                              "complaints_365_days",
                                              "open_complaints"};

}  // namespace

RuleFacts::RuleFacts(Db& db, FactsShape shape)
    : shape_(std::move(shape)), runner_(db, {"customer_facts"}) {
  std::set<std::string> taken(std::begin(kFactsColumns), std::end(kFactsColumns));
  std::string columns;
  for (std::size_t i = 0; i < shape_.schemes.size(); ++i) {
    const auto name = "grade_" + shape_.schemes[i];
    if (!taken.insert(name).second) continue;
    const auto param = fmt::format(":scheme_{}", i);
    columns += fmt::format(
        ",\n       (SELECT g.code FROM customer_grade g\n"
        "         WHERE g.customer_id = f.customer_id AND g.scheme = {}) AS {}",
        param, quoted(name));
    params_.emplace_back(param, shape_.schemes[i]);
  }
  for (std::size_t i = 0; i < shape_.fields.size(); ++i) {
    const auto& field = shape_.fields[i];
    if (!taken.insert(field.name).second) continue;  // a fact of the view wins
    const auto param = fmt::format(":field_{}", i);
    columns += fmt::format(
        ",\n       (SELECT CAST(v.value AS {}) FROM custom_value v\n"
        "         WHERE v.customer_id = f.customer_id AND v.field = {}) AS {}",
        field.money ? "REAL" : "INTEGER", param, quoted(field.name));
    params_.emplace_back(param, field.name);
  }
  cte_ = fmt::format(R"SQL(WITH facts AS (
SELECT f.*{}
  FROM customer_facts f
 WHERE f.status = 'active'
)
)SQL",
                     columns);
  runner_.allow_reads_of(cte_ + "SELECT * FROM facts");
}

std::vector<std::string> RuleFacts::columns() {
  return runner_.run(cte_ + "SELECT * FROM facts WHERE 0", params_, "facts").columns;
}

std::vector<RuleMatch> RuleFacts::match(const std::string& scheme, const std::string& when,
                                        const std::string& context) {
  // The condition stands alone between parentheses and line breaks, so a trailing comment
  // or an unbalanced parenthesis in it is an SQL error, not a change of meaning.
  const auto grade_column =
      std::find(shape_.schemes.begin(), shape_.schemes.end(), scheme) == shape_.schemes.end()
          ? std::string("NULL")
          : quoted("grade_" + scheme);
  const std::string sql = cte_ + fmt::format(R"SQL(SELECT customer_id, archive_no, {}
  FROM facts
 WHERE (
{}
)
 ORDER BY archive_no
)SQL",
                                             grade_column, when);
  auto result = runner_.run(sql, params_, context);
  std::vector<RuleMatch> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    RuleMatch m;
    if (const auto* id = std::get_if<std::int64_t>(&row[0])) m.customer_id = *id;
    if (const auto* no = std::get_if<std::string>(&row[1])) m.archive_no = *no;
    if (const auto* code = std::get_if<std::string>(&row[2])) m.current = *code;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace archive::store
