// Validation and normalisation of every value a customer card holds. The one place these
// rules live: `add`, `edit` and `import` all call through here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "archive/domain/date.h"

namespace archive::domain {

// The outcome of checking one value: its canonical form, or why it is not valid.
// `problem` is an English message fragment that reads after the value ("is not a mobile
// number"); it is a gettext msgid, translated by the caller through tr().
struct Checked {
  std::string value;
  std::string problem;
  bool ok() const { return problem.empty(); }
  static Checked valid(std::string v) { return {std::move(v), {}}; }
  static Checked invalid(std::string why) { return {{}, std::move(why)}; }
};

// Every checker first applies NFKC and trims white space (full-width digits count).
// An empty input is never valid here: callers treat empty as "no value" before checking.

// Mainland mobiles: spaces and hyphens stripped, a +86 / 0086 prefix dropped, then exactly
// 11 digits 1[3-9]xxxxxxxxx -> "13812348000". Other countries only with an explicit
// +CC or 00CC prefix -> E.164 "+85291234567" (8 to 15 digits after the +).
Checked check_mobile(std::string_view text);
// Landline, fax: digits with an optional leading +; separators ( ) - space dropped; an
// extension after 转, ext or x kept as "-NNN". 5 to 20 digits.
Checked check_phone(std::string_view text);
// Resident ID number (GB 11643): 17 digits and a check character (digit or X, upper-cased);
// the ISO 7064 MOD 11-2 check must hold and the embedded birth date must be a real day
// not after `today`. Never compared with the customer's birthday.
Checked check_id_number(std::string_view text, Date today);
// Unified social credit code (GB 32100): 18 characters from 0-9 A-H J-N P-R T U W-Y,
// upper-cased, with the MOD 31 check character.
Checked check_credit_code(std::string_view text);
// E-mail: one @, a local part without spaces, a domain with a dot; the domain lower-cased.
Checked check_email(std::string_view text);
// Any form parse_date() accepts -> ISO "YYYY-MM-DD".
Checked check_date(std::string_view text);
// A date not after `today` (birthdays, filing dates) -> ISO.
Checked check_past_date(std::string_view text, Date today);
// Whole numbers, optional sign, thousands separators "," allowed -> "1234".
Checked check_integer(std::string_view text);
// Money in yuan: optional ¥/￥ sign or 元 suffix, "," separators, at most two decimals
// -> "1234.50".
Checked check_money(std::string_view text);
// Mainland postcode: six digits.
Checked check_postcode(std::string_view text);
// A yes/no flag (sms_opt_out 退订): yes, true, 1, 是 -> "1"; no, false, 0, 否 -> "0"
// (ASCII case ignored).
Checked check_flag(std::string_view text);
// Region code used in archive numbers: 1 to 8 ASCII letters or digits, upper-cased.
Checked check_region(std::string_view text);
// Archive number: ASCII letters, digits and single hyphens between them, at most 32
// characters, upper-cased ("sh-000123" -> "SH-000123").
Checked check_archive_no(std::string_view text);

// The fixed value lists of a card. Each value has a stable English code (stored, used in
// CSV/JSON) and a Chinese label; input may be the code, the label or a listed alias,
// ASCII case-insensitively.
enum class EnumKind { kKind, kGender, kSource, kLevel, kStatus };
struct EnumValue {
  std::string code;
  std::string label;                 // Chinese label, e.g. "个人"
  std::vector<std::string> aliases;  // other accepted spellings, e.g. "person", "个人客户"
};
const std::vector<EnumValue>& enum_values(EnumKind kind);
// -> the code, or invalid with a problem that lists the valid codes.
Checked check_enum(EnumKind kind, std::string_view text);
// The Chinese label of a code; the code itself when unknown.
std::string enum_label(EnumKind kind, std::string_view code);

}  // namespace archive::domain
