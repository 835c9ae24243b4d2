// Fuzz target: the value parsers every card field goes through: dates, mobiles, phones,
// ID numbers, credit codes, e-mail, money and the rest of check_field.
#include <string_view>

#include "archive/domain/check.h"
#include "archive/domain/date.h"
#include "archive/domain/fields.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archive::domain;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto today = *parse_date("2026-11-23");
  (void)parse_date(text);
  (void)check_date(text);
  (void)check_past_date(text, today);
  (void)check_mobile(text);
  (void)check_phone(text);
  (void)check_id_number(text, today);
  (void)check_credit_code(text);
  (void)check_email(text);
  (void)check_integer(text);
  (void)check_money(text);
  (void)check_postcode(text);
  (void)check_flag(text);
  (void)check_region(text);
  (void)check_archive_no(text);
  for (const auto& field : builtin_fields()) (void)check_field(field, text, today);
  (void)looks_masked(text);
  return 0;
}
