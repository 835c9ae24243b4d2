// The queries of `archive report`: one aggregate per built-in report, counted per day (the
// use case puts days into buckets), and custom reports run read-only over the public views.
// Built-in reports read base tables; each query applies the customer filter of `find`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "archive/store/customers.h"
#include "archive/store/db.h"
#include "archive/store/readonly.h"

namespace archive::store {

// The period of a report: ISO dates, both ends inclusive.
struct ReportSpan {
  std::string from;
  std::string to;
};

// summary: customers of one kind with one grade of a scheme (empty: none). Only the stock
// is split by grade: created, closed and destroyed count the whole kind, on its row without
// a grade, and are 0 on the rows with one.
struct KindGradeCount {
  std::string kind;
  std::string grade;
  std::int64_t stock = 0;      // with status `stock_status` now
  std::int64_t created = 0;    // registered in the period (any status now)
  std::int64_t closed = 0;     // closed in the period (closed now)
  std::int64_t destroyed = 0;  // destroyed in the period
};

// A count on one day for one rep and one value (channel, source …).
struct DayCount {
  std::string day;
  std::string owner;  // empty: none
  std::string value;  // empty: none
  std::int64_t count = 0;
};

struct GradeMove {
  std::string from_code;  // empty: none
  std::string to_code;    // empty: removed
  std::int64_t count = 0;
};

struct CodeCount {
  std::string code;
  std::int64_t count = 0;
};

// complaints made on one day with one severity, in one state now.
struct ComplaintCount {
  std::string day;
  std::string severity;
  std::string state;
  std::int64_t count = 0;
  std::int64_t days_to_close_sum = 0;  // closed ones: closed_on - contact date
  std::int64_t days_to_close_max = 0;
};

struct DeptLoans {
  std::string dept;
  std::int64_t lent = 0;      // loans made in the period
  std::int64_t returned = 0;  // loans whose last material came back in the period
  std::int64_t open = 0;      // out at the end of the period
  std::int64_t overdue = 0;   // out at the end of the period and due before it
};

// What comes to the end of its retention: a material, or a closed archive.
struct RetentionItem {
  bool archive = false;
  std::string item;  // NO/N or NO
  std::string archive_no;
  std::string kind;  // the material kind; the archive's kind
  std::int64_t pages = 0;
  std::int64_t materials = 0;  // a closed archive: its materials not destroyed
  std::string level;
  std::string retention_end;  // materials; archives: their closing date (see below)
  std::string owner;
  bool on_loan = false;
  bool on_hold = false;
};

struct DestructionEntry {
  std::string run;
  std::string archive_no;
  std::string item;
  std::string material_kinds;
  std::int64_t pages = 0;
  bool has_pages = false;
  std::string retention_end;
  std::string reason;
  std::string approver;
  std::string op;
  std::string destroyed_on;
};

struct OwnerCounts {
  std::string owner;  // empty: customers without an owner (the pool)
  std::int64_t customers = 0;
  std::int64_t created = 0;
  std::int64_t contacted = 0;
  std::int64_t due = 0;
  std::int64_t overdue = 0;
  std::int64_t lapsed = 0;
};

struct BirthdayCustomer {
  std::string archive_no;
  std::string name;
  std::string birthday;
  std::string mobile;
  std::string owner;
};

class ReportRepo {
 public:
  // `filter`: the find filters (text and limit are not used here). An empty status does
  // not filter.
  ReportRepo(Db& db, CustomerFilter filter) : db_(db), filter_(std::move(filter)) {}

  // Customers per kind and grade of `scheme`: those with status `stock_status` now, and
  // those registered, closed and destroyed in the period. Every kind of a filtered customer
  // has a row without a grade (zeros included); a grade has a row where it has stock. Runs
  // several statements, so the caller holds a read Transaction for one snapshot.
  std::vector<KindGradeCount> kind_grade_counts(const std::string& scheme,
                                                const std::string& stock_status,
                                                const ReportSpan& span);
  // Follow-ups recorded in the period per contact date, operator and channel.
  std::vector<DayCount> follow_ups_done(const ReportSpan& span);
  // Active customers whose next follow-up falls in the period, per due date and owner.
  std::vector<DayCount> follow_ups_scheduled(const ReportSpan& span);
  // Changes of the grade of `scheme` in the period, per from and to code.
  std::vector<GradeMove> grade_moves(const std::string& scheme, const ReportSpan& span);
  // Active customers per current code of `scheme`.
  std::vector<CodeCount> grade_counts(const std::string& scheme);
  // Customers registered in the period per creation date, owner and source channel.
  std::vector<DayCount> new_by_source(const ReportSpan& span);
  // Complaints made in the period per contact date, severity and state.
  std::vector<ComplaintCount> complaints(const ReportSpan& span);
  // Loans per department (see DeptLoans).
  std::vector<DeptLoans> loans_by_dept(const ReportSpan& span);
  // Materials not destroyed, of archives not destroyed, whose retention ends in the period.
  std::vector<RetentionItem> materials_ending(const ReportSpan& span);
  // Closed archives closed in [closed.from, closed.to] (the caller computes when their
  // retention ends, and keeps those in the period).
  std::vector<RetentionItem> closed_archives(const ReportSpan& closed);
  // The destruction register (the destructions view) for the period, in register order.
  std::vector<DestructionEntry> destructions(const ReportSpan& span);
  // Per owner: active customers, new in the period, active customers last contacted in the
  // period, due on or before `today`, overdue (before `today`), and claims started on or
  // before `claim_cutoff`.
  std::vector<OwnerCounts> owner_counts(const ReportSpan& span, const std::string& today,
                                        const std::string& claim_cutoff);
  // Active customers whose birthday's "MM-DD" lies in [from, to].
  std::vector<BirthdayCustomer> birthdays_between(const std::string& from, const std::string& to);

 private:
  Statement prepare(std::string_view sql);
  bool filtering() const;  // whether any filter is set
  Db& db_;
  CustomerFilter filter_;
};

// The public views custom reports may read (SPEC.md), in documentation order.
const std::vector<std::string>& public_views();

// Runs a custom report's SQL: read-only, over the public views only. On this connection it
// defines TEMP views of the public names that read main's views with mobile and ID numbers
// masked (unless `unmask`), through SQL functions defined on this connection only, so the
// database file itself stays readable by any sqlite3 shell. The SQL may name only those
// TEMP views (never main's views or base tables), may not give a CTE or window the name of
// a view, and runs under ReadOnlyRunner. Named parameters are bound from `params`. Every
// refusal and SQL error is Error(kConfig, "custom report NAME: …").
QueryResult run_custom_report(Db& db, const std::string& name, const std::string& sql,
                              const std::vector<QueryParam>& params, bool unmask);

}  // namespace archive::store
