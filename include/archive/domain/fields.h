// The fields of a customer card, built in and declared in the config, and how each is
// checked. Keys are stable English names used in CSV/JSON, `--set KEY=VALUE` and history.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/domain/check.h"
#include "archive/domain/date.h"

namespace archive::domain {

enum class FieldType {
  kText,
  kInteger,
  kDate,      // any date
  kPastDate,  // a date not after today (birthday)
  kMoney,
  kEnum,  // custom enum: one of FieldDef::values
  kMobile,
  kPhone,
  kIdNumber,
  kCreditCode,
  kEmail,
  kPostcode,
  kRegion,
  kKind,  // the built-in value lists
  kGender,
  kSource,
  kLevel,
  kFlag,  // yes/no (check_flag): "1" when set; "no" checks as "" (no value, stored as 0)
};

struct FieldDef {
  std::string key;    // "mobile", or a custom field's name ("spouse")
  std::string label;  // Chinese label shown in tables: "手机"
  FieldType type = FieldType::kText;
  std::vector<std::string> values;  // kEnum only
  bool custom = false;              // declared in [fields.*] of the config
  bool sensitive = false;           // mobile and ID numbers: masked unless --unmask
  bool editable = true;             // `edit --set` may change it (name yes; created no)
};

// The built-in fields in card order: name, kind, gender, birthday, id_number, company,
// credit_code, title, legal_rep, mobile, phone, fax, email, website, address, postcode,
// region, owner, source, level, note, sms_opt_out (退订: no messages, a kFlag). (status, created
// and the archive number are kept by the commands themselves, not set as fields.)
const std::vector<FieldDef>& builtin_fields();

// Finds a field by key or by label among the built-in ones and `custom`.
std::optional<FieldDef> find_field(std::string_view key_or_label,
                                   const std::vector<FieldDef>& custom);

// Checks and normalises one raw value for a field. Text is NFKC'd only for the typed kinds;
// free text (names, notes, addresses) is kept as typed but trimmed and must not be empty
// for `name`. An empty value after trimming is returned valid and empty: "no value".
Checked check_field(const FieldDef& field, std::string_view raw, Date today);

// Masks for tables and reports: "138****8000", "+852****4567", "110105********002X".
std::string mask_mobile(std::string_view canonical);
std::string mask_id_number(std::string_view canonical);
// True when a value looks masked (has a run of '*'): such values are never accepted.
bool looks_masked(std::string_view text);

}  // namespace archive::domain
