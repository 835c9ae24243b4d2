// Use cases of the customer card: init, add, show, find, edit, close, reopen, log.
// Each loads through the store, decides with the domain, and writes and audits in one
// transaction; each returns neutral tables or identifiers, never text for a terminal.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/app/session.h"
#include "archive/domain/check.h"
#include "archive/domain/fields.h"
#include "archive/report/table.h"
#include "archive/store/audit.h"
#include "archive/store/customers.h"

namespace archive::app {

// A "[SCHEME:]CODE" reference resolved against the config's grade schemes.
struct GradeRef {
  std::string scheme;
  std::string code;
};
// Resolves "A", "a", "intent:H", a grade label ("贵宾客户") or "VIP" (the grade labelled
// 贵宾客户); an unknown scheme or code is
// refused (65) with the valid codes listed.
GradeRef resolve_grade(const config::Config& config, const std::string& text);

// How a field is named in messages: custom fields by their label, built-in ones by key
// (translated to the Chinese label by the zh_CN catalogue).
std::string field_display_name(const domain::FieldDef& def);
// "手机: 1381234 is not a mobile number" (the value left out when empty).
std::string invalid_value_message(const domain::FieldDef& def, std::string_view value,
                                  const std::string& problem);
// Checks one card value as `add`, `edit` and `import` do: domain::check_field, and an owner
// typed as an OS login becomes its [staff] display name.
domain::Checked check_card_value(const Session& session, const domain::FieldDef& def,
                                 std::string_view raw);
// The next generated archive number of `region`: numbers from `next_seq` in the configured
// pattern, skipping those `taken` (given explicitly before).
std::string generate_archive_no(const Session& session, const std::string& region,
                                const std::function<std::int64_t()>& next_seq,
                                const std::function<bool(const std::string&)>& taken);

// Creates the database (or migrates an existing one). Returns true when it was created.
bool init_database(const Session& session);

struct AddRequest {
  // Field key -> raw value as typed, for built-in and custom fields (`--set` included).
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<std::string> grades;  // "[SCHEME:]CODE"
  std::string archive_no;           // --no: kept if free and well-formed
  bool duplicate_ok = false;        // register even if an active archive has the mobile
};
// Registers a customer; returns the archive number.
std::string add_customer(const Session& session, const AddRequest& request);

// `find`: the first column is archive_no.
report::Table find_customers(const Session& session, const store::CustomerFilter& filter);

// `show`: the card, then its grade history and field history.
std::vector<report::Table> show_customer(const Session& session, const std::string& archive_no);

struct EditResult {
  std::vector<std::string> changed;  // field keys that really changed
};
// `edit NO --set FIELD=VALUE...`: fields by key or label; old and new values go to the field
// history. Setting what is already there changes nothing.
EditResult edit_customer(const Session& session, const std::string& archive_no,
                         const std::vector<std::pair<std::string, std::string>>& sets,
                         const std::string& reason, bool duplicate_ok);

// `close` (active -> closed: the retention clock starts) and `reopen` (closed -> active).
void close_customer(const Session& session, const std::string& archive_no,
                    const std::string& reason);
// Reopening applies the first-registration rule to the archive's mobile again.
void reopen_customer(const Session& session, const std::string& archive_no,
                     const std::string& reason, bool duplicate_ok);

// `log`: the audit trail, oldest first.
report::Table audit_trail(const Session& session, const store::AuditFilter& filter);

// Splits "FIELD=VALUE" (64 when there is no '=').
std::pair<std::string, std::string> split_assignment(const std::string& text);

}  // namespace archive::app
