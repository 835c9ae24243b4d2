// Evaluation of `archive grade --auto` rules: the per-customer facts (the customer_facts
// view plus, built at run time, a grade_<scheme> column per grade scheme and a column per int
// or money custom field) and a rule's `when` condition over them, read-only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "archive/store/db.h"
#include "archive/store/readonly.h"

namespace archive::store {

// What the configuration adds to the facts.
struct FactsShape {
  std::vector<std::string> schemes;  // a column grade_<scheme>: the current code or NULL
  struct Field {
    std::string name;
    bool money = false;  // money: REAL (yuan); int: INTEGER
  };
  std::vector<Field> fields;  // a column per field, named as the field
};

// An active customer for whom a rule's condition holds.
struct RuleMatch {
  std::int64_t customer_id = 0;
  std::string archive_no;
  std::string current;  // the current grade of the rule's scheme; empty: none
};

class RuleFacts {
 public:
  // Learns what the facts read; call inside the caller's transaction.
  RuleFacts(Db& db, FactsShape shape);

  // The active customers (archive-number order) for whom `when` holds, each with its
  // current grade of `scheme`. `when` runs through the read-only runner: an SQL error or
  // anything but reading the facts throws Error(kConfig, "<context>: <SQLite's message>").
  std::vector<RuleMatch> match(const std::string& scheme, const std::string& when,
                               const std::string& context);

  // The column names of the facts, in order.
  std::vector<std::string> columns();

 private:
  FactsShape shape_;
  std::string cte_;
  std::vector<QueryParam> params_;
  ReadOnlyRunner runner_;
};

}  // namespace archive::store
