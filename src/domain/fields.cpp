// The card's field table and the one dispatch from a field's type to its checker.
#include "archive/domain/fields.h"

#include <fmt/format.h>
#include <utf8proc.h>

#include "archive/domain/text.h"

namespace archive::domain {
namespace {

constexpr std::size_t kLongTextLimit = 1000;
constexpr std::size_t kTextLimit = 200;

FieldDef builtin(std::string key, std::string label, FieldType type, bool sensitive = false,
                 bool editable = true) {
  FieldDef def;
  def.key = std::move(key);
  def.label = std::move(label);
  def.type = type;
  def.sensitive = sensitive;
  def.editable = editable;
  return def;
}

// Free text is kept as typed (no NFKC: a name's full-width letters are the customer's
// choice) but must be printable, so tables, CSV and the terminal stay intact. A note may run
// over several lines (CR LF is stored as LF); tables show its line breaks as spaces.
Checked check_text(const FieldDef& field, const std::string& raw) {
  if (!is_valid_utf8(raw)) return Checked::invalid("is not valid UTF-8");
  const bool multi_line = !field.custom && field.key == "note";
  std::string value = raw;
  if (multi_line) {
    for (auto crlf = value.find("\r\n"); crlf != std::string::npos; crlf = value.find("\r\n")) {
      value.erase(crlf, 1);
    }
  }
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < value.size()) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(value.data() + pos),
                         static_cast<utf8proc_ssize_t>(value.size() - pos), &cp);
    if (utf8proc_category(cp) == UTF8PROC_CATEGORY_CC && !(multi_line && cp == '\n')) {
      return Checked::invalid("holds a control character");
    }
    pos += static_cast<std::size_t>(n);
    ++count;
  }
  const bool long_text = !field.custom && (field.key == "note" || field.key == "address");
  if (long_text && count > kLongTextLimit) {
    return Checked::invalid("is longer than 1000 characters");
  }
  if (!long_text && count > kTextLimit) return Checked::invalid("is longer than 200 characters");
  return Checked::valid(value);
}

Checked check_custom_enum(const FieldDef& field, std::string_view raw) {
  const std::string wanted = trim(nfkc(raw));
  std::string listed;
  for (const std::string& value : field.values) {
    if (trim(nfkc(value)) == wanted) return Checked::valid(value);
    listed += (listed.empty() ? "" : ", ") + value;
  }
  // As for the built-in lists, the part after the colon is data, not a msgid.
  return Checked::invalid(fmt::format("is not one of: {}", listed));
}

std::optional<FieldDef> find_in(const std::vector<FieldDef>& fields, std::string_view wanted,
                                std::string FieldDef::*member) {
  for (const FieldDef& def : fields) {
    if (def.*member == wanted) return def;
  }
  return std::nullopt;
}

}  // namespace

const std::vector<FieldDef>& builtin_fields() {
  using T = FieldType;
  static const std::vector<FieldDef> fields = {
      builtin("name", "姓名", T::kText),
      builtin("kind", "类别", T::kKind),
      builtin("gender", "性别", T::kGender),
      builtin("birthday", "生日", T::kPastDate),
      builtin("id_number", "身份证号", T::kIdNumber, /*sensitive=*/true),
      builtin("company", "公司", T::kText),
      builtin("credit_code", "统一社会信用代码", T::kCreditCode),
      builtin("title", "职务", T::kText),
      builtin("legal_rep", "法定代表人", T::kText),
      builtin("mobile", "手机", T::kMobile, /*sensitive=*/true),
      builtin("phone", "电话", T::kPhone),
      builtin("fax", "传真", T::kPhone),
      builtin("email", "邮箱", T::kEmail),
      builtin("website", "网站", T::kText),
      builtin("address", "地址", T::kText),
      builtin("postcode", "邮编", T::kPostcode),
      // The region is part of the archive number, which never changes.
      builtin("region", "区域", T::kRegion, /*sensitive=*/false, /*editable=*/false),
      builtin("owner", "跟进人", T::kText),
      builtin("source", "来源", T::kSource),
      builtin("level", "密级", T::kLevel),
      builtin("note", "备注", T::kText),
      // Opted out of messages (退订): `follow-up messages` never writes to this customer.
      builtin("sms_opt_out", "退订", T::kFlag),
  };
  return fields;
}

std::optional<FieldDef> find_field(std::string_view key_or_label,
                                   const std::vector<FieldDef>& custom) {
  const std::string wanted = trim(key_or_label);
  // Keys first: a custom label that happens to equal a key must not hide that field.
  for (std::string FieldDef::*member : {&FieldDef::key, &FieldDef::label}) {
    if (auto def = find_in(builtin_fields(), wanted, member)) return def;
    if (auto def = find_in(custom, wanted, member)) return def;
  }
  return std::nullopt;
}

Checked check_field(const FieldDef& field, std::string_view raw, Date today) {
  if (field.type == FieldType::kText) {
    const std::string value = trim(raw);
    if (value.empty()) {
      if (!field.custom && field.key == "name") return Checked::invalid("must not be empty");
      return Checked::valid({});
    }
    return check_text(field, value);
  }
  if (trim(nfkc(raw)).empty()) return Checked::valid({});
  switch (field.type) {
    case FieldType::kText:
      break;
    case FieldType::kInteger:
      return check_integer(raw);
    case FieldType::kDate:
      return check_date(raw);
    case FieldType::kPastDate:
      return check_past_date(raw, today);
    case FieldType::kMoney:
      return check_money(raw);
    case FieldType::kEnum:
      return check_custom_enum(field, raw);
    case FieldType::kMobile:
      return check_mobile(raw);
    case FieldType::kPhone:
      return check_phone(raw);
    case FieldType::kIdNumber:
      return check_id_number(raw, today);
    case FieldType::kCreditCode:
      return check_credit_code(raw);
    case FieldType::kEmail:
      return check_email(raw);
    case FieldType::kPostcode:
      return check_postcode(raw);
    case FieldType::kRegion:
      return check_region(raw);
    case FieldType::kKind:
      return check_enum(EnumKind::kKind, raw);
    case FieldType::kGender:
      return check_enum(EnumKind::kGender, raw);
    case FieldType::kSource:
      return check_enum(EnumKind::kSource, raw);
    case FieldType::kLevel:
      return check_enum(EnumKind::kLevel, raw);
    case FieldType::kFlag: {
      // "no" is the card's "no value", so setting it on a card without the flag changes
      // nothing; the store keeps it as 0.
      auto flag = check_flag(raw);
      if (flag.ok() && flag.value == "0") return Checked::valid({});
      return flag;
    }
  }
  return Checked::valid(trim(raw));
}

// Canonical numbers are ASCII, so slicing by bytes never splits a character. Showing both
// ends only when at least three characters stay hidden keeps short numbers from being
// revealed all but one digit.
std::string mask_mobile(std::string_view canonical) {
  const std::size_t size = canonical.size();
  const std::size_t keep_front = canonical.starts_with('+') ? 4 : 3;
  constexpr std::size_t kKeepBack = 4;
  if (size >= 8 && size >= keep_front + kKeepBack + 3) {
    return fmt::format("{}****{}", canonical.substr(0, keep_front),
                       canonical.substr(size - kKeepBack));
  }
  if (size <= 2) return std::string(size, '*');
  return std::string(size - 2, '*') + std::string(canonical.substr(size - 2));
}

std::string mask_id_number(std::string_view canonical) {
  const std::size_t size = canonical.size();
  if (size >= 12) {
    return std::string(canonical.substr(0, 6)) + std::string(size - 10, '*') +
           std::string(canonical.substr(size - 4));
  }
  if (size <= 2) return std::string(size, '*');
  return std::string(size - 2, '*') + std::string(canonical.substr(size - 2));
}

bool looks_masked(std::string_view text) {
  // Full-width asterisks (＊) fold to '*' under NFKC, so both spellings are caught.
  return nfkc(text).find("**") != std::string::npos;
}

}  // namespace archive::domain
