// The validation rules of every typed card value, shared by add, edit and import.
#include "archive/domain/check.h"

#include "archive/i18n.h"  // N_ only: problems are translated by the caller

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "archive/domain/fields.h"
#include "archive/domain/text.h"

namespace archive::domain {
namespace {

// Problem texts are gettext msgids: keep them fixed strings so one translation fits all.
constexpr const char* kEmpty = N_("must not be empty");
constexpr const char* kMasked = N_("is masked; export with --unmask to get the full number");
constexpr const char* kNotMobile = N_("is not a mobile number");
constexpr const char* kNotPhone = N_("is not a phone number");
constexpr const char* kIdLength = N_("is not 18 characters");
constexpr const char* kIdChars = N_("may hold only digits and a final X");
constexpr const char* kIdCheck = N_("has a wrong check digit");
constexpr const char* kIdNotReal = N_("holds a birth date that is not a real day");
constexpr const char* kIdFuture = N_("holds a birth date in the future");
constexpr const char* kIdTooOld = N_("holds a birth date before 1900");
constexpr const char* kCreditLength = N_("is not 18 characters");
constexpr const char* kCreditChars = N_("holds a character not used in credit codes");
constexpr const char* kCreditCheck = N_("has a wrong check character");
constexpr const char* kNotEmail = N_("is not an e-mail address");
constexpr const char* kNotDate = N_("is not a date");
constexpr const char* kFuture = N_("is in the future");
constexpr const char* kNotInteger = N_("is not a whole number");
constexpr const char* kOutOfRange = N_("is out of range");
constexpr const char* kNotMoney = N_("is not an amount of money");
constexpr const char* kTooManyDecimals = N_("has more than two decimals");
constexpr const char* kNotPostcode = N_("is not a postcode");
constexpr const char* kNotRegion = N_("is not a region code");
constexpr const char* kNotArchiveNo = N_("is not an archive number");
constexpr const char* kNotFlag = N_("is not yes or no");

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// Every checker sees the value the way a clerk means it: full-width forms folded, the
// white space an editor or spreadsheet leaves around it gone.
std::string prepare(std::string_view text) { return trim(nfkc(text)); }

std::string without(std::string_view s, std::string_view drop) {
  std::string out;
  for (char c : s) {
    if (drop.find(c) == std::string_view::npos) out += c;
  }
  return out;
}

// Digits with optional "," thousands separators, grouped by three -> the bare digits.
std::optional<std::string> grouped_digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (s.find(',') == std::string_view::npos) {
    if (!all_digits(s)) return std::nullopt;
    return std::string(s);
  }
  std::string digits;
  std::size_t pos = 0;
  bool first = true;
  while (true) {
    const std::size_t comma = s.find(',', pos);
    const std::string_view group =
        s.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    const bool size_ok = first ? (!group.empty() && group.size() <= 3) : group.size() == 3;
    if (!size_ok || !all_digits(group)) return std::nullopt;
    digits += group;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
    first = false;
  }
  return digits;
}

std::string strip_leading_zeros(std::string_view digits) {
  const std::size_t first = digits.find_first_not_of('0');
  if (first == std::string_view::npos) return "0";
  return std::string(digits.substr(first));
}

// True when the bare digits (no leading zeros) do not exceed `limit`'s digits.
bool fits(std::string_view digits, std::string_view limit) {
  if (digits.size() != limit.size()) return digits.size() < limit.size();
  return digits <= limit;
}

const std::vector<EnumValue>& kinds() {
  static const std::vector<EnumValue> values = {
      {"individual", "个人", {"person", "个人客户"}},
      {"company", "普通公司", {"公司", "企业"}},
      {"government", "政府机构", {"政府", "gov"}},
      {"special", "特殊公司", {}},
      {"partner", "交易伙伴", {"伙伴"}},
  };
  return values;
}

const std::vector<EnumValue>& genders() {
  static const std::vector<EnumValue> values = {
      {"male", "男", {"m", "男性"}},
      {"female", "女", {"f", "女性"}},
  };
  return values;
}

const std::vector<EnumValue>& sources() {
  static const std::vector<EnumValue> values = {
      {"walk-in", "来店", {"walk_in", "walkin", "到店"}},
      {"phone", "来电", {"call", "电话"}},
      {"referral", "转介绍", {"介绍"}},
      {"exhibition", "展会", {}},
      {"web", "网络", {"online", "网站", "internet"}},
      {"cold-call", "陌拜", {"cold_call", "coldcall", "陌生拜访"}},
      {"other", "其他", {"其它"}},
  };
  return values;
}

const std::vector<EnumValue>& levels() {
  static const std::vector<EnumValue> values = {
      {"public", "普通", {"公开"}},
      {"internal", "内部", {}},
      {"confidential", "机密", {}},
      {"secret", "绝密", {}},
  };
  return values;
}

const std::vector<EnumValue>& statuses() {
  static const std::vector<EnumValue> values = {
      {"active", "在档", {"正常"}},
      {"closed", "已结档", {"结档", "关闭"}},
      {"destroyed", "已销毁", {"销毁"}},
  };
  return values;
}

}  // namespace

Checked check_mobile(std::string_view text) {
  const std::string s = prepare(text);
  if (s.empty()) return Checked::invalid(kEmpty);
  if (looks_masked(s)) return Checked::invalid(kMasked);
  std::string n = without(s, " \t-()");
  bool international = false;
  if (n.starts_with("+86")) {
    n.erase(0, 3);
  } else if (n.starts_with("0086")) {
    n.erase(0, 4);
  } else if (n.starts_with('+')) {
    n.erase(0, 1);
    international = true;
  } else if (n.starts_with("00")) {
    n.erase(0, 2);
    international = true;
  }
  if (international) {
    // E.164: country codes never start with 0, and the whole number is at most 15 digits.
    if (n.size() < 8 || n.size() > 15 || !all_digits(n) || n[0] == '0') {
      return Checked::invalid(kNotMobile);
    }
    return Checked::valid("+" + n);
  }
  if (n.size() != 11 || !all_digits(n) || n[0] != '1' || n[1] < '3') {
    return Checked::invalid(kNotMobile);
  }
  return Checked::valid(n);
}

Checked check_phone(std::string_view text) {
  const std::string s = prepare(text);
  if (s.empty()) return Checked::invalid(kEmpty);
  const std::string lower = ascii_lower(s);
  constexpr std::string_view kSeparators = " \t-()";
  constexpr std::array<std::string_view, 4> kExtensionMarks = {"转", "ext.", "ext", "x"};

  std::string number;
  std::string extension;
  std::size_t pos = 0;
  if (lower.starts_with('+')) {
    number += '+';
    ++pos;
  }
  bool in_extension = false;
  while (pos < lower.size()) {
    const char c = lower[pos];
    if (is_digit(c)) {
      (in_extension ? extension : number) += c;
      ++pos;
      continue;
    }
    if (kSeparators.find(c) != std::string_view::npos || (in_extension && c == ':')) {
      ++pos;
      continue;
    }
    if (in_extension) return Checked::invalid(kNotPhone);
    bool marked = false;
    for (std::string_view mark : kExtensionMarks) {
      if (std::string_view(lower).substr(pos).starts_with(mark)) {
        pos += mark.size();
        marked = true;
        break;
      }
    }
    if (!marked) return Checked::invalid(kNotPhone);
    in_extension = true;
  }
  const std::size_t digits = number.size() - (number.starts_with('+') ? 1 : 0);
  if (digits < 5 || digits > 20) return Checked::invalid(kNotPhone);
  if (in_extension) {
    if (extension.empty() || extension.size() > 8) return Checked::invalid(kNotPhone);
    number += "-" + extension;
  }
  return Checked::valid(number);
}

// GB 11643 check: ISO 7064 MOD 11-2 written out here; no packaged library computes it.
Checked check_id_number(std::string_view text, Date today) {
  const std::string s = ascii_upper(prepare(text));
  if (s.empty()) return Checked::invalid(kEmpty);
  if (looks_masked(s)) return Checked::invalid(kMasked);
  if (s.size() != 18) return Checked::invalid(kIdLength);
  const std::string_view body = std::string_view(s).substr(0, 17);
  const char last = s[17];
  if (!all_digits(body) || !(is_digit(last) || last == 'X')) return Checked::invalid(kIdChars);

  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                   3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr std::string_view kCheckChars = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < body.size(); ++i) sum += (body[i] - '0') * kWeights[i];
  if (kCheckChars[static_cast<std::size_t>(sum % 11)] != last) return Checked::invalid(kIdCheck);

  const auto number = [&](std::size_t at, std::size_t n) {
    int value = 0;
    for (std::size_t i = at; i < at + n; ++i) value = value * 10 + (s[i] - '0');
    return value;
  };
  const auto birth = Date::from_ymd(number(6, 4), number(10, 2), number(12, 2));
  if (!birth) return Checked::invalid(kIdNotReal);
  if (birth->year() < 1900) return Checked::invalid(kIdTooOld);
  if (*birth > today) return Checked::invalid(kIdFuture);
  return Checked::valid(s);
}

// GB 32100 check: the MOD 31 scheme written out here; no packaged library computes it.
Checked check_credit_code(std::string_view text) {
  const std::string s = ascii_upper(prepare(text));
  if (s.empty()) return Checked::invalid(kEmpty);
  if (s.size() != 18) return Checked::invalid(kCreditLength);
  static constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr std::array<int, 17> kWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                   29, 25, 13, 8,  24, 10, 30, 28};
  std::array<int, 18> values{};
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::size_t at = kCharset.find(s[i]);
    if (at == std::string_view::npos) return Checked::invalid(kCreditChars);
    values[i] = static_cast<int>(at);
  }
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) sum += values[i] * kWeights[i];
  const int check = (31 - sum % 31) % 31;
  if (values[17] != check) return Checked::invalid(kCreditCheck);
  return Checked::valid(s);
}

Checked check_email(std::string_view text) {
  const std::string s = prepare(text);
  if (s.empty()) return Checked::invalid(kEmpty);
  const std::size_t at = s.find('@');
  if (at == std::string::npos || s.find('@', at + 1) != std::string::npos) {
    return Checked::invalid(kNotEmail);
  }
  const std::string_view local = std::string_view(s).substr(0, at);
  const std::string domain = ascii_lower(std::string_view(s).substr(at + 1));
  const auto has_space_or_control = [](std::string_view part) {
    for (char c : part) {
      const auto u = static_cast<unsigned char>(c);
      if (u <= 0x20 || u == 0x7f) return true;
    }
    return false;
  };
  if (local.empty() || has_space_or_control(local) || has_space_or_control(domain)) {
    return Checked::invalid(kNotEmail);
  }
  const std::size_t dot = domain.find('.');
  if (dot == std::string::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string::npos) {
    return Checked::invalid(kNotEmail);
  }
  return Checked::valid(std::string(local) + "@" + domain);
}

Checked check_date(std::string_view text) {
  if (prepare(text).empty()) return Checked::invalid(kEmpty);
  const auto date = parse_date(text);
  if (!date) return Checked::invalid(kNotDate);
  return Checked::valid(date->iso());
}

Checked check_past_date(std::string_view text, Date today) {
  if (prepare(text).empty()) return Checked::invalid(kEmpty);
  const auto date = parse_date(text);
  if (!date) return Checked::invalid(kNotDate);
  if (*date > today) return Checked::invalid(kFuture);
  return Checked::valid(date->iso());
}

Checked check_integer(std::string_view text) {
  const std::string s = prepare(text);
  if (s.empty()) return Checked::invalid(kEmpty);
  std::string_view rest = s;
  bool negative = false;
  if (rest.starts_with('+') || rest.starts_with('-')) {
    negative = rest.front() == '-';
    rest.remove_prefix(1);
  }
  const auto digits = grouped_digits(rest);
  if (!digits) return Checked::invalid(kNotInteger);
  const std::string bare = strip_leading_zeros(*digits);
  // int64 holds one more negative value than positive ones.
  if (!fits(bare, negative ? "9223372036854775808" : "9223372036854775807")) {
    return Checked::invalid(kOutOfRange);
  }
  if (bare == "0") return Checked::valid("0");
  return Checked::valid(negative ? "-" + bare : bare);
}

Checked check_money(std::string_view text) {
  const std::string s = prepare(text);
  if (s.empty()) return Checked::invalid(kEmpty);
  // NFKC has already folded the full-width ￥ into ¥.
  constexpr std::string_view kYen = "\u00a5";
  constexpr std::string_view kYuan = "元";
  std::string_view rest = s;
  bool negative = false;
  const auto take_sign = [&] {
    if (negative || !(rest.starts_with('+') || rest.starts_with('-'))) return false;
    negative = rest.front() == '-';
    rest.remove_prefix(1);
    return true;
  };
  const auto skip_spaces = [&] {
    while (rest.starts_with(' ')) rest.remove_prefix(1);
  };
  const bool signed_first = take_sign();
  if (rest.starts_with(kYen)) {
    rest.remove_prefix(kYen.size());
    skip_spaces();
    if (!signed_first) take_sign();
  }
  if (rest.ends_with(kYuan)) {
    rest.remove_suffix(kYuan.size());
    while (rest.ends_with(' ')) rest.remove_suffix(1);
  }
  std::string_view whole = rest;
  std::string_view fraction;
  const std::size_t point = rest.find('.');
  if (point != std::string_view::npos) {
    whole = rest.substr(0, point);
    fraction = rest.substr(point + 1);
    if (fraction.empty() || !all_digits(fraction)) return Checked::invalid(kNotMoney);
  }
  const auto digits = grouped_digits(whole);
  if (!digits) return Checked::invalid(kNotMoney);
  if (fraction.size() > 2) return Checked::invalid(kTooManyDecimals);
  const std::string bare = strip_leading_zeros(*digits);
  // Amounts are stored in fen by the callers: keep them well inside int64.
  if (bare.size() > 15) return Checked::invalid(kOutOfRange);
  std::string cents(fraction);
  cents.resize(2, '0');
  if (bare == "0" && cents == "00") return Checked::valid("0.00");
  return Checked::valid((negative ? "-" : "") + bare + "." + cents);
}

Checked check_postcode(std::string_view text) {
  const std::string s = prepare(text);
  if (s.empty()) return Checked::invalid(kEmpty);
  if (s.size() != 6 || !all_digits(s)) return Checked::invalid(kNotPostcode);
  return Checked::valid(s);
}

Checked check_flag(std::string_view text) {
  const std::string s = ascii_lower(prepare(text));
  if (s.empty()) return Checked::invalid(kEmpty);
  if (s == "yes" || s == "true" || s == "1" || s == "是") return Checked::valid("1");
  if (s == "no" || s == "false" || s == "0" || s == "否") return Checked::valid("0");
  return Checked::invalid(kNotFlag);
}

Checked check_region(std::string_view text) {
  const std::string s = prepare(text);
  if (s.empty()) return Checked::invalid(kEmpty);
  if (s.size() > 8) return Checked::invalid(kNotRegion);
  for (char c : s) {
    if (!is_alnum(c)) return Checked::invalid(kNotRegion);
  }
  return Checked::valid(ascii_upper(s));
}

Checked check_archive_no(std::string_view text) {
  const std::string s = prepare(text);
  if (s.empty()) return Checked::invalid(kEmpty);
  if (s.size() > 32 || s.front() == '-' || s.back() == '-' || s.find("--") != std::string::npos) {
    return Checked::invalid(kNotArchiveNo);
  }
  for (char c : s) {
    if (!is_alnum(c) && c != '-') return Checked::invalid(kNotArchiveNo);
  }
  return Checked::valid(ascii_upper(s));
}

const std::vector<EnumValue>& enum_values(EnumKind kind) {
  switch (kind) {
    case EnumKind::kKind:
      return kinds();
    case EnumKind::kGender:
      return genders();
    case EnumKind::kSource:
      return sources();
    case EnumKind::kLevel:
      return levels();
    case EnumKind::kStatus:
      return statuses();
  }
  return kinds();
}

Checked check_enum(EnumKind kind, std::string_view text) {
  const std::string s = prepare(text);
  if (s.empty()) return Checked::invalid(kEmpty);
  const std::string wanted = ascii_lower(s);
  std::string codes;
  for (const EnumValue& value : enum_values(kind)) {
    if (wanted == value.code || wanted == value.label) return Checked::valid(value.code);
    for (const std::string& alias : value.aliases) {
      if (wanted == ascii_lower(alias)) return Checked::valid(value.code);
    }
    codes += (codes.empty() ? "" : ", ") + value.code;
  }
  // The list after the colon is data, not text: callers translate "is not one of: {}"
  // and append the codes, which scripts must type as they are.
  return Checked::invalid(fmt::format("is not one of: {}", codes));
}

std::string enum_label(EnumKind kind, std::string_view code) {
  for (const EnumValue& value : enum_values(kind)) {
    if (value.code == code) return value.label;
  }
  return std::string(code);
}

}  // namespace archive::domain
