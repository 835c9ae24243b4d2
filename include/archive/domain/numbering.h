// Archive numbers from the configured pattern, and the other identifiers (L-, F-, B-).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "archive/domain/date.h"

namespace archive::domain {

// Why a number pattern cannot be used, or nothing when it is good. Placeholders:
// {region}, {seq} or {seq:0N} (zero-padded to at least N digits; the width is a minimum,
// never a limit), {year} (the business year). {seq} must appear exactly once; literal
// parts may hold only ASCII letters, digits and hyphens.
std::optional<std::string> pattern_problem(std::string_view pattern);

// Expands a valid pattern: ("{region}-{seq:06}", "SH", 123) -> "SH-000123".
std::string format_archive_no(std::string_view pattern, std::string_view region, std::int64_t seq,
                              Date today);

// The region an explicit archive number was made for: when the (upper-case) number has the
// shape of the (valid) pattern, the part standing at {region}. Nothing when the pattern has
// no {region} or the number does not have its shape (an old system's number).
std::optional<std::string> region_of_archive_no(std::string_view pattern,
                                                std::string_view archive_no);

// Global identifiers: ("L", 17, 6) -> "L-000017".
std::string format_id(std::string_view prefix, std::int64_t n, int width = 6);

}  // namespace archive::domain
